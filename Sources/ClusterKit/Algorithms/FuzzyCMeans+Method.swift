/// Fuzzy c-means as a clustering method (`--method fcm`), scikit-fuzzy 0.5.0's `cmeans`: the
/// fuzziness m shapes the fit, its own memberships are part of the model (the `p_j` of `fit` and
/// `features --kind proba`, the `fuzzy` rule for a new point), `--tol` is scikit-fuzzy's `error`
/// (‖u_t − u_{t−1}‖_F) and its objective J_m decides among several initialisations.
extension FuzzyCMeans: ClusteringAlgorithm {
    public static let method = ClusteringMethod(FuzzyCMeans.self, name: "fcm", title: "fuzzy c-means",
                                                defaultMaxIterations: 300, defaultTolerance: 1e-5, ownRule: .fuzzy,
                                                fitsWithFuzziness: true, holdsMemberships: true)

    public static func starting(_ data: Matrix, _ settings: ModelSettings, centroids: Matrix,
                                shouldContinue: () -> Bool) throws -> FuzzyCMeans {
        let m = settings.fuzziness
        guard m > 1, m.isFinite else { throw ModelError("fuzzy c-means needs a finite fuzziness m > 1, not \(m)") }
        return FuzzyCMeans(data: data, configuration: .init(
            k: settings.k, fuzziness: m, initMethod: settings.initMethod, seed: settings.seed,
            maxIterations: settings.effectiveMaxIterations, tolerance: settings.effectiveTolerance), centroids: centroids)
    }

    /// Σ squared distance of each row to the centroid of its largest membership.
    public var inertia: Double { hardInertia(data, centroids, labels) }
    public var namedObjective: (name: String, value: Double) { ("J_m", objective) }
    public func ownMemberships() -> [Double]? { memberships.values }
    public var fuzzyPartition: Matrix? { memberships }

    /// The lowest J_m (scikit-fuzzy has no n_init; J_m is what each run minimises).
    public func isBetter(than incumbent: FuzzyCMeans) -> Bool { objective < incumbent.objective }
}

extension ClusteringMethod {
    public static let fcm = FuzzyCMeans.method
}
