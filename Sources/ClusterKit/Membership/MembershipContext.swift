import Dispatch

/// Everything needed to answer every membership rule for any point under one model.
///
/// Built once per model state (O(N·k·D) for the `linear` ranges); each query is then O(k·D), or
/// O(B·k·D) for `bootstrap`. Points are in the clustering space.
///
/// Design note: the explorer builds a context in two halves. `immediate` holds what costs O(k·D)
/// (centroids, the GMM's own mixture), so a step is on screen at once; `Extras` (the mixture
/// estimated from hard labels, the distance ranges) cost passes over every row and are computed
/// off the input loop, then added with `complete(with:)`. Until then those rules answer nil.
public struct MembershipContext: Sendable {
    public let centroids: Matrix
    public var beta: Double
    /// The fuzzy rule's m: like β, the explorer's keys turn it without rebuilding the context.
    public var fuzziness: Double
    /// Centroids in z-score units, for `inverse-power`.
    public let zCentroids: Matrix
    public let dimension: Int
    /// min…max over the data rows of the distance to each centroid, for `linear`.
    /// Empty until computed (see `Extras`): the `linear` rule then answers nil.
    public internal(set) var linearRanges: [ClosedRange<Double>]
    /// The model itself for GMM; for k-means and soft k-means, a mixture estimated from the hard
    /// labels with no EM (nil if that estimate is degenerate).
    public internal(set) var mixture: GaussianMixture?
    /// False while the extras (hard-label mixture, distance ranges) are still being computed.
    public internal(set) var hasExtras = true
    public let bootstrap: Bootstrap?
    public let method: ClusteringMethod
    let standardized: Bool
    /// Applied to a raw point before the scaler (`RowNormalization`).
    let normalization: RowNormalization
    let scaler: StandardScaler
    /// Spark ML's posterior convention for the `gmm` rule and GMM's hard cluster when > 0 (a
    /// model exported from Spark; see `DensityFloor`); 0 for clusterview's and scikit-learn's.
    public var densityFloor: Double = 0

    public init(data: PreparedData, model: ClusterModel, settings: ModelSettings, bootstrap: Bootstrap? = nil) {
        self.init(immediate: data, model: model, settings: settings, bootstrap: bootstrap)
        complete(with: Extras(data: data, model: model, settings: settings))
    }

    /// The O(k·D) half: every rule but `linear`, and `gmm` for k-means and soft k-means, answers.
    public init(immediate data: PreparedData, model: ClusterModel, settings: ModelSettings, bootstrap: Bootstrap? = nil) {
        centroids = model.centroids
        beta = settings.beta
        fuzziness = settings.fuzziness
        dimension = model.data.columns
        method = model.method
        standardized = data.standardized
        normalization = data.normalization
        scaler = data.scaler
        zCentroids = Self.zScored(centroids, scaler: data.scaler, alreadyStandardized: data.standardized)
        linearRanges = []
        // Only per-point answers are asked of the mixture: its n × k responsibilities are dropped,
        // so a history of contexts does not hold one such matrix per iteration.
        mixture = model.gaussianMixture?.compacted()
        hasExtras = false
        self.bootstrap = bootstrap
    }

    /// What a context needs from passes over every row: computed once per model state.
    public struct Extras: Sendable {
        /// For k-means and soft k-means, the mixture estimated from the hard labels (no EM); nil
        /// for GMM (its own mixture is already there) or when the estimate is degenerate.
        public let mixture: GaussianMixture?
        public let linearRanges: [ClosedRange<Double>]

        /// Both parts at once, on two threads: the mixture is O(N·D²), the ranges O(N·k·D).
        public init(data: PreparedData, model: ClusterModel, settings: ModelSettings) {
            self.init(data: data, model: model, settings: settings, isCancelled: { false })!
        }

