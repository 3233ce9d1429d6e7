/// The Gaussian mixture as a clustering method (`--method gmm`), scikit-learn's GaussianMixture:
/// the model is its own mixture (its covariance type, hard cluster and saved covariances), its
/// objective the mean log-likelihood, and among several initialisations the highest lower bound wins.
extension GaussianMixture: ClusteringAlgorithm {
    public static let method = ClusteringMethod(GaussianMixture.self, name: "gmm", title: "GMM", defaultMaxIterations: 100,
                                                defaultTolerance: 1e-3, ownRule: .gmm, isGaussianMixture: true,
                                                holdsMemberships: true)

    /// scikit-learn's init_params="kmeans": a default KMeans (n_init=1) from the same starting
    /// centroids, whose hard labels give the parameters.
    public static func starting(_ data: Matrix, _ settings: ModelSettings, centroids: Matrix,
                                shouldContinue: () -> Bool) throws -> GaussianMixture {
        var kmeans = KMeans(data: data, configuration: .init(k: settings.k, initMethod: settings.initMethod, seed: settings.seed),
                            centroids: centroids)
        while !kmeans.isFinished {
            guard shouldContinue() else { throw CancellationError() }
            kmeans = kmeans.step()
        }
        return try GaussianMixture(data: data, configuration: settings.gmmConfiguration, labels: kmeans.labels)
    }

    public static func restored(on data: Matrix, from saved: SavedModel) throws -> GaussianMixture {
        guard let mixture = saved.mixture else { throw ModelError("the GMM model holds no mixture parameters") }
        return try GaussianMixture(data: data, configuration: saved.settings.gmmConfiguration, weights: mixture.weights,
                                   means: mixture.means, covariances: mixture.covariances)
    }

    public var centroids: Matrix { means }
    /// Σ squared distance of each row to its component's mean.
    public var inertia: Double { hardInertia(data, means, labels) }
    public var namedObjective: (name: String, value: Double) { ("loglik", meanLogLikelihood) }
    public var gaussianMixture: GaussianMixture? { self }
    public func ownMemberships() -> [Double]? { responsibilities() }

    public func isBetter(than incumbent: GaussianMixture) -> Bool {
        lowerBound > incumbent.lowerBound || incumbent.lowerBound == -.infinity
    }
}

extension ClusteringMethod {
    public static let gmm = GaussianMixture.method
}

extension ModelSettings {
    var gmmConfiguration: GaussianMixture.Configuration {
        .init(k: k, covarianceType: covarianceType, initMethod: initMethod, seed: seed,
              maxIterations: effectiveMaxIterations, tolerance: effectiveTolerance, regCovar: regCovar)
    }
}
