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
    /// nil: the method's default (`ClusteringMethod.defaultMaxIterations`: k-means and soft 300, GMM 100).
    public var maxIterations: Int?
    /// nil: the method's default (`ClusteringMethod.defaultTolerance`: k-means and soft 1e-4, GMM 1e-3).
    public var tolerance: Double?
    public var regCovar: Double
    /// Fuzzy c-means exponent m (> 1): the `fuzzy` rule's, and the fit's for fuzzy c-means.
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

    public var effectiveMaxIterations: Int { maxIterations ?? method.defaultMaxIterations }
    public var effectiveTolerance: Double { tolerance ?? method.defaultTolerance }
}

/// A model of any registered method at some iteration, behind one interface: a thin wrapper over
/// the method's own state (`ClusteringAlgorithm`), so callers need not know which method it is.
public struct ClusterModel: Sendable, Equatable {
    /// The method's own state.
    public let state: any ClusteringAlgorithm

    public init(_ state: some ClusteringAlgorithm) {
        self.state = state
    }

    init(erased state: any ClusteringAlgorithm) {
        self.state = state
    }

    public static func == (a: ClusterModel, b: ClusterModel) -> Bool { a.state.isEqual(to: b.state) }

    /// The model at iteration 0 (just initialised).
    public static func initial(_ data: Matrix, _ s: ModelSettings) throws -> ClusterModel {
        if s.nInit > 1 { return try MultipleInitialisations.best(data, s, count: s.nInit).initial }
        var random = NumPyRandomState(seed: s.seed)
        return try MultipleInitialisations.initialState(data, s, random: &random, shouldContinue: { true })
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

    public var method: ClusteringMethod { type(of: state).method }

    public func step() throws -> ClusterModel { ClusterModel(erased: try state.step()) }

    /// Steps until converged or the iteration limit; `shouldContinue` is asked before each step.
    public func run(shouldContinue: (ClusterModel) -> Bool = { _ in true }) throws -> ClusterModel {
        var model = self
        while !model.isFinished && shouldContinue(model) { model = try model.step() }
        return model
    }

    public var data: Matrix { state.data }
    /// Centroids (k-means, fuzzy c-means), means (soft k-means, GMM): k × D.
    public var centroids: Matrix { state.centroids }
    public var labels: [Int32] { state.labels }
    public var k: Int { centroids.rows }
    public var iteration: Int { state.iteration }
    public var converged: Bool { state.converged }
    public var isFinished: Bool { state.isFinished }
    /// Rows that changed cluster in the last step.
    public var changedLabels: Int { state.changedLabels }
    /// Σ squared distance of each row to its nearest centroid/mean (for GMM: to its component's mean).
    public var inertia: Double { state.inertia }
    /// The method's objective: inertia, or the mean log-likelihood for GMM.
    public var objective: (name: String, value: Double) { state.namedObjective }
    public var gaussianMixture: GaussianMixture? { state.gaussianMixture }
    /// The model's own memberships of its rows (N × k row-major) when it holds them.
    public func ownMemberships() -> [Double]? { state.ownMemberships() }
    /// The memberships when they are the fit's own fuzzy partition (`ClusteringAlgorithm.fuzzyPartition`).
    public var fuzzyPartition: Matrix? { state.fuzzyPartition }

    /// The state as the method's own type, when it is that method.
    public func state<A: ClusteringAlgorithm>(as type: A.Type) -> A? { state as? A }

    /// The model without caches, for keeping in a long history.
    public func compacted() -> ClusterModel { ClusterModel(erased: state.compacted()) }

    /// This state labelled as iteration `iteration`, converged or not (see `SavedModel.restore`).
    public func resumed(iteration: Int, converged: Bool) -> ClusterModel {
        ClusterModel(erased: state.resumed(iteration: iteration, converged: converged))
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
