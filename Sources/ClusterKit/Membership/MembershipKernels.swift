import Foundation

/// Each membership rule's formula, written once: a kernel fills the k values of one point into a
/// caller's buffer, from the point's distances (or the point itself for `cosine`).
///
/// Every path that answers a rule goes through these: the panel and `membership --point/--row`
/// (`MembershipFormulas`, `MembershipContext.values(_:for:)`), `fit`'s `p_` and extra-rule columns,
/// the streaming CSV writer (`MembershipCSVRows`, straight into its scratch memory, no array per
/// row) and the FCM fit's memberships (`FuzzyCMeans`). So the doubles have the same bits
/// everywhere because there is one sequence of operations, not because two copies are kept equal.
///
/// Design note: plain pointers and a count, so the writer calls them on its per-row scratch with
/// no allocation, and the array forms in `MembershipFormulas` are thin wrappers. Row-independent
/// constants (the cosine rule's scaled means and norms, `linear`'s lower ends and spans) are
/// prepared by `cosineMeans(_:)` / `linearBounds(_:)`: once per writer, per call for the panel.
enum MembershipKernels {
    /// exp(v_j − max v) / Σ exp(v_i − max v) in place over `count` log-weights: entries at −∞ get
    /// 0; when every entry is −∞ the answer is uniform; entries at +∞ share the mass equally.
    @inline(__always)
    static func softmaxOfLogs(_ v: UnsafeMutablePointer<Double>, _ count: Int) {
        guard count > 0 else { return }
        // Sequence.max(): the first value, replaced by each later one it is less than.
        var m = v[0]
        for j in 1..<count where m < v[j] { m = v[j] }
        if m == -.infinity {
            for j in 0..<count { v[j] = 1 / Double(count) }
            return
        }
        if m == .infinity {
            var ties = 0
            for j in 0..<count where v[j] == .infinity { ties += 1 }
            for j in 0..<count { v[j] = v[j] == .infinity ? 1 / Double(ties) : 0 }
            return
        }
        var s = 0.0
        for j in 0..<count { v[j] = exp(v[j] - m); s += v[j] }
        for j in 0..<count { v[j] /= s }
    }

    /// `softmax`: p_j ∝ exp(−β·d_j) (β = 0: uniform).
    @inline(__always)
    static func softmax(distances d: UnsafePointer<Double>, beta: Double, into v: UnsafeMutablePointer<Double>, _ k: Int) {
        for j in 0..<k { v[j] = beta == 0 ? 0 : -beta * d[j] }
        softmaxOfLogs(v, k)
    }

    /// p_j ∝ d_j^(−e), as log-weights −e·log d_j (log 0 = −∞ → weight +∞ → shared by ties;
    /// an infinite or NaN distance → weight 0). `fuzzy` with e = 2/(m − 1), `inverse-power`
    /// with e = n − 1, and the FCM fit's memberships.
    @inline(__always)
    static func power(distances d: UnsafePointer<Double>, exponent e: Double, into v: UnsafeMutablePointer<Double>, _ k: Int) {
        for j in 0..<k {
            let x = d[j]
            if x == 0 { v[j] = .infinity; continue }
            guard x.isFinite else { v[j] = -.infinity; continue }
            let w = -e * log(x)
            v[j] = w.isNaN ? -.infinity : w
        }
        softmaxOfLogs(v, k)
    }

    /// `fuzzy`: p_j ∝ d_j^(−2/(m−1)).
    @inline(__always)
    static func fuzzy(distances d: UnsafePointer<Double>, fuzziness m: Double, into v: UnsafeMutablePointer<Double>, _ k: Int) {
        power(distances: d, exponent: 2 / (m - 1), into: v, k)
    }

    /// `inverse-power`: p_j ∝ (1/d_j)^(n−1) of z-score distances; uniform with n ≤ 1 feature.
    @inline(__always)
    static func inversePower(zDistances d: UnsafePointer<Double>, dimension n: Int, into v: UnsafeMutablePointer<Double>, _ k: Int) {
        if n <= 1 {
            for j in 0..<k { v[j] = 1 / Double(k) }
        } else {
            power(distances: d, exponent: Double(n - 1), into: v, k)
        }
    }

    /// `inverse-power`'s distances in z-score units: the `n` coordinates at `x` z-scored as
    /// `StandardScaler.z` does (into `z`, scratch for `n` numbers), then their distance to each
    /// z-scored centroid. (When the clustering space is standardised they are the plain distances.)
    @inline(__always)
    static func zDistances(_ x: UnsafePointer<Double>, _ n: Int, mean: UnsafePointer<Double>, scale: UnsafePointer<Double>,
                           zCentroids: UnsafePointer<Double>, scratch z: UnsafeMutablePointer<Double>,
                           into zd: UnsafeMutablePointer<Double>, _ k: Int) {
        for f in 0..<n { z[f] = Self.z(x[f], mean[f], scale[f]) }
        for j in 0..<k { zd[j] = MembershipFormulas.distance(z, zCentroids + j * n, n) }
    }

