import Foundation

/// What changes when the data are wide (many features): the covariance type of a k-means model's
/// own mixture, and the announced cost of the work that grows with D² or D³ (docs/wide-data.md).
public enum WideData {
    /// From this many features on, a k-means or soft k-means model's `gmm` rule (and sweep's
    /// mixture for those methods) uses diagonal covariances unless `--covariance` names a type:
    /// full ones cost O(N·D²) to estimate at every model state and k·D² numbers to save (at 784
    /// features and k = 10, 6.1 M numbers, ~100 MB of model), for a rule nobody asked for.
    /// Below it, the default stays full, so narrow data give the same answers as ever.
    public static let diagonalMixtureFromDimension = 128

    /// The covariance type of the settings: `requested` when given; else full, except for the
    /// mixture of a k-means or soft k-means model at `dimension` ≥ `diagonalMixtureFromDimension`.
    public static func covarianceType(requested: CovarianceType?, method: ClusteringMethod, dimension: Int) -> CovarianceType {
        if let requested { return requested }
        return !method.isGaussianMixture && dimension >= diagonalMixtureFromDimension ? .diag : .full
    }

    /// The note for when the wide default applies (nil when it does not).
    public static func diagonalMixtureNote(requested: CovarianceType?, method: ClusteringMethod, dimension: Int) -> String? {
        guard requested == nil, !method.isGaussianMixture, dimension >= diagonalMixtureFromDimension else { return nil }
        return "\(dimension) features: the gmm rule of this \(method.title) model uses a mixture with diagonal covariances"
            + " (from \(diagonalMixtureFromDimension) features on; --covariance full for full ones, O(N·D²) per model state)"
    }

    // MARK: Costs

    /// Multiply-adds a second these loops reach on this machine class (2 cores, measured on the
    /// full-covariance M-step and E-step at 2,000 × 784; docs/wide-data.md). Estimates are for
    /// "is this seconds or minutes", not a promise.
    static let multiplyAddsPerSecond = 2.0e9
    /// Work estimated to take longer than this is announced before it starts.
    public static let noticeSeconds = 2.0

    /// Seconds of one EM iteration of a Gaussian mixture: the E-step's Mahalanobis distances
    /// (full and tied: a triangular product of D²/2 per row and component; diag and spherical: D),
    /// the M-step's covariance sums (full: D²/2 per row and component it has mass in, about N·D²/2
    /// at wide D where responsibilities are one-hot; tied: XᵀX, N·D²/2) and the Cholesky factor
    /// and inverse of each covariance (2D³/3 each).
    public static func gmmIterationSeconds(rows: Int, columns: Int, k: Int, type: CovarianceType) -> Double {
        let n = Double(rows), d = Double(columns), k = Double(k)
        let work: Double
        switch type {
        case .full: work = k * n * d * d / 2 + n * d * d / 2 + k * 2 * d * d * d / 3
        case .tied: work = k * n * d * d / 2 + n * d * d / 2 + 2 * d * d * d / 3
        case .diag, .spherical: work = 3 * k * n * d
        }
        return work / multiplyAddsPerSecond
    }

    /// Seconds to estimate the mixture of a hard partition (a k-means model's `gmm` rule, at every
    /// model state in the explorer): one M-step, no E-step.
    public static func partitionMixtureSeconds(rows: Int, columns: Int, k: Int, type: CovarianceType) -> Double {
        let n = Double(rows), d = Double(columns), k = Double(k)
        let work: Double
        switch type {
        case .full: work = n * d * d / 2 + k * 2 * d * d * d / 3
        case .tied: work = n * d * d / 2 + 2 * d * d * d / 3
        case .diag, .spherical: work = 2 * n * d
        }
        return work / multiplyAddsPerSecond
    }

    /// `under a second`, `about 25 s`, `about 3 min`.
    public static func describe(seconds: Double) -> String {
        if seconds < 1 { return "under a second" }
        if seconds < 10 { return String(format: "about %.0f s", seconds.rounded()) }
        if seconds < 120 { return "about \(Int((seconds / 5).rounded()) * 5) s" }
        if seconds < 7200 { return "about \(Int((seconds / 60).rounded())) min" }
        return String(format: "about %.0f h", seconds / 3600)
    }

    /// The announcement for `settings` on `rows` × `columns` data when the D²-priced work takes
    /// long (nil otherwise): GMM's iterations with full or tied covariances, or the mixture of a
    /// k-means model's `gmm` rule with them.
    public static func costNotice(settings: ModelSettings, rows: Int, columns: Int) -> String? {
        let type = settings.covarianceType
        guard type == .full || type == .tied else { return nil }
        let shape = "\(rows) × \(columns), k = \(settings.k)"
        if settings.method.isGaussianMixture {
            let seconds = gmmIterationSeconds(rows: rows, columns: columns, k: settings.k, type: type)
            guard seconds > noticeSeconds else { return nil }
            let diag = gmmIterationSeconds(rows: rows, columns: columns, k: settings.k, type: .diag)
            return "gmm with \(type.rawValue) covariances at \(shape): \(describe(seconds: seconds)) an iteration"
                + " (up to \(settings.effectiveMaxIterations)); --covariance diag takes \(describe(seconds: diag))"
        }
        let seconds = partitionMixtureSeconds(rows: rows, columns: columns, k: settings.k, type: type)
        guard seconds > noticeSeconds else { return nil }
        return "the gmm rule's mixture with \(type.rawValue) covariances at \(shape): \(describe(seconds: seconds))"
            + " per model state; --covariance diag takes under a second"
    }

    /// The announcement for `features` of `kind` with `settings` (its `k` the largest asked for):
    /// only the D²-priced work it does. A Gaussian mixture's EM runs for any kind; a mixture is
    /// estimated from the partition only for probabilities of a method that holds no memberships
    /// of its own (k-means, soft k-means; `FeatureTable`'s blocks), never for fuzzy c-means, whose
    /// probabilities are its memberships.
    public static func featuresCostNotice(settings: ModelSettings, kind: FeatureKind, rows: Int, columns: Int) -> String? {
        let method = settings.method
        guard method.isGaussianMixture || (kind != .distances && !method.holdsMemberships) else { return nil }
        return costNotice(settings: settings, rows: rows, columns: columns)
    }
}
