/// k-means as a clustering method (`--method kmeans`): Lloyd's iterations, scikit-learn's KMeans.
extension KMeans: ClusteringAlgorithm {
    public static let method = ClusteringMethod(KMeans.self, name: "kmeans", title: "k-means", defaultMaxIterations: 300,
                                                defaultTolerance: 1e-4, ownRule: .softmax)

    public static func starting(_ data: Matrix, _ settings: ModelSettings, centroids: Matrix,
                                shouldContinue: () -> Bool) throws -> KMeans {
        KMeans(data: data, configuration: settings.kmeansConfiguration, centroids: centroids)
    }
}

extension ClusteringMethod {
    public static let kmeans = KMeans.method
}

extension ModelSettings {
    var kmeansConfiguration: KMeans.Configuration {
        .init(k: k, initMethod: initMethod, seed: seed, maxIterations: effectiveMaxIterations, tolerance: effectiveTolerance)
    }
}