        /// The same, or nil when `isCancelled` said so: it is asked between blocks of rows, so
        /// the explorer's next step gets the cores back within milliseconds.
        public init?(data: PreparedData, model: ClusterModel, settings: ModelSettings, isCancelled: () -> Bool) {
            nonisolated(unsafe) var mixture: GaussianMixture?
            nonisolated(unsafe) var ranges: [ClosedRange<Double>] = []
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                if part == 0 {
                    if model.gaussianMixture == nil {
                        mixture = Self.hardLabelMixture(model, settings: settings, isCancelled: isCancelled)
                    }
                } else {
                    ranges = distanceRanges(model.data, model.centroids, isCancelled: isCancelled)
                }
            }
            if isCancelled() { return nil }
            self.mixture = mixture
            self.linearRanges = ranges
        }

        /// The parameters scikit-learn's `_initialize` estimates from one-hot responsibilities,
        /// as a data-free mixture: the same answers per point as
        /// `GaussianMixture(data:configuration:labels:)`, without its E-step over every row.
        static func hardLabelMixture(_ model: ClusterModel, settings: ModelSettings,
                                     isCancelled: () -> Bool = { false }) -> GaussianMixture? {
            let data = model.data, labels = model.labels, configuration = settings.gmmConfiguration
            let k = configuration.k, n = data.rows
            guard n > 0, labels.count == n else { return nil }
            var resp = [Double](repeating: 0, count: n * k)
            for i in 0..<n { resp[i * k + Int(labels[i])] = 1 }
            let gram = configuration.covarianceType == .tied ? gramMatrix(data, isCancelled: isCancelled) : Matrix(rows: 0, columns: 0)
            let p = GaussianParameters.estimate(data, resp: resp, k: k, type: configuration.covarianceType,
                                                regCovar: configuration.regCovar, xtx: gram, isCancelled: isCancelled)
            if isCancelled() { return nil }
            return try? GaussianMixture(weights: p.componentMass.map { $0 / Double(n) }, means: p.means,
                                        covariances: p.covariances, configuration: configuration)
        }
    }

    /// Adds the extras computed for this context's model state.
    public mutating func complete(with extras: Extras) {
        if mixture == nil { mixture = extras.mixture }
        linearRanges = extras.linearRanges
        hasExtras = true
    }

    public var k: Int { centroids.rows }

    /// Centroids in z-score units: as they are when the clustering space is standardised, else
    /// mapped with the scaler.
    static func zScored(_ centroids: Matrix, scaler: StandardScaler, alreadyStandardized: Bool) -> Matrix {
        guard !alreadyStandardized else { return centroids }
        var z = centroids
        for j in 0..<z.rows {
            let p = scaler.transform(point: centroids.row(j))
            for f in 0..<z.columns { z[j, f] = p[f] }
        }
        return z
    }

    /// A point in the data file's units mapped to the clustering space: the same mapping as
    /// `PreparedData.clusteringPoint(fromRaw:)` and `SavedModel.clusteringPoint(fromRaw:)` of the
    /// data or model this context was built from (same normalisation, same scaler, same flag).
    public func clusteringPoint(fromRaw point: [Double]) -> [Double] {
        let normalized = normalization.apply(to: point)
        return standardized ? scaler.transform(point: normalized) : normalized
    }

    /// Euclidean distance to each centroid.
    public func distances(of point: [Double]) -> [Double] {
        (0..<k).map { MembershipFormulas.distance(point, centroids.row($0)) }
    }

    /// The rule's k values for `point`, or nil when the rule has nothing to say yet (bootstrap not
    /// computed, degenerate mixture).
    public func values(_ rule: MembershipRule, for point: [Double]) -> [Double]? {
        switch rule {
        case .softmax:
            return MembershipFormulas.softmax(distances: distances(of: point), beta: beta)
        case .gmm:
            guard let mixture else { return nil }
            let lp = mixture.weightedLogProbabilities(of: point)
            return MembershipKernels.array(lp.count) { MembershipKernels.gmm(weightedLogDensities: lp, floor: densityFloor, into: $0, lp.count) }
        case .inversePower:
            // Standardised: the z-scored point and centroids are the clustering ones.
            guard !standardized && dimension > 1 else {
                return MembershipFormulas.inversePower(zDistances: distances(of: point), dimension: dimension)
            }
            var z = [Double](repeating: 0, count: point.count), d = [Double](repeating: 0, count: k)
            point.withUnsafeBufferPointer { x in scaler.mean.withUnsafeBufferPointer { mean in scaler.scale.withUnsafeBufferPointer { scale in
                zCentroids.values.withUnsafeBufferPointer { c in z.withUnsafeMutableBufferPointer { zs in d.withUnsafeMutableBufferPointer { zd in
                    MembershipKernels.zDistances(x.baseAddress!, point.count, mean: mean.baseAddress!, scale: scale.baseAddress!,
                                                 zCentroids: c.baseAddress!, scratch: zs.baseAddress!, into: zd.baseAddress!, k)
                } } } } } }
            return MembershipFormulas.inversePower(zDistances: d, dimension: dimension)
        case .bootstrap:
            return bootstrap?.membership(of: point)
        case .cosine:
            return MembershipFormulas.cosine(point, means: centroids)
        case .linear:
            guard linearRanges.count == k else { return nil }
            return MembershipFormulas.linear(distances: distances(of: point), ranges: linearRanges)
        case .fuzzy:
            return MembershipFormulas.fuzzy(distances: distances(of: point), fuzziness: fuzziness)
        }
    }

    /// The method's own membership, by the rule named for it (`ClusteringMethod.ownRule`): softmax
    /// with β for k-means, the responsibilities for soft k-means (a softmax with its β) and GMM;
    /// the softmax when that rule has nothing to say.
    public func ownMembership(of point: [Double]) -> [Double] {
        values(method.ownRule, for: point) ?? MembershipFormulas.softmax(distances: distances(of: point), beta: beta)
    }
}

