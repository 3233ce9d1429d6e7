extension MembershipContext {
    /// The context of a saved model: the same answers, bit for bit, as the context of the fit it
    /// was saved from (every derived quantity is recomputed by the same formulas from the same
    /// stored numbers). `beta` and `fuzziness` default to the model's.
    ///
    /// The mixture is rebuilt from its parameters; a model that passed `SavedModel.init(json:)`
    /// always rebuilds (for one built by hand with bad covariances, the `gmm` rule answers nil).
    public init(savedModel model: SavedModel, beta: Double? = nil, fuzziness: Double? = nil) {
        centroids = model.centroids
        self.beta = beta ?? model.beta
        self.fuzziness = fuzziness ?? model.fuzziness
        dimension = model.dimension
        method = model.method
        standardized = model.standardized
        normalization = model.normalization
        scaler = model.scaler
        zCentroids = Self.zScored(centroids, scaler: model.scaler, alreadyStandardized: model.standardized)
        linearRanges = model.linearRanges
        mixture = (try? model.gaussianMixture()) ?? nil
        bootstrap = model.bootstrap
        hasExtras = true
        densityFloor = model.densityFloor
    }
}
