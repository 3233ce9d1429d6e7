/// Lloyd's k-means as a steppable value: each `step()` is one iteration of scikit-learn's `lloyd`.
///
/// State after `step()` number t: `centroids` c_t (the means of the previous labels), `labels` the
/// nearest-centroid assignment to c_t, `inertia` their summed squared distances. Iteration 0 is the
/// initialisation. `iteration` counts exactly as scikit-learn's `n_iter_`.
///
/// Convergence, as scikit-learn: the labels that produced c_t equal those before them (strict), or
/// the total squared centroid shift ‖c_t − c_{t−1}‖² ≤ tol × mean feature variance.
/// An empty cluster is re-seeded at the row farthest from its own centroid.
public struct KMeans: Sendable, Equatable, IterativeFit {
    public struct Configuration: Sendable, Equatable, Hashable, FitConfiguration {
        public var common: CommonFitSettings
        public init(k: Int, initMethod: InitMethod = .kMeansPlusPlus, seed: UInt32 = 0,
                    maxIterations: Int = 300, tolerance: Double = 1e-4) {
            common = CommonFitSettings(k: k, initMethod: initMethod, seed: seed, maxIterations: maxIterations,
                                       tolerance: tolerance)
        }
    }

    public let configuration: Configuration
    public let data: Matrix
    /// `tolerance × mean feature variance`: the threshold on the total squared centroid shift.
    public let absoluteTolerance: Double
    public private(set) var centroids: Matrix
    public private(set) var labels: [Int32]
    public private(set) var inertia: Double
    public internal(set) var iteration: Int = 0
    public internal(set) var converged = false
    /// Σ‖c_t − c_{t−1}‖² of the last step (0 at initialisation).
    public private(set) var centroidShift = 0.0
    /// How many rows changed cluster in the last step.
    public private(set) var changedLabels = 0
    /// Clusters that were empty in the last step and re-seeded.
    public private(set) var reseededClusters: [Int] = []
    private var labelsUnchangedFromPrevious = false
    /// The cluster sums under `labels`, computed with them (the next step's M-step input).
    private var sumsOfLabels: ClusterSums?

    /// Initialises (iteration 0) with the configured init method and seed.
    public init(data: Matrix, configuration: Configuration) throws {
        var random = NumPyRandomState(seed: configuration.seed)
        let c = try Initialization.centroids(data, k: configuration.k, method: configuration.initMethod, random: &random)
        self.init(data: data, configuration: configuration, centroids: c)
    }

    /// Starts from given centroids (k × D).
    public init(data: Matrix, configuration: Configuration, centroids: Matrix) {
        precondition(centroids.rows == configuration.k && centroids.columns == data.columns)
        self.configuration = configuration
        self.data = data
        self.absoluteTolerance = configuration.tolerance == 0 ? 0 : meanColumnVariance(data) * configuration.tolerance
        self.centroids = centroids
        let a = Assignment.compute(data, centroids, sums: true)
        self.labels = a.labels
        self.inertia = a.inertia
        self.sumsOfLabels = a.sums
    }

    public var k: Int { configuration.k }

    var maxIterations: Int { configuration.maxIterations }

    /// One Lloyd iteration: new centroids from the current labels, then the new labels.
    public func step() -> KMeans {
        let k = configuration.k, d = data.columns
        var sums = sumsOfLabels ?? ClusterSums.compute(data, labels: labels, k: k)
        let empty = (0..<k).filter { sums.counts[$0] == 0 }
        if !empty.isEmpty { relocate(empty, into: &sums) }
        var next = self
        var newCentroids = Matrix(rows: k, columns: d)
        for j in 0..<k {
            if sums.counts[j] > 0 {
                let scale = 1.0 / sums.counts[j]
                for f in 0..<d { newCentroids[j, f] = sums.sums[j * d + f] * scale }
            }
        }
        var shift = 0.0
        for i in newCentroids.values.indices {
            let t = newCentroids.values[i] - centroids.values[i]
            shift += t * t
        }
        let a = Assignment.compute(data, newCentroids, sums: true)
        var changed = 0
        for i in labels.indices where labels[i] != a.labels[i] { changed += 1 }
        next.converged = labelsUnchangedFromPrevious || shift <= absoluteTolerance
        next.centroids = newCentroids
        next.labels = a.labels
        next.inertia = a.inertia
        next.sumsOfLabels = a.sums
        next.iteration = iteration + 1
        next.centroidShift = shift
        next.changedLabels = changed
        next.labelsUnchangedFromPrevious = changed == 0
        next.reseededClusters = empty
        return next
    }

    /// Steps until converged or `maxIterations` (from the configuration unless given).
    public func run(maxIterations: Int? = nil) -> KMeans {
        run(limit: maxIterations) { $0.step() }
    }

    /// Moves each empty cluster onto one of the rows farthest from their current centroid,
    /// farthest first, taking the row out of its old cluster's sum (as scikit-learn).
    private func relocate(_ empty: [Int], into sums: inout ClusterSums) {
        let d = data.columns
        var distance = [Double](repeating: 0, count: data.rows)
        data.values.withUnsafeBufferPointer { x in
            centroids.values.withUnsafeBufferPointer { c in
                for i in 0..<data.rows {
                    distance[i] = squaredDistance(x.baseAddress! + i * d, c.baseAddress! + Int(labels[i]) * d, d)
                }
            }
        }
        let farthest = distance.indices.sorted { distance[$0] != distance[$1] ? distance[$0] > distance[$1] : $0 < $1 }
        for (cluster, row) in zip(empty, farthest) {
            let old = Int(labels[row])
            for f in 0..<d {
                let v = data.values[row * d + f]
                sums.sums[old * d + f] -= v
                sums.sums[cluster * d + f] = v
            }
            sums.counts[cluster] = 1
            sums.counts[old] -= 1
        }
    }
}
