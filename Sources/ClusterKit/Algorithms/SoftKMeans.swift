import Foundation

/// Soft k-means with stiffness β as a steppable value.
///
/// Responsibilities r_ij = softmax_j(−β·d_ij), d the Euclidean distance (not squared); each step
/// moves every mean to the r-weighted average of the rows. Converged when the total squared mean
/// shift ≤ tol × mean feature variance (the k-means rule). Computed in log space, so it is finite
/// for β from 0 (every mean goes to the data mean) to 1e9 (hard k-means). A mean whose total
/// responsibility underflows to 0 stays where it is.
public struct SoftKMeans: Sendable, Equatable, IterativeFit {
    public struct Configuration: Sendable, Equatable, Hashable, FitConfiguration {
        public var common: CommonFitSettings
        public var beta: Double
        public init(k: Int, beta: Double = 1, initMethod: InitMethod = .kMeansPlusPlus, seed: UInt32 = 0,
                    maxIterations: Int = 300, tolerance: Double = 1e-4) {
            common = CommonFitSettings(k: k, initMethod: initMethod, seed: seed, maxIterations: maxIterations,
                                       tolerance: tolerance)
            self.beta = beta
        }
    }

    public let configuration: Configuration
    public let data: Matrix
    public let absoluteTolerance: Double
    public private(set) var means: Matrix
    /// Nearest mean of each row (= argmax of its responsibilities).
    public private(set) var labels: [Int32]
    /// Σ squared distance of each row to its nearest mean.
    public private(set) var inertia: Double
    public internal(set) var iteration = 0
    public internal(set) var converged = false
    public private(set) var meanShift = 0.0
    public private(set) var changedLabels = 0

    public init(data: Matrix, configuration: Configuration) throws {
        var random = NumPyRandomState(seed: configuration.seed)
        let c = try Initialization.centroids(data, k: configuration.k, method: configuration.initMethod, random: &random)
        self.init(data: data, configuration: configuration, means: c)
    }

    public init(data: Matrix, configuration: Configuration, means: Matrix) {
        precondition(configuration.beta >= 0 && configuration.beta.isFinite, "beta must be finite and ≥ 0")
        self.configuration = configuration
        self.data = data
        self.absoluteTolerance = configuration.tolerance == 0 ? 0 : meanColumnVariance(data) * configuration.tolerance
        self.means = means
        let a = Assignment.compute(data, means)
        labels = a.labels
        inertia = a.inertia
    }

    public var k: Int { configuration.k }
    public var beta: Double { configuration.beta }
    var maxIterations: Int { configuration.maxIterations }

    /// One iteration: responsibilities under the current means, then the weighted means.
    public func step() -> SoftKMeans {
        let n = data.rows, d = data.columns, k = configuration.k, beta = configuration.beta
        let partials: [ClusterSums] = data.values.withUnsafeBufferPointer { x in
            means.values.withUnsafeBufferPointer { m in
                ParallelChunks.map(n) { range -> ClusterSums in
                    var p = ClusterSums(sums: .init(repeating: 0, count: k * d), counts: .init(repeating: 0, count: k))
                    var logits = [Double](repeating: 0, count: k)
                    for i in range {
                        let row = x.baseAddress! + i * d
                        for j in 0..<k { logits[j] = -beta * squaredDistance(row, m.baseAddress! + j * d, d).squareRoot() }
                        let r = softmaxOfLogs(logits)
                        for j in 0..<k where r[j] > 0 {
                            p.counts[j] += r[j]
                            for f in 0..<d { p.sums[j * d + f] += r[j] * row[f] }
                        }
                    }
                    return p
                }
            }
        }
        let newMeans = ClusterSums.combine(partials).weightedMeans(keeping: means)
        var shift = 0.0
        for i in newMeans.values.indices { let t = newMeans.values[i] - means.values[i]; shift += t * t }
        let a = Assignment.compute(data, newMeans)
        var next = self
        next.means = newMeans
        next.changedLabels = zip(labels, a.labels).reduce(0) { $0 + ($1.0 != $1.1 ? 1 : 0) }
        next.labels = a.labels
        next.inertia = a.inertia
        next.iteration = iteration + 1
        next.meanShift = shift
        next.converged = shift <= absoluteTolerance
        return next
    }

    public func run(maxIterations: Int? = nil) -> SoftKMeans {
        run(limit: maxIterations) { $0.step() }
    }
}
