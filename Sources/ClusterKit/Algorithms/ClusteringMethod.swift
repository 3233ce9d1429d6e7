/// Which algorithm partitions the data: the user-facing name (`--method kmeans`) of one
/// `ClusteringAlgorithm` type, with what the rest of clusterview needs to know about it without
/// asking which method it is (its defaults and the settings it reads).
///
/// Every method is declared by its own conformance (`KMeans+Method.swift` and the like) and
/// listed once in `registered`; nothing switches over a method's name.
public struct ClusteringMethod: Sendable, Hashable, RawRepresentable, CaseIterable, CustomStringConvertible {
    /// The methods, in the order the explorer cycles them and help lists them.
    public static let registered: [ClusteringMethod] = [
        KMeans.method,
        SoftKMeans.method,
        GaussianMixture.method,
        FuzzyCMeans.method,
    ]

    public static var allCases: [ClusteringMethod] { registered }

    /// The name on the command line and in saved models, e.g. `kmeans`.
    public let rawValue: String
    /// For people, e.g. `k-means`.
    public let title: String
    /// `--max-iter` and `--tol` when not given.
    public let defaultMaxIterations: Int
    public let defaultTolerance: Double
    /// β shapes the fit itself (soft k-means): changing it refits, and `--beta auto` does not apply.
    public let fitsWithBeta: Bool
    /// The fuzziness m shapes the fit itself (fuzzy c-means): changing it refits.
    public let fitsWithFuzziness: Bool
    /// The model is a Gaussian mixture: the covariance type is its own (not only its `gmm` rule's),
    /// a row's hard cluster is its most probable component, and a saved model stores its own
    /// covariances rather than a partition's mixture.
    public let isGaussianMixture: Bool
    /// The fit holds every row's membership of each cluster (its `ownMemberships`: GMM's
    /// responsibilities, fuzzy c-means' memberships): `features --kind proba` writes those and
    /// estimates no mixture from the partition. `ModelFamilyTests` keeps it equal to the fits.
    public let holdsMemberships: Bool
    /// The membership rule that shows the model's own membership of a new point (its `p_j`).
    public let ownRule: MembershipRule
    /// The conforming type.
    public let algorithm: any ClusteringAlgorithm.Type

    public init(_ algorithm: any ClusteringAlgorithm.Type, name: String, title: String, defaultMaxIterations: Int,
                defaultTolerance: Double, ownRule: MembershipRule, fitsWithBeta: Bool = false,
                fitsWithFuzziness: Bool = false, isGaussianMixture: Bool = false, holdsMemberships: Bool = false) {
        self.algorithm = algorithm
        self.rawValue = name
        self.title = title
        self.defaultMaxIterations = defaultMaxIterations
        self.defaultTolerance = defaultTolerance
        self.ownRule = ownRule
        self.fitsWithBeta = fitsWithBeta
        self.fitsWithFuzziness = fitsWithFuzziness
        self.isGaussianMixture = isGaussianMixture
        self.holdsMemberships = holdsMemberships
    }

    /// The registered method of this name.
    public init?(rawValue: String) {
        guard let method = Self.registered.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = method
    }

    /// `kmeans, soft, gmm`: the names, for messages.
    public static var names: String { registered.map(\.rawValue).joined(separator: ", ") }

    public var description: String { rawValue }

    public static func == (a: ClusteringMethod, b: ClusteringMethod) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}
