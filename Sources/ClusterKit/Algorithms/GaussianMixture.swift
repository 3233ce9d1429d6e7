import Dispatch
import Foundation

/// A Gaussian mixture fitted by EM, as a steppable value: each `step()` is one EM iteration of
/// scikit-learn's `GaussianMixture.fit`.
///
/// Iteration 0 is the initialisation: a k-means run (same init and seed, scikit-learn's k-means
/// defaults) whose hard labels give the weights, means and covariances. Step t runs the E-step
/// under the parameters of t−1 (whose mean log-likelihood becomes `lowerBound`, as scikit-learn's
/// `lower_bound_`) and the M-step to the parameters of t. Converged when |Δ lowerBound| < tol.
/// `labels`, `meanLogLikelihood` and `responsibilities()` describe the current parameters.
public struct GaussianMixture: Sendable, Equatable, IterativeFit {
    public struct Configuration: Sendable, Equatable, Hashable, FitConfiguration {
        public var common: CommonFitSettings
        public var covarianceType: CovarianceType
        public var regCovar: Double
        public init(k: Int, covarianceType: CovarianceType = .full, initMethod: InitMethod = .kMeansPlusPlus,
                    seed: UInt32 = 0, maxIterations: Int = 100, tolerance: Double = 1e-3, regCovar: Double = 1e-6) {
            common = CommonFitSettings(k: k, initMethod: initMethod, seed: seed, maxIterations: maxIterations,
                                       tolerance: tolerance)
            self.covarianceType = covarianceType
            self.regCovar = regCovar
        }
    }

    public let configuration: Configuration
    public let data: Matrix
    public private(set) var weights: [Double]
    public private(set) var means: Matrix
    public private(set) var covariances: Covariances
    var precisions: PrecisionFactors
    public internal(set) var iteration = 0
    /// scikit-learn's `lower_bound_`: the mean log-likelihood of the parameters before the last
    /// M-step; −∞ at initialisation.
    public private(set) var lowerBound = -Double.infinity
    /// Mean log-likelihood of the data under the current parameters (scikit-learn's `score`).
    public private(set) var meanLogLikelihood: Double
    public internal(set) var converged = false
    /// argmax of the responsibilities under the current parameters.
    public private(set) var labels: [Int32]
    public private(set) var changedLabels = 0
    private let gram: Matrix
    private var cache: ResponsibilityCache

    /// Initialises as scikit-learn's `init_params="kmeans"`, with the configured init and seed.
    public init(data: Matrix, configuration: Configuration) throws {
        let kmeans = try KMeans(data: data, configuration: .init(
            k: configuration.k, initMethod: configuration.initMethod, seed: configuration.seed)).run()
        try self.init(data: data, configuration: configuration, labels: kmeans.labels)
    }

    /// Initialises from a hard partition (one-hot responsibilities), with no EM step: the
    /// parameters scikit-learn's `_initialize` estimates from those labels.
    public init(data: Matrix, configuration: Configuration, labels: [Int32]) throws {
        let k = configuration.k, n = data.rows
        var resp = [Double](repeating: 0, count: n * k)
        for i in 0..<n { resp[i * k + Int(labels[i])] = 1 }
        let gram = configuration.covarianceType == .tied ? gramMatrix(data) : Matrix(rows: 0, columns: 0)
        let p = GaussianParameters.estimate(data, resp: resp, k: k, type: configuration.covarianceType,
                                            regCovar: configuration.regCovar, xtx: gram)
        try self.init(data: data, configuration: configuration, gram: gram,
                      weights: p.componentMass.map { $0 / Double(n) }, parameters: p)
    }

