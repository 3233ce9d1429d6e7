/// Soft k-means as a clustering method (`--method soft`): β shapes the fit, and its own membership
/// is the softmax with that β (the default `ownMemberships`).
extension SoftKMeans: ClusteringAlgorithm {
    public static let method = ClusteringMethod(SoftKMeans.self, name: "soft", title: "soft k-means", defaultMaxIterations: 300,
                                                defaultTolerance: 1e-4, ownRule: .softmax, fitsWithBeta: true)

    public static func starting(_ data: Matrix, _ settings: ModelSettings, centroids: Matrix,
                                shouldContinue: () -> Bool) throws -> SoftKMeans {
        SoftKMeans(data: data, configuration: .init(
            k: settings.k, beta: settings.beta, initMethod: settings.initMethod, seed: settings.seed,
            maxIterations: settings.effectiveMaxIterations, tolerance: settings.effectiveTolerance), means: centroids)
    }

    public var centroids: Matrix { means }
}

extension ClusteringMethod {
    public static let soft = SoftKMeans.method
}
