import Foundation

/// Fuzzy c-means as a steppable value: each `step()` is one iteration of scikit-fuzzy 0.5.0's
/// `cmeans`, started from given centroids.
///
/// Shapes: `data` N×D, `centroids` k×D, `memberships` N×k (row i holds point i's k memberships;
/// scikit-fuzzy holds the transpose, k×N, and takes the data as D×N).
///
/// Iteration 0 is the starting centroids c₀ and their memberships u₀ (the FCM membership formula
/// below). Step t, from u_{t−1}:
/// 1. w = max(u_{t−1} / Σ_j u_{t−1}, eps)^m per row (renormalised, then floored at eps, so no
///    cluster ever loses every point's weight);
/// 2. c_t = Σ_i w_i x_i / Σ_i w_i per cluster;
/// 3. d_ij = max(‖x_i − c_tj‖, eps);
/// 4. `objective` J = Σ_ij w_ij d_ij²: the weights of u_{t−1} with the distances to c_t, exactly
///    scikit-fuzzy's `jm[t−1]` (at iteration 0: u₀ and c₀ in the same formula);
/// 5. u_t from d by the FCM membership formula;
/// 6. `membershipChange` = ‖u_t − u_{t−1}‖_F (Frobenius); converged when it is < tol (strict, as
///    scikit-fuzzy's `error`). `iteration` then equals scikit-fuzzy's `p` (n_iter).
/// In step 1, u₀ is floored at eps before steps 1 and 6, as scikit-fuzzy floors its `init`.
///
/// The FCM membership formula is u_j ∝ d_j^(−2/(m−1)) with scikit-fuzzy's two floors: each
/// distance is at least eps (`np.fmax(d, eps)`), and each ratio d_j / max_j d_j is at least eps
/// (inside its `normalize_power_columns`). The power is taken in log space by the `fuzzy` rule's
/// own `powerRule`, so it is finite for m down to 1 + 1e-9 (exponent 2e9) and up to any finite m.
///
/// Edge cases: a point on a centroid has distance eps there, not 0, and its ratios to that
/// distance are at most 1/eps, so its membership there is about 1 − (k−1)·eps^(2/(m−1)): 1 to
/// within eps for m ≤ 3, visibly less for a large m (m = 10, k = 2: 1 − 3.3e-4). This is
/// scikit-fuzzy's answer and is kept (the `fuzzy` rule, with no floors, gives exactly 1).
/// k = 1 gives memberships 1 and the data mean after one step, with change 0. A distance that
/// overflows Double (coordinates beyond ~1e154) is recomputed by rescaling, where scikit-fuzzy
/// would give inf and then NaN memberships. When m is so large that a cluster's weights all
/// underflow to 0 (u^m with m ≳ 20 and tiny u), its centroid stays where it is, where
/// scikit-fuzzy's would become NaN.
///
/// Design notes: rows are processed in `ParallelChunks`, whose per-chunk sums are added in chunk
/// order, so a run is bit-for-bit the same on any machine; distances come from `PointDistances`
/// (the AVX2 kernel, bit-identical to `squaredDistance`).
public struct FuzzyCMeans: Sendable, Equatable, IterativeFit {
    public struct Configuration: Sendable, Equatable, Hashable, FitConfiguration {
        public var common: CommonFitSettings
        /// The fuzzifier m > 1: near 1 nearly hard k-means, large m every membership near 1/k.
        public var fuzziness: Double
        /// `tolerance` is scikit-fuzzy's `error`: stop when ‖u_t − u_{t−1}‖_F < tolerance.
        public init(k: Int, fuzziness: Double = 2, initMethod: InitMethod = .kMeansPlusPlus, seed: UInt32 = 0,
                    maxIterations: Int = 300, tolerance: Double = 1e-5) {
            common = CommonFitSettings(k: k, initMethod: initMethod, seed: seed, maxIterations: maxIterations,
                                       tolerance: tolerance)
            self.fuzziness = fuzziness
        }
    }

    /// np.finfo(np.float64).eps: scikit-fuzzy's floor for distances, ratios and memberships.
    public static let floor = Double.ulpOfOne

    public let configuration: Configuration
    public let data: Matrix
    /// k×D: the weighted means of the previous memberships (the starting centroids at iteration 0).
    public private(set) var centroids: Matrix
    /// N×k: each row sums to 1 (to rounding).
    public private(set) var memberships: Matrix
    /// argmax of each row of `memberships` (ties to the lowest index).
    public private(set) var labels: [Int32]
    public internal(set) var iteration = 0
    /// J_m as scikit-fuzzy's `jm` (see the type's note for which memberships and centroids).
    public private(set) var objective: Double
    /// ‖u_t − u_{t−1}‖_F of the last step (0 at iteration 0).
    public private(set) var membershipChange = 0.0
    public internal(set) var converged = false
    /// How many rows changed label in the last step.
    public private(set) var changedLabels = 0

