/// Opening a saved model on data: its settings, and the model state it describes.
extension SavedModel {
    /// The settings the model was fitted with (init becomes k-means++: a refit draws afresh).
    public var settings: ModelSettings {
        ModelSettings(method: method, k: k, beta: beta, covarianceType: covarianceType, initMethod: .kMeansPlusPlus,
                      seed: options.seed, maxIterations: options.maxIterations, tolerance: options.tolerance,
                      regCovar: options.regCovar, fuzziness: fuzziness)
    }

    /// The model at its saved parameters on `data` (in the model's clustering space), at the
    /// saved iteration and convergence: a converged model is not stepped further, one stopped by
    /// its iteration limit can be.
    public func restore(on data: Matrix) throws -> ClusterModel {
        try restoreParameters(on: data).resumed(iteration: iteration, converged: converged)
    }

    private func restoreParameters(on data: Matrix) throws -> ClusterModel {
        guard data.columns == centroids.columns else {
            throw ModelError("the model has \(centroids.columns) features but the data has \(data.columns)")
        }
        let s = settings
        switch method {
        case .kmeans:
            return .kmeans(KMeans(data: data, configuration: s.kmeansConfiguration, centroids: centroids))
        case .soft:
            return .soft(SoftKMeans(data: data, configuration: .init(
                k: k, beta: beta, maxIterations: s.effectiveMaxIterations, tolerance: s.effectiveTolerance), means: centroids))
        case .gmm:
            guard let mixture else { throw ModelError("the GMM model holds no mixture parameters") }
            return .gmm(try GaussianMixture(data: data, configuration: s.gmmConfiguration, weights: mixture.weights,
                                            means: mixture.means, covariances: mixture.covariances))
        }
    }
}