    /// A mixture from stored parameters (a saved model), with no data: it answers point queries
    /// (`responsibilities(of:)`, `weightedLogProbabilities(of:)`) exactly as the mixture they came
    /// from, since the precisions are derived from the covariances the same way. It is marked
    /// converged so `run()` never steps it. Throws `NotPositiveDefinite` for a bad covariance.
    public init(weights: [Double], means: Matrix, covariances: Covariances, configuration: Configuration) throws {
        self.configuration = configuration
        self.data = Matrix(rows: 0, columns: means.columns)
        self.gram = Matrix(rows: 0, columns: 0)
        self.weights = weights
        self.means = means
        self.covariances = covariances
        self.precisions = try PrecisionFactors(covariances, k: configuration.k, d: means.columns, means: means)
        self.meanLogLikelihood = .nan
        self.converged = true
        self.labels = []
        self.cache = ResponsibilityCache(nil)
    }

    /// A mixture with given parameters on `data` (iteration 0), e.g. a saved model opened on its
    /// data: the E-step runs, nothing is estimated.
    public init(data: Matrix, configuration: Configuration, weights: [Double], means: Matrix,
                covariances: Covariances) throws {
        let gram = configuration.covarianceType == .tied ? gramMatrix(data) : Matrix(rows: 0, columns: 0)
        try self.init(data: data, configuration: configuration, gram: gram, weights: weights,
                      parameters: GaussianParameters(componentMass: weights, means: means, covariances: covariances))
    }

    private init(data: Matrix, configuration: Configuration, gram: Matrix, weights: [Double],
                 parameters p: GaussianParameters) throws {
        self.configuration = configuration
        self.data = data
        self.gram = gram
        self.weights = weights
        self.means = p.means
        self.covariances = p.covariances
        self.precisions = try PrecisionFactors(p.covariances, k: configuration.k, d: data.columns, means: p.means)
        let e = EStep.compute(data, weights: weights, means: p.means, precisions: precisions)
        self.meanLogLikelihood = e.meanLogLikelihood
        self.labels = e.labels
        self.cache = ResponsibilityCache(e.responsibilities)
    }

    public var k: Int { configuration.k }
    var maxIterations: Int { configuration.maxIterations }

    /// One EM iteration. Throws `NotPositiveDefinite` when a component collapses.
    public func step() throws -> GaussianMixture {
        let resp = responsibilities()
        let p = GaussianParameters.estimate(data, resp: resp, k: k, type: configuration.covarianceType,
                                            regCovar: configuration.regCovar, xtx: gram)
        let total = p.componentMass.reduce(0, +)
        var next = try GaussianMixture(data: data, configuration: configuration, gram: gram,
                                       weights: p.componentMass.map { $0 / total }, parameters: p)
        next.iteration = iteration + 1
        next.lowerBound = meanLogLikelihood
        next.converged = abs(next.lowerBound - lowerBound) < configuration.tolerance
        var changed = 0
        for i in labels.indices where labels[i] != next.labels[i] { changed += 1 }
        next.changedLabels = changed
        return next
    }

    /// Steps until converged or `maxIterations`.
    public func run(maxIterations: Int? = nil) throws -> GaussianMixture {
        try run(limit: maxIterations) { try $0.step() }
    }

    /// Responsibilities of every row under the current parameters (n × k, row-major).
    public func responsibilities() -> [Double] {
        cache.values ?? EStep.compute(data, weights: weights, means: means, precisions: precisions).responsibilities
    }

    /// This state without its cached responsibilities: what a long history should keep.
    public func compacted() -> GaussianMixture {
        var copy = self
        copy.cache = ResponsibilityCache(nil)
        return copy
    }

    /// log(w_j) + log N(x | μ_j, Σ_j) for one point (k values).
    public func weightedLogProbabilities(of point: [Double]) -> [Double] {
        point.withUnsafeBufferPointer { x in
            EStep.weightedLogProbabilities(x.baseAddress!, d: data.columns, logWeights: weights.map { log($0) },
                                           means: means, precisions: precisions)
        }
    }

    /// The responsibilities (posterior component probabilities) of one point; they sum to 1.
    public func responsibilities(of point: [Double]) -> [Double] {
        softmaxOfLogs(weightedLogProbabilities(of: point))
    }