    /// Starts from centroids chosen by the configured init method and seed (rows of `data`).
    public init(data: Matrix, configuration: Configuration) throws {
        var random = NumPyRandomState(seed: configuration.seed)
        let c = try Initialization.centroids(data, k: configuration.k, method: configuration.initMethod, random: &random)
        self.init(data: data, configuration: configuration, centroids: c)
    }

    /// Starts from given centroids (k×D); the first memberships follow from them.
    public init(data: Matrix, configuration: Configuration, centroids: Matrix) {
        precondition(configuration.fuzziness > 1 && configuration.fuzziness.isFinite, "fuzziness must be finite and > 1")
        precondition(configuration.k >= 1 && centroids.rows == configuration.k && centroids.columns == data.columns)
        self.configuration = configuration
        self.data = data
        self.centroids = centroids
        let start = Self.membershipPass(data, centroids, weights: nil, previous: nil, configuration.fuzziness)
        memberships = start.memberships
        labels = start.labels
        // J(u₀, c₀) takes u₀'s weights, so a second pass (once per fit).
        let weights = Self.weights(of: start.memberships, fuzziness: configuration.fuzziness, floorFirst: true)
        objective = Self.membershipPass(data, centroids, weights: weights, previous: nil, configuration.fuzziness).objective
    }

    public var k: Int { configuration.k }
    public var fuzziness: Double { configuration.fuzziness }
    var maxIterations: Int { configuration.maxIterations }

    /// One iteration: centroids from the current memberships, then the memberships of those centroids.
    public func step() -> FuzzyCMeans {
        // scikit-fuzzy floors its starting matrix at eps before the loop (and compares the first
        // new memberships with that floored matrix); later memberships are used as computed.
        let weights = Self.weights(of: memberships, fuzziness: fuzziness, floorFirst: iteration == 0)
        let newCentroids = Self.weightedMeans(data, weights: weights, keeping: centroids)
        let pass = Self.membershipPass(data, newCentroids, weights: weights,
                                       previous: (memberships, floored: iteration == 0), fuzziness)
        var next = self
        next.centroids = newCentroids
        next.memberships = pass.memberships
        next.changedLabels = zip(labels, pass.labels).reduce(0) { $0 + ($1.0 != $1.1 ? 1 : 0) }
        next.labels = pass.labels
        next.objective = pass.objective
        next.membershipChange = pass.change.squareRoot()
        next.iteration = iteration + 1
        next.converged = next.membershipChange < configuration.tolerance
        return next
    }

    /// Steps until converged or `maxIterations` (from the configuration unless given).
    public func run(maxIterations: Int? = nil) -> FuzzyCMeans {
        run(limit: maxIterations) { $0.step() }
    }

    /// The FCM memberships of one point (D values) under the current centroids: a new row as the
    /// fitted rows are scored.
    public func memberships(of point: [Double]) -> [Double] {
        precondition(point.count == data.columns)
        var d = [Double](repeating: 0, count: k), u = [Double](repeating: 0, count: k)
        point.withUnsafeBufferPointer { p in
            centroids.values.withUnsafeBufferPointer { c in
                for j in 0..<k { d[j] = MembershipFormulas.distance(p.baseAddress!, c.baseAddress! + j * data.columns, data.columns) }
            }
        }
        d.withUnsafeMutableBufferPointer { dp in
            u.withUnsafeMutableBufferPointer { up in Self.membershipsOfDistances(dp.baseAddress!, into: up.baseAddress!, k, fuzziness: fuzziness) }
        }
        return u
    }

    // MARK: - The passes

    /// The FCM memberships of `count` distances (overwritten by their floored ratios) into `u`.
    @inline(__always)
    static func membershipsOfDistances(_ d: UnsafeMutablePointer<Double>, into u: UnsafeMutablePointer<Double>,
                                       _ count: Int, fuzziness m: Double) {
        var largest = 0.0
        for j in 0..<count { d[j] = Swift.max(d[j], floor); largest = Swift.max(largest, d[j]) }
        if largest.isFinite {
            for j in 0..<count { d[j] = Swift.max(d[j] / largest, floor) }
        }
        // (An infinite distance, only possible from infinite data, gets no membership in powerRule.)
        MembershipKernels.fuzzy(distances: d, fuzziness: m, into: u, count)
    }

    /// w_ij = max(u_ij / Σ_j u_ij, eps)^m, N×k; with `floorFirst` u is floored at eps before the
    /// row sum (scikit-fuzzy's starting matrix).
    static func weights(of u: Matrix, fuzziness m: Double, floorFirst: Bool) -> Matrix {
        let n = u.rows, k = u.columns
        var w = Matrix(rows: n, columns: k)
        u.values.withUnsafeBufferPointer { up in
            w.values.withUnsafeMutableBufferPointer { wp in
                ParallelChunks.forEach(n) { _, range in
                    for i in range {
                        let row = up.baseAddress! + i * k, out = wp.baseAddress! + i * k
                        var total = 0.0
                        for j in 0..<k { out[j] = floorFirst ? Swift.max(row[j], floor) : row[j]; total += out[j] }
                        // m = 2 (the default) as a product: exact, and numpy's `u ** 2.0` squares too.
                        if m == 2 {
                            for j in 0..<k { let v = Swift.max(out[j] / total, floor); out[j] = v * v }
                        } else {
                            for j in 0..<k { out[j] = pow(Swift.max(out[j] / total, floor), m) }
                        }
                    }
                }
            }
        }
        return w
    }

