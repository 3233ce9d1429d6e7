/// A fitted model as saved by `fit --save-model`: everything `membership` needs to answer every
/// rule for new points without the data (format `clusterview-model/1`, see docs/model-format.md).
///
/// Built from a fit (`init(report:)`) or parsed from JSON bytes (`init(json:source:)`); no file
/// I/O here. Numbers are written in shortest round-trip form and read back correctly rounded, so a
/// saved and reloaded model answers bit for bit as the fit it came from (`MembershipContext
/// .init(savedModel:)`). Shapes: D = `columns.count`; `centroids` k × D in the clustering space
/// (z-scores when `standardized`); `weights` k; `linearRanges` k; each bootstrap set k × D.
public struct SavedModel: Sendable, Equatable {
    public static let formatTag = "clusterview-model/1"

    /// The options the model was fitted with, for the record (the init as the user wrote it).
    public struct Options: Sendable, Equatable {
        public var initDescription: String
        public var seed: UInt32
        public var maxIterations: Int
        public var tolerance: Double
        public var regCovar: Double

        public init(initDescription: String, seed: UInt32, maxIterations: Int, tolerance: Double, regCovar: Double) {
            self.initDescription = initDescription
            self.seed = seed
            self.maxIterations = maxIterations
            self.tolerance = tolerance
            self.regCovar = regCovar
        }
    }

    /// A Gaussian mixture's parameters (for the `gmm` rule). Covariances in scikit-learn's shapes.
    public struct Mixture: Sendable, Equatable {
        public var weights: [Double]
        public var means: Matrix
        public var covariances: Covariances

        public init(weights: [Double], means: Matrix, covariances: Covariances) {
            self.weights = weights
            self.means = means
            self.covariances = covariances
        }
    }

    /// Feature columns of the training file, in order (by header name).
    public var columns: [String]
    /// The training file's label column, if it had one.
    public var label: String?
    /// The training file's name as given, for the record.
    public var source: String?
    /// Rows the model was fitted on.
    public var sampleCount: Int
    public var standardized: Bool
    /// Fitted on the raw training rows in every case (inverse-power measures in z-score units).
    public var scaler: StandardScaler
    public var method: ClusteringMethod
    public var beta: Double
    public var fuzziness: Double
    public var iteration: Int
    public var converged: Bool
    /// Centroids (k-means) or means (soft k-means, GMM): k × D in the clustering space.
    public var centroids: Matrix
    /// GMM: the mixture weights; k-means and soft: each cluster's share of the rows.
    public var weights: [Double]
    /// GMM: the model's covariance type; k-means and soft: the type of the partition's mixture.
    public var covarianceType: CovarianceType
    /// The `gmm` rule's mixture: the model itself for GMM; for k-means and soft k-means the
    /// mixture estimated from the hard partition (nil when that estimate was degenerate).
    public var mixture: Mixture?
    /// Per cluster, the smallest and largest distance of any training row to its centroid (`linear`).
    public var linearRanges: [ClosedRange<Double>]
    public var options: Options
    /// The bootstrap's matched centroid sets, when they were computed before saving.
    public var bootstrap: Bootstrap?
    /// Informational: the fit's inertia (Σ squared distance to the nearest centroid).
    public var inertia: Double?
    /// GMM exported from Spark ML: the ε its posterior adds to each weighted density (`DensityFloor`);
    /// 0 otherwise. Key `density_floor`, written only when > 0.
    public var densityFloor: Double = 0
    /// Applied to each raw row before the scaler (`--normalize`). Key `normalize`, written only
    /// when not `none`; a model without it (older files) is `none`.
    public var normalization: RowNormalization = .none

    public var k: Int { centroids.rows }
    public var dimension: Int { columns.count }