    /// Free parameters, as scikit-learn's `_n_parameters`.
    public var parameterCount: Int {
        let d = data.columns
        return configuration.covarianceType.parameterCount(k: k, d: d) + k * d + k - 1
    }

    /// Bayesian information criterion of the current parameters on the data (scikit-learn's `bic`).
    public var bic: Double {
        -2 * meanLogLikelihood * Double(data.rows) + Double(parameterCount) * log(Double(data.rows))
    }

    /// Akaike information criterion (scikit-learn's `aic`).
    public var aic: Double { -2 * meanLogLikelihood * Double(data.rows) + 2 * Double(parameterCount) }

    /// scikit-learn's `precisions_cholesky_`, nested.
    public var precisionsCholeskyNested: Any { precisions.nestedValue }

    public static func == (a: GaussianMixture, b: GaussianMixture) -> Bool {
        a.configuration == b.configuration && a.iteration == b.iteration && a.weights == b.weights
            && a.means == b.means && a.covariances == b.covariances && a.labels == b.labels
            && a.lowerBound.bitPattern == b.lowerBound.bitPattern && a.converged == b.converged
            && a.data == b.data
    }
}

/// A reference box so copies of a state share one responsibility matrix instead of copying it.
final class ResponsibilityCache: @unchecked Sendable {
    let values: [Double]?
    init(_ values: [Double]?) { self.values = values }
}

/// The E-step: responsibilities, hard labels and mean log-likelihood under given parameters.
///
/// Rows go in blocks (in parallel): first the squared Mahalanobis distances of the whole block
/// (diag and spherical by the blocked product of `DiagonalExpansion`, full and tied directly), then
/// per row the log-probabilities, their log-sum-exp and the responsibilities. Every entry depends
/// only on its row and the parameters, never on the blocking or the threads, and the mean
/// log-likelihood is summed in `ParallelChunks`' fixed order: same bits on every run and machine.
enum EStep {
    struct Result {
        var responsibilities: [Double]
        var labels: [Int32]
        var meanLogLikelihood: Double
    }

    /// Rows per parallel task: enough work per task at small k, small enough to share two cores.
    static let rowsPerBlock = 64

    /// Below this, exp(v) is exactly +0 (it underflows below −745.2): skipping the call changes no
    /// bit and avoids the C library's slow underflow path, common in high dimension.
    static let expUnderflow = -760.0

    static func compute(_ data: Matrix, weights: [Double], means: Matrix, precisions: PrecisionFactors) -> Result {
        let n = data.rows, d = data.columns, k = means.rows
        let logWeights = weights.map { log($0) }
        let expansion = precisions.expansion ?? DiagonalExpansion(means: means, precisions: precisions)
        var resp = [Double](repeating: 0, count: n * k)
        var labels = [Int32](repeating: 0, count: n)
        var rowLogLikelihood = [Double](repeating: 0, count: n)
        guard n > 0 else { return Result(responsibilities: resp, labels: labels, meanLogLikelihood: .nan) }
        let blocks = (n + rowsPerBlock - 1) / rowsPerBlock
        data.values.withUnsafeBufferPointer { x in
            resp.withUnsafeMutableBufferPointer { r in
                labels.withUnsafeMutableBufferPointer { l in
                    rowLogLikelihood.withUnsafeMutableBufferPointer { ll in
                        let xb = x.baseAddress!, rb = r.baseAddress!, lb = l.baseAddress!, llb = ll.baseAddress!
                        DispatchQueue.concurrentPerform(iterations: blocks) { b in
                            let lo = b * rowsPerBlock, hi = min(n, lo + rowsPerBlock)
                            let out = rb + lo * k
                            // The block's log-probabilities, written where its responsibilities go.
                            logProbabilities(xb + lo * d, rows: hi - lo, d: d, logWeights: logWeights, means: means,
                                             precisions: precisions, expansion: expansion, into: out)
                            for i in 0..<(hi - lo) {
                                let (best, lse) = normalise(out + i * k, k: k)
                                lb[lo + i] = Int32(best)
                                llb[lo + i] = lse
                            }
                        }
                    }
                }
            }
        }
        // Σ lse in the order the row-chunked loop always used: per chunk from 0, chunks in order.
        let partial = (0..<ParallelChunks.chunkCount(n)).map { c -> Double in
            var sum = 0.0
            for i in ParallelChunks.range(c, of: n) { sum += rowLogLikelihood[i] }
            return sum
        }
        return Result(responsibilities: resp, labels: labels, meanLogLikelihood: partial.reduce(0, +) / Double(n))
    }