    /// Σ_i w_ij x_i / Σ_i w_ij for each cluster j; a cluster whose weights all underflowed to 0
    /// keeps its centroid from `keeping`.
    static func weightedMeans(_ data: Matrix, weights: Matrix, keeping old: Matrix) -> Matrix {
        let n = data.rows, d = data.columns, k = weights.columns
        let partials: [ClusterSums] = data.values.withUnsafeBufferPointer { x in
            weights.values.withUnsafeBufferPointer { w in
                ParallelChunks.map(n) { range -> ClusterSums in
                    var p = ClusterSums(sums: .init(repeating: 0, count: k * d), counts: .init(repeating: 0, count: k))
                    p.sums.withUnsafeMutableBufferPointer { s in
                        for i in range {
                            let row = x.baseAddress! + i * d, wi = w.baseAddress! + i * k
                            for j in 0..<k {
                                let wij = wi[j], sj = s.baseAddress! + j * d
                                p.counts[j] += wij
                                for f in 0..<d { sj[f] += wij * row[f] }
                            }
                        }
                    }
                    return p
                }
            }
        }
        return ClusterSums.combine(partials).weightedMeans(keeping: old)
    }

    struct MembershipPass {
        var memberships: Matrix
        var labels: [Int32]
        /// Σ w_ij d_ij² (0 without weights).
        var objective: Double
        /// Σ (u_new − u_previous)² (0 without previous memberships).
        var change: Double
    }

    /// Distances of every row to `centroids` (floored at eps), the memberships they give, and
    /// with them the objective under `weights` and the squared change from `previous`.
    static func membershipPass(_ data: Matrix, _ centroids: Matrix, weights: Matrix?,
                               previous: (u: Matrix, floored: Bool)?, _ m: Double) -> MembershipPass {
        let n = data.rows, dim = data.columns, k = centroids.rows
        var u = Matrix(rows: n, columns: k)
        var labels = [Int32](repeating: 0, count: n)
        let points = centroids.values.withUnsafeBufferPointer { c in
            PointDistances(count: k, columns: dim) { c.baseAddress! + $0 * dim }
        }
        struct Partial { var objective = 0.0; var change = 0.0 }
        // Absent weights or previous memberships read as empty arrays (their sums are skipped).
        let weightValues = weights?.values ?? [], previousValues = previous?.u.values ?? []
        let floored = previous?.floored ?? false, hasWeights = weights != nil, hasPrevious = previous != nil
        let partials: [Partial] = data.values.withUnsafeBufferPointer { x in
            centroids.values.withUnsafeBufferPointer { c in
                weightValues.withUnsafeBufferPointer { w in
                    previousValues.withUnsafeBufferPointer { old in
                        u.values.withUnsafeMutableBufferPointer { up in
                            labels.withUnsafeMutableBufferPointer { lp in
                                ParallelChunks.map(n) { range -> Partial in
                                    var p = Partial()
                                    let stride = points.padded
                                    var squared = [Double](repeating: 0, count: range.count * stride)
                                    squared.withUnsafeMutableBufferPointer { sq in
                                        points.distances(x.baseAddress!, range, into: sq.baseAddress!)
                                        for i in range {
                                            let d = sq.baseAddress! + (i - range.lowerBound) * stride
                                            for j in 0..<k {
                                                d[j] = d[j].isFinite
                                                    ? d[j].squareRoot()
                                                    : MembershipFormulas.distance(x.baseAddress! + i * dim, c.baseAddress! + j * dim, dim)
                                            }
                                            if hasWeights {
                                                let wi = w.baseAddress! + i * k
                                                for j in 0..<k {
                                                    let dj = Swift.max(d[j], floor)
                                                    p.objective += wi[j] * (dj * dj)
                                                }
                                            }
                                            let ui = up.baseAddress! + i * k
                                            membershipsOfDistances(d, into: ui, k, fuzziness: m)
                                            var best = 0
                                            for j in 1..<k where ui[j] > ui[best] { best = j }
                                            lp[i] = Int32(best)
                                            if hasPrevious {
                                                let oi = old.baseAddress! + i * k
                                                for j in 0..<k {
                                                    let t = ui[j] - (floored ? Swift.max(oi[j], floor) : oi[j])
                                                    p.change += t * t
                                                }
                                            }
                                        }
                                    }
                                    return p
                                }
                            }
                        }
                    }
                }
            }
        }
        var objective = 0.0, change = 0.0
        for p in partials { objective += p.objective; change += p.change }
        return MembershipPass(memberships: u, labels: labels, objective: objective, change: change)
    }
}
