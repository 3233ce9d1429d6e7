/// One clustering method as a steppable value: everything the rest of clusterview asks of a
/// model, so that a method is one file (its conformance) plus one line in
/// `ClusteringMethod.registered`.
///
/// A conforming type is the state of one fit at some iteration: `step()` gives the next state,
/// and the family's callers (`ClusterModel`, `MultipleInitialisations`, `SavedModel`, the
/// membership context, the explorer) never ask which method it is, only these requirements and
/// the method's description (`method`: its name, defaults and which settings it reads).
public protocol ClusteringAlgorithm: Sendable, Equatable {
    /// The method's name, title, defaults and the settings it reads.
    static var method: ClusteringMethod { get }

    /// The state at iteration 0 from starting centroids (k × D, drawn by the caller from the
    /// init method and seed). `shouldContinue` is asked before each step of any inner
    /// initialisation (GMM's k-means run); false throws `CancellationError`.
    static func starting(_ data: Matrix, _ settings: ModelSettings, centroids: Matrix,
                         shouldContinue: () -> Bool) throws -> Self

    /// The state a saved model describes, on `data` (its clustering space), before it is marked
    /// with the saved iteration. Default: `starting` from the saved centroids and settings.
    static func restored(on data: Matrix, from saved: SavedModel) throws -> Self

    var data: Matrix { get }
    /// k × D: centroids (k-means, fuzzy c-means) or means (soft k-means, GMM).
    var centroids: Matrix { get }
    /// The hard cluster of each row.
    var labels: [Int32] { get }
    var iteration: Int { get }
    var converged: Bool { get }
    /// Converged or at the iteration limit: `run` would stop here.
    var isFinished: Bool { get }
    /// Rows that changed cluster in the last step.
    var changedLabels: Int { get }
    /// Σ squared distance of each row to its cluster's centroid.
    var inertia: Double { get }
    /// What the status line and progress show: default `("inertia", inertia)`.
    var namedObjective: (name: String, value: Double) { get }
    /// The model itself when it is a Gaussian mixture (default nil).
    var gaussianMixture: GaussianMixture? { get }
    /// The model's own memberships of its rows, N × k row-major, when it holds them (GMM's
    /// responsibilities, fuzzy c-means' memberships); nil (the default): the softmax with β of
    /// the distances, which is soft k-means' own and k-means' shown membership.
    func ownMemberships() -> [Double]?
    /// The memberships (N × k) when they are a fuzzy partition the fit itself optimised (fuzzy
    /// c-means), for Bezdek's validity indices; nil (the default) otherwise.
    var fuzzyPartition: Matrix? { get }

    /// The next iteration.
    func step() throws -> Self
    /// This state labelled as iteration `iteration`, converged or not (a saved model reopened).
    func resumed(iteration: Int, converged: Bool) -> Self
    /// The state without caches, for keeping in a long history (default: itself).
    func compacted() -> Self
    /// Whether this finished run beats `incumbent` among several initialisations (scikit-learn's
    /// `n_init`). Default: strictly lower inertia, and not the same clustering relabelled.
    func isBetter(than incumbent: Self) -> Bool
}

extension ClusteringAlgorithm {
    public static func restored(on data: Matrix, from saved: SavedModel) throws -> Self {
        try starting(data, saved.settings, centroids: saved.centroids, shouldContinue: { true })
    }

    public var namedObjective: (name: String, value: Double) { ("inertia", inertia) }
    public var gaussianMixture: GaussianMixture? { nil }
    public func ownMemberships() -> [Double]? { nil }
    public var fuzzyPartition: Matrix? { nil }
    public func compacted() -> Self { self }

    public func isBetter(than incumbent: Self) -> Bool {
        inertia < incumbent.inertia
            && !MultipleInitialisations.sameClustering(labels, incumbent.labels, k: centroids.rows)
    }

    /// `isBetter(than:)` against a state of any method (another method's never wins).
    func isBetter(thanAny incumbent: any ClusteringAlgorithm) -> Bool {
        guard let incumbent = incumbent as? Self else { return true }
        return isBetter(than: incumbent)
    }

    /// Equality with a state of any method (false across methods).
    func isEqual(to other: any ClusteringAlgorithm) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }
}
