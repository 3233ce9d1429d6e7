/// Which algorithm partitions the data.
public enum ClusteringMethod: String, Sendable, CaseIterable, Equatable, Hashable, Codable {
    case kmeans, soft, gmm

    public var title: String {
        switch self {
        case .kmeans: return "k-means"
        case .soft: return "soft k-means"
        case .gmm: return "GMM"
        }
    }
}

/// Every setting of a model: what `fit`, the explorer and `render` share.
public struct ModelSettings: Sendable, Equatable, Hashable {
    public var method: ClusteringMethod
    public var k: Int
    /// Stiffness of the softmax rule (and of soft k-means).
    public var beta: Double
    public var covarianceType: CovarianceType
    /// Init rows are positions in the data matrix (the caller maps file rows to positions).
    public var initMethod: InitMethod
    public var seed: UInt32
    /// nil: the method's default (k-means and soft 300, GMM 100).
    public var maxIterations: Int?
    /// nil: the method's default (k-means and soft 1e-4, GMM 1e-3).
    public var tolerance: Double?
    public var regCovar: Double
    /// Fuzzy c-means exponent m (> 1) for the `fuzzy` rule.
    public var fuzziness: Double
    /// Initialisations to run, the best kept (scikit-learn's `n_init`; see MultipleInitialisations).
    public var nInit = 1

    public init(method: ClusteringMethod = .kmeans, k: Int = 3, beta: Double = 1, covarianceType: CovarianceType = .full,
                initMethod: InitMethod = .kMeansPlusPlus, seed: UInt32 = 0, maxIterations: Int? = nil,
                tolerance: Double? = nil, regCovar: Double = 1e-6, fuzziness: Double = 2) {
        self.method = method
        self.k = k
        self.beta = beta
        self.covarianceType = covarianceType
        self.initMethod = initMethod
        self.seed = seed
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.regCovar = regCovar
        self.fuzziness = fuzziness
    }

    public var effectiveMaxIterations: Int { maxIterations ?? (method == .gmm ? 100 : 300) }
    public var effectiveTolerance: Double { tolerance ?? (method == .gmm ? 1e-3 : 1e-4) }

    var kmeansConfiguration: KMeans.Configuration {
        .init(k: k, initMethod: initMethod, seed: seed, maxIterations: effectiveMaxIterations, tolerance: effectiveTolerance)
    }

    var gmmConfiguration: GaussianMixture.Configuration {
        .init(k: k, covarianceType: covarianceType, initMethod: initMethod, seed: seed,
              maxIterations: effectiveMaxIterations, tolerance: effectiveTolerance, regCovar: regCovar)
    }
}

/// One of the three algorithms at some iteration, behind one interface.
public enum ClusterModel: Sendable, Equatable {
    case kmeans(KMeans)
    case soft(SoftKMeans)
    case gmm(GaussianMixture)

    /// The model at iteration 0 (just initialised).
    public static func initial(_ data: Matrix, _ s: ModelSettings) throws -> ClusterModel {
        if s.nInit > 1 { return try MultipleInitialisations.best(data, s, count: s.nInit).initial }
        switch s.method {
        case .kmeans:
            return .kmeans(try KMeans(data: data, configuration: s.kmeansConfiguration))
        case .soft:
            return .soft(try SoftKMeans(data: data, configuration: .init(
                k: s.k, beta: s.beta, initMethod: s.initMethod, seed: s.seed,
                maxIterations: s.effectiveMaxIterations, tolerance: s.effectiveTolerance)))
        case .gmm:
            return .gmm(try GaussianMixture(data: data, configuration: s.gmmConfiguration))
        }
    }