    /// Turns one row's log-probabilities into responsibilities in place: exp(lp_j − logΣexp lp).
    /// Returns the first argmax (strict >, as always) and the log-sum-exp, both by `logSumExp`'s rules.
    @inline(__always)
    static func normalise(_ v: UnsafeMutablePointer<Double>, k: Int) -> (best: Int, lse: Double) {
        guard k > 0 else { return (0, -.infinity) }
        var best = 0
        for j in 1..<k where v[j] > v[best] { best = j }
        // The maximum as Sequence.max() picks it (replace while m < v_j), so NaN rows behave as before.
        var m = v[0]
        for j in 1..<k where m < v[j] { m = v[j] }
        let lse: Double
        if m.isFinite {
            var s = 0.0
            for j in 0..<k {
                let t = v[j] - m
                if !(t < expUnderflow) { s += exp(t) }
            }
            lse = m + log(s)
        } else {
            lse = m
        }
        for j in 0..<k {
            let t = v[j] - lse
            v[j] = t < expUnderflow ? 0 : exp(t)  // NaN goes to exp, as before
        }
        return (best, lse)
    }

    /// log(w_j) + log N(x_i | μ_j, Σ_j) for `rows` rows from `x`, into `out` (rows × k).
    static func logProbabilities(_ x: UnsafePointer<Double>, rows: Int, d: Int, logWeights: [Double], means: Matrix,
                                 precisions: PrecisionFactors, expansion: DiagonalExpansion?,
                                 into out: UnsafeMutablePointer<Double>) {
        let k = means.rows
        if let expansion {
            expansion.mahalanobis(x, rows: rows, into: out)
            var rejected: [Int] = []
            for e in 0..<(rows * k) where out[e].isNaN { rejected.append(e) }
            directDiagonalMahalanobis(x, d: d, k: k, entries: rejected, means: means, precisions: precisions, into: out)
        } else if precisions.covarianceType == .full || precisions.covarianceType == .tied {
            triangularMahalanobis(x, rows: rows, d: d, means: means, precisions: precisions, into: out)
        } else {
            for i in 0..<rows {
                for j in 0..<k {
                    out[i * k + j] = directMahalanobis(x + i * d, d: d, component: j, means: means, precisions: precisions)
                }
            }
        }
        let constant = Double(d) * log(2 * Double.pi)
        precisions.logDeterminants.withUnsafeBufferPointer { logDet in
            logWeights.withUnsafeBufferPointer { logW in
                for i in 0..<rows {
                    let o = out + i * k
                    for j in 0..<k { o[j] = -0.5 * (constant + o[j]) + logDet[j] + logW[j] }
                }
            }
        }
    }