/// Per centroid, the smallest and largest distance of any row to it.
/// Chunks run in parallel; min and max do not depend on the order, so the result is exact.
/// The squared distances come from `PointDistances` (the bits of `squaredDistance`, eight
/// centroids per vector where the CPU allows), a block of rows at a time.
/// `isCancelled` is asked every block of rows; once it says true the ranges are garbage.
func distanceRanges(_ data: Matrix, _ centroids: Matrix, isCancelled: () -> Bool = { false }) -> [ClosedRange<Double>] {
    let k = centroids.rows, d = data.columns
    let points = centroids.values.withUnsafeBufferPointer { c in
        PointDistances(count: k, columns: d) { c.baseAddress! + $0 * d }
    }
    let parts = ParallelChunks.map(data.rows) { rows -> (lo: [Double], hi: [Double]) in
        var lo = [Double](repeating: .infinity, count: k), hi = [Double](repeating: -.infinity, count: k)
        let block = 256
        var squares = [Double](repeating: 0, count: block * points.padded)
        data.values.withUnsafeBufferPointer { x in
            squares.withUnsafeMutableBufferPointer { out in
                for start in stride(from: rows.lowerBound, to: rows.upperBound, by: block) {
                    if isCancelled() { break }
                    let part = start..<min(rows.upperBound, start + block)
                    points.distances(x.baseAddress!, part, into: out.baseAddress!)
                    for i in 0..<part.count {
                        for j in 0..<k {
                            let v = out[i * points.padded + j].squareRoot()
                            if v < lo[j] { lo[j] = v }
                            if v > hi[j] { hi[j] = v }
                        }
                    }
                }
            }
        }
        return (lo, hi)
    }
    var lo = [Double](repeating: .infinity, count: k), hi = [Double](repeating: -.infinity, count: k)
    for part in parts {
        for j in 0..<k { lo[j] = min(lo[j], part.lo[j]); hi[j] = max(hi[j], part.hi[j]) }
    }
    return (0..<k).map { lo[$0] <= hi[$0] ? lo[$0]...hi[$0] : 0...0 }
}