    /// The model run to the end, each initialisation once: with `nInit > 1` the best run's final
    /// state (not its initial state run a second time). `shouldContinue` is asked before each step
    /// with the state about to be stepped; nil when it said stop.
    public static func fitted(_ data: Matrix, _ s: ModelSettings,
                              shouldContinue: (ClusterModel) -> Bool = { _ in true }) throws -> ClusterModel? {
        if s.nInit > 1 {
            do {
                return try MultipleInitialisations.best(data, s, count: s.nInit) { state in
                    state.map(shouldContinue) ?? true
                }.final
            } catch is CancellationError {
                return nil
            }
        }
        var stopped = false
        let model = try initial(data, s).run { state in
            stopped = !shouldContinue(state)
            return !stopped
        }
        return stopped ? nil : model
    }

    public var method: ClusteringMethod {
        switch self {
        case .kmeans: return .kmeans
        case .soft: return .soft
        case .gmm: return .gmm
        }
    }

    public func step() throws -> ClusterModel {
        switch self {
        case .kmeans(let m): return .kmeans(m.step())
        case .soft(let m): return .soft(m.step())
        case .gmm(let m): return .gmm(try m.step())
        }
    }

    /// Steps until converged or the iteration limit; `shouldContinue` is asked before each step.
    public func run(shouldContinue: (ClusterModel) -> Bool = { _ in true }) throws -> ClusterModel {
        var state = self
        while !state.isFinished && shouldContinue(state) { state = try state.step() }
        return state
    }

    public var data: Matrix {
        switch self {
        case .kmeans(let m): return m.data
        case .soft(let m): return m.data
        case .gmm(let m): return m.data
        }
    }

    /// Centroids (k-means), means (soft k-means, GMM): k × D.
    public var centroids: Matrix {
        switch self {
        case .kmeans(let m): return m.centroids
        case .soft(let m): return m.means
        case .gmm(let m): return m.means
        }
    }

    public var labels: [Int32] {
        switch self {
        case .kmeans(let m): return m.labels
        case .soft(let m): return m.labels
        case .gmm(let m): return m.labels
        }
    }

    public var k: Int { centroids.rows }

    public var iteration: Int {
        switch self {
        case .kmeans(let m): return m.iteration
        case .soft(let m): return m.iteration
        case .gmm(let m): return m.iteration
        }
    }

    public var converged: Bool {
        switch self {
        case .kmeans(let m): return m.converged
        case .soft(let m): return m.converged
        case .gmm(let m): return m.converged
        }
    }

    public var isFinished: Bool {
        switch self {
        case .kmeans(let m): return m.isFinished
        case .soft(let m): return m.isFinished
        case .gmm(let m): return m.isFinished
        }
    }

    /// Rows that changed cluster in the last step.
    public var changedLabels: Int {
        switch self {
        case .kmeans(let m): return m.changedLabels
        case .soft(let m): return m.changedLabels
        case .gmm(let m): return m.changedLabels
        }
    }

    /// Σ squared distance of each row to its nearest centroid/mean (for GMM: to its component's mean).
    public var inertia: Double {
        switch self {
        case .kmeans(let m): return m.inertia
        case .soft(let m): return m.inertia
        case .gmm(let m): return hardInertia(m.data, m.means, m.labels)
        }
    }

    /// The method's objective: inertia, or the mean log-likelihood for GMM.
    public var objective: (name: String, value: Double) {
        if case .gmm(let m) = self { return ("loglik", m.meanLogLikelihood) }
        return ("inertia", inertia)
    }

    public var gaussianMixture: GaussianMixture? {
        if case .gmm(let m) = self { return m }
        return nil
    }

    /// The model without caches, for keeping in a long history.
    public func compacted() -> ClusterModel {
        if case .gmm(let m) = self { return .gmm(m.compacted()) }
        return self
    }
}

func hardInertia(_ data: Matrix, _ centroids: Matrix, _ labels: [Int32]) -> Double {
    let d = data.columns
    var s = 0.0
    data.values.withUnsafeBufferPointer { x in
        centroids.values.withUnsafeBufferPointer { c in
            for i in 0..<data.rows { s += squaredDistance(x.baseAddress! + i * d, c.baseAddress! + Int(labels[i]) * d, d) }
        }
    }
    return s
}