    /// (x − μ_j)ᵀ Σ_j⁻¹ (x − μ_j) by the direct form: through the difference, as scikit-learn's full
    /// and tied, and as the guard's fallback for diag and spherical.
    @inline(__always)
    static func directMahalanobis(_ x: UnsafePointer<Double>, d: Int, component j: Int, means: Matrix,
                                  precisions: PrecisionFactors) -> Double {
        means.values.withUnsafeBufferPointer { mu in
            let m = mu.baseAddress! + j * d
            var maha = 0.0
            switch precisions.covarianceType {
            case .full, .tied:
                // y = diffᵀ·P with P upper triangular: y_c = Σ_{r ≤ c} diff_r P_rc.
                precisions.matrices[precisions.covarianceType == .full ? j : 0].values.withUnsafeBufferPointer { pb in
                    for c in 0..<d {
                        var y = 0.0
                        for r in 0...c { y += (x[r] - m[r]) * pb[r * d + c] }
                        maha += y * y
                    }
                }
            case .diag:
                precisions.diagonal.values.withUnsafeBufferPointer { pc in
                    for f in 0..<d { let y = (x[f] - m[f]) * pc[j * d + f]; maha += y * y }
                }
            case .spherical:
                var s = 0.0
                for f in 0..<d { let t = x[f] - m[f]; s += t * t }
                let p = precisions.spherical[j]
                maha = s * p * p
            }
            return maha
        }
    }

    /// `directMahalanobis` for full and tied, the same bits, with the loops turned round: every
    /// y_c is still 0 + Σ_{r ≤ c} diff_r · P_rc added in r order (the same products, the same
    /// additions, no fused multiply-add), but r runs outside and c inside, so the inner loop walks a
    /// row of P contiguously and updates independent y_c (it vectorises) instead of one serial chain
    /// down a column of P per c (latency-bound and strided: ~5× slower at D = 128). diff_r is
    /// computed once per row and component instead of once per (r, c).
    static func triangularMahalanobis(_ x: UnsafePointer<Double>, rows: Int, d: Int, means: Matrix,
                                      precisions: PrecisionFactors, into out: UnsafeMutablePointer<Double>) {
        let k = means.rows
        let diff = UnsafeMutablePointer<Double>.allocate(capacity: max(d, 1))
        let y = UnsafeMutablePointer<Double>.allocate(capacity: max(d, 1))
        defer {
            diff.deallocate()
            y.deallocate()
        }
        means.values.withUnsafeBufferPointer { mu in
            for j in 0..<k {
                let m = mu.baseAddress! + j * d
                precisions.matrices[precisions.covarianceType == .full ? j : 0].values.withUnsafeBufferPointer { pb in
                    let p = pb.baseAddress!
                    for i in 0..<rows {
                        let xi = x + i * d
                        for r in 0..<d { diff[r] = xi[r] - m[r] }
                        y.initialize(repeating: 0, count: d)
                        // Four rows of P per pass over y (each y_c still takes them in r order),
                        // so y is loaded and stored a quarter as often.
                        var r = 0
                        while r + 4 <= d {
                            let d0 = diff[r], d1 = diff[r + 1], d2 = diff[r + 2], d3 = diff[r + 3]
                            let p0 = p + r * d, p1 = p0 + d, p2 = p1 + d, p3 = p2 + d
                            // The triangle's corner: y_c takes only the rows r' ≤ c.
                            y[r] += d0 * p0[r]
                            y[r + 1] += d0 * p0[r + 1]
                            y[r + 1] += d1 * p1[r + 1]
                            y[r + 2] += d0 * p0[r + 2]
                            y[r + 2] += d1 * p1[r + 2]
                            y[r + 2] += d2 * p2[r + 2]
                            for c in (r + 3)..<d { y[c] = y[c] + d0 * p0[c] + d1 * p1[c] + d2 * p2[c] + d3 * p3[c] }
                            r += 4
                        }
                        while r < d {
                            let dr = diff[r], pr = p + r * d
                            for c in r..<d { y[c] += dr * pr[c] }
                            r += 1
                        }
                        var maha = 0.0
                        for c in 0..<d { maha += y[c] * y[c] }
                        out[i * k + j] = maha
                    }
                }
            }
        }
    }

