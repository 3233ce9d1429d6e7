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
        return ClusterModel(erased: try method.algorithm.restored(on: data, from: self))
    }
}