    /// `StandardScaler.z` on plain numbers: (x − mean)/scale, from the halves when the
    /// difference overflows.
    @inline(__always)
    static func z(_ x: Double, _ mean: Double, _ scale: Double) -> Double {
        let t = (x - mean) / scale
        if t.isFinite { return t }
        return (x / 2 - mean / 2) / scale * 2
    }

    /// `linear`: 1 − (d_j − lower_j)/span_j clamped to [0, 1]; 1 when the span is empty.
    @inline(__always)
    static func linear(distances d: UnsafePointer<Double>, lower: UnsafePointer<Double>, span: UnsafePointer<Double>,
                       into v: UnsafeMutablePointer<Double>, _ k: Int) {
        for j in 0..<k {
            let s = span[j]
            v[j] = s > 0 ? Swift.min(1, Swift.max(0, 1 - (d[j] - lower[j]) / s)) : 1
        }
    }

    /// `linear`'s per-cluster lower ends and spans (upper − lower) of the distance ranges.
    static func linearBounds(_ ranges: [ClosedRange<Double>]) -> (lower: [Double], span: [Double]) {
        (ranges.map(\.lowerBound), ranges.map { $0.upperBound - $0.lowerBound })
    }

    /// `gmm`: the posterior from the weighted log densities log w_j + log pdf_j(x); Spark's
    /// floored convention when `floor` > 0 (`DensityFloor`).
    @inline(__always)
    static func gmm(weightedLogDensities lp: [Double], floor: Double, into v: UnsafeMutablePointer<Double>, _ k: Int) {
        if floor > 0 {
            let p = DensityFloor.probabilities(weightedLogDensities: lp, floor: floor)
            for j in 0..<k { v[j] = p[j] }
        } else {
            for j in 0..<k { v[j] = lp[j] }
            softmaxOfLogs(v, k)
        }
    }

    /// `n` numbers divided by 2^⌊log₂ max|x|⌋ (exact; copied unchanged when all zero or not finite).
    @inline(__always)
    static func scaledByPowerOfTwo(_ x: UnsafePointer<Double>, _ n: Int, into xs: UnsafeMutablePointer<Double>) {
        var largest = 0.0
        for f in 0..<n { largest = Swift.max(largest, abs(x[f])) }
        if largest > 0, largest.isFinite {
            let power = Double(sign: .plus, exponent: largest.exponent, significand: 1)
            for f in 0..<n { xs[f] = x[f] / power }
        } else {
            for f in 0..<n { xs[f] = x[f] }
        }
    }

    /// The cosine rule's constants: each centroid scaled by `scaledByPowerOfTwo` (k·n values)
    /// and that vector's norm.
    static func cosineMeans(_ centroids: Matrix) -> (means: [Double], norms: [Double]) {
        let k = centroids.rows, n = centroids.columns
        var means = [Double](repeating: 0, count: k * n), norms = [Double](repeating: 0, count: k)
        centroids.values.withUnsafeBufferPointer { c in
            means.withUnsafeMutableBufferPointer { m in
                for j in 0..<k {
                    let row = m.baseAddress! + j * n
                    scaledByPowerOfTwo(c.baseAddress! + j * n, n, into: row)
                    var sum = 0.0
                    for f in 0..<n { sum += row[f] * row[f] }
                    norms[j] = sum.squareRoot()
                }
            }
        }
        return (means, norms)
    }

    /// `cosine`: the cosine similarity of the `n` coordinates at `x` with each scaled mean
    /// (`cosineMeans`), clamped to [−1, 1]; 0 where either vector is zero. `xs` is scratch for
    /// `n` numbers.
    @inline(__always)
    static func cosine(_ x: UnsafePointer<Double>, _ n: Int, means: UnsafePointer<Double>, norms: UnsafePointer<Double>,
                       scratch xs: UnsafeMutablePointer<Double>, into v: UnsafeMutablePointer<Double>, _ k: Int) {
        scaledByPowerOfTwo(x, n, into: xs)
        var xn = 0.0
        for f in 0..<n { xn += xs[f] * xs[f] }
        xn = xn.squareRoot()
        for j in 0..<k {
            let m = means + j * n
            var dot = 0.0
            for f in 0..<n { dot += xs[f] * m[f] }
            let denominator = xn * norms[j]
            v[j] = denominator > 0 ? Swift.min(1, Swift.max(-1, dot / denominator)) : 0
        }
    }

    /// A kernel's k values as an array: `fill` writes them into the array's memory.
    @inline(__always)
    static func array(_ k: Int, _ fill: (UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        guard k > 0 else { return [] }
        return [Double](unsafeUninitializedCapacity: k) { buffer, initialized in
            buffer.initialize(repeating: 0)
            fill(buffer.baseAddress!)
            initialized = k
        }
    }
}