    /// `directMahalanobis` (diag or spherical) of the entries e = i·k + j listed, four at a time in
    /// SIMD lanes: four independent chains instead of one, each lane the same operations in the
    /// same order as the scalar loop (no fused multiply-add), so the same bits.
    static func directDiagonalMahalanobis(_ x: UnsafePointer<Double>, d: Int, k: Int, entries: [Int], means: Matrix,
                                          precisions: PrecisionFactors, into out: UnsafeMutablePointer<Double>) {
        let diagonal = precisions.covarianceType == .diag
        let whole = entries.count / 4 * 4
        means.values.withUnsafeBufferPointer { mb in
            precisions.diagonal.values.withUnsafeBufferPointer { pb in
                let mu = mb.baseAddress!
                var g = 0
                while g < whole {
                    let e = SIMD4(entries[g], entries[g + 1], entries[g + 2], entries[g + 3])
                    let i = e / k, j = e % k
                    let xr = SIMD4(i[0] * d, i[1] * d, i[2] * d, i[3] * d), mr = SIMD4(j[0] * d, j[1] * d, j[2] * d, j[3] * d)
                    var acc = SIMD4<Double>(repeating: 0)
                    if diagonal {
                        let pc = pb.baseAddress!
                        for f in 0..<d {
                            let t = SIMD4(x[xr[0] + f], x[xr[1] + f], x[xr[2] + f], x[xr[3] + f])
                                - SIMD4(mu[mr[0] + f], mu[mr[1] + f], mu[mr[2] + f], mu[mr[3] + f])
                            let y = t * SIMD4(pc[mr[0] + f], pc[mr[1] + f], pc[mr[2] + f], pc[mr[3] + f])
                            acc = acc + y * y
                        }
                    } else {
                        for f in 0..<d {
                            let t = SIMD4(x[xr[0] + f], x[xr[1] + f], x[xr[2] + f], x[xr[3] + f])
                                - SIMD4(mu[mr[0] + f], mu[mr[1] + f], mu[mr[2] + f], mu[mr[3] + f])
                            acc = acc + t * t
                        }
                        let p = SIMD4(precisions.spherical[j[0]], precisions.spherical[j[1]],
                                      precisions.spherical[j[2]], precisions.spherical[j[3]])
                        acc = acc * p * p
                    }
                    for l in 0..<4 { out[e[l]] = acc[l] }
                    g += 4
                }
            }
        }
        for e in entries[whole...] {
            out[e] = directMahalanobis(x + e / k * d, d: d, component: e % k, means: means, precisions: precisions)
        }
    }

    /// log(w_j) + log N(x | μ_j, Σ_j) for one point (k values): the same bits as the point's row in
    /// `compute`.
    static func weightedLogProbabilities(_ x: UnsafePointer<Double>, d: Int, logWeights: [Double],
                                         means: Matrix, precisions: PrecisionFactors) -> [Double] {
        var out = [Double](repeating: 0, count: means.rows)
        out.withUnsafeMutableBufferPointer { o in
            logProbabilities(x, rows: 1, d: d, logWeights: logWeights, means: means, precisions: precisions,
                             expansion: precisions.expansion ?? DiagonalExpansion(means: means, precisions: precisions),
                             into: o.baseAddress!)
        }
        return out
    }
}

/// log Σ exp(v), stable for any finite or −∞ entries.
public func logSumExp(_ v: [Double]) -> Double {
    guard let m = v.max(), m.isFinite else { return v.max() ?? -.infinity }
    var s = 0.0
    for x in v { s += exp(x - m) }
    return m + log(s)
}

/// exp(v_j − logΣexp(v)): a probability vector from log-weights. Entries at −∞ get 0; when every
/// entry is −∞ the answer is uniform.
/// (`MembershipKernels.softmaxOfLogs` on a copy: the one implementation every rule uses.)
public func softmaxOfLogs(_ v: [Double]) -> [Double] {
    var e = v
    e.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { MembershipKernels.softmaxOfLogs(base, $0.count) } }
    return e
}