    public init(columns: [String], label: String?, source: String?, sampleCount: Int, standardized: Bool,
                scaler: StandardScaler, method: ClusteringMethod, beta: Double, fuzziness: Double, iteration: Int,
                converged: Bool, centroids: Matrix, weights: [Double], covarianceType: CovarianceType,
                mixture: Mixture?, linearRanges: [ClosedRange<Double>], options: Options,
                bootstrap: Bootstrap? = nil, inertia: Double? = nil) {
        self.columns = columns
        self.label = label
        self.source = source
        self.sampleCount = sampleCount
        self.standardized = standardized
        self.scaler = scaler
        self.method = method
        self.beta = beta
        self.fuzziness = fuzziness
        self.iteration = iteration
        self.converged = converged
        self.centroids = centroids
        self.weights = weights
        self.covarianceType = covarianceType
        self.mixture = mixture
        self.linearRanges = linearRanges
        self.options = options
        self.bootstrap = bootstrap
        self.inertia = inertia
    }

    /// The model behind a fit report, with the report's membership context (its bootstrap too).
    public init(report: FitReport) {
        let data = report.data, model = report.model, settings = report.settings, context = report.context
        let n = data.matrix.rows, k = model.k
        var sizes = [Double](repeating: 0, count: k)
        for l in model.labels { sizes[Int(l)] += 1 }
        let gmm = model.gaussianMixture
        self.init(
            columns: data.dataset.featureNames, label: data.dataset.labelName, source: data.dataset.source,
            sampleCount: n, standardized: data.standardized, scaler: data.scaler, method: model.method,
            beta: settings.beta, fuzziness: settings.fuzziness, iteration: model.iteration,
            converged: model.converged, centroids: model.centroids,
            weights: gmm?.weights ?? sizes.map { $0 / Double(max(n, 1)) },
            covarianceType: gmm?.configuration.covarianceType ?? settings.covarianceType,
            mixture: context.mixture.map { Mixture(weights: $0.weights, means: $0.means, covariances: $0.covariances) },
            linearRanges: context.linearRanges,
            options: Options(initDescription: report.initDescription, seed: settings.seed,
                             maxIterations: settings.effectiveMaxIterations, tolerance: settings.effectiveTolerance,
                             regCovar: settings.regCovar),
            bootstrap: context.bootstrap, inertia: model.inertia)
        normalization = data.normalization
    }

    /// A point in the training file's units mapped to the clustering space.
    public func clusteringPoint(fromRaw point: [Double]) -> [Double] {
        let normalized = normalization.apply(to: point)
        return standardized ? scaler.transform(point: normalized) : normalized
    }

    /// The `gmm` rule's mixture, rebuilt from its parameters (nil when there is none).
    public func gaussianMixture() throws -> GaussianMixture? {
        guard let m = mixture else { return nil }
        return try GaussianMixture(weights: m.weights, means: m.means, covariances: m.covariances, configuration: .init(
            k: k, covarianceType: covarianceType, seed: options.seed, maxIterations: options.maxIterations,
            tolerance: options.tolerance, regCovar: options.regCovar))
    }

    /// Checks that a data file's feature columns are the model's, in order; the error names the
    /// missing and extra ones.
    public func checkColumns(_ names: [String], dataSource: String, modelSource: String) throws {
        guard names != columns else { return }
        let missing = columns.filter { !names.contains($0) }, extra = names.filter { !columns.contains($0) }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing " + missing.map { "'\($0)'" }.joined(separator: ", ")) }
        if !extra.isEmpty { parts.append("extra " + extra.map { "'\($0)'" }.joined(separator: ", ")) }
        if parts.isEmpty { parts.append("in another order") }
        throw SavedModelError(source: modelSource, "the model was fitted on columns "
            + columns.joined(separator: ", ") + "; \(dataSource) has " + parts.joined(separator: "; ")
            + " (pick them with --columns)")
    }
}

/// A saved model that cannot be used: damaged, from another format version, or for other data.
public struct SavedModelError: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var message: String

    public init(source: String, _ message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { MessageText.oneLine("\(source): \(message)") }
}
