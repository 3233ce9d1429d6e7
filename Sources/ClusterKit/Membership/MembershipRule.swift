import Foundation

/// The soft-membership rules clusterview compares. Each gives k numbers for a point.
public enum MembershipRule: String, Sendable, CaseIterable, Equatable, Hashable, Codable {
    /// p_j ∝ exp(−β·d_j): soft k-means' responsibilities.
    case softmax
    /// Posterior component probabilities of a Gaussian mixture.
    case gmm
    /// p_j ∝ (1/d_j)^(n−1), d in z-score units, n the number of features.
    case inversePower = "inverse-power"
    /// Share of bootstrap k-means runs whose matched cluster j is nearest.
    case bootstrap
    /// Cosine similarity to each mean: a similarity in [−1, 1], not a probability.
    case cosine
    /// 1 − (d − min d)/(max d − min d) per cluster over the data: flat, uninformative; for comparison.
    case linear
    /// Fuzzy c-means membership p_j ∝ d_j^(−2/(m−1)).
    case fuzzy

    /// Whether the k values are a probability distribution (sum to 1).
    public var isProbability: Bool {
        switch self {
        case .cosine, .linear: return false
        default: return true
        }
    }

    /// Short column title for tables.
    public var shortName: String {
        switch self {
        case .inversePower: return "inv-power"
        default: return rawValue
        }
    }
}

/// The rules' formulas as pure functions of distances, in log space where it matters.
///
/// Edge cases: a zero distance under `inversePower` or `fuzzy` takes all the mass, shared equally
/// among ties; with n = 1 feature `inversePower` is uniform; β = 0 gives the uniform softmax and a
/// huge β the hard assignment; everything stays finite for distances from 0 to 1e300, and no
/// rule returns NaN for any input: an infinite (or NaN) distance gets no mass, and when every
/// distance is infinite the answer is uniform.
public enum MembershipFormulas {
    public static func softmax(distances d: [Double], beta: Double) -> [Double] {
        softmaxOfLogs(d.map { beta == 0 ? 0 : -beta * $0 })
    }

    public static func inversePower(zDistances d: [Double], dimension n: Int) -> [Double] {
        if n <= 1 { return Array(repeating: 1 / Double(d.count), count: d.count) }
        return powerRule(d, exponent: Double(n - 1))
    }

    public static func fuzzy(distances d: [Double], fuzziness m: Double) -> [Double] {
        powerRule(d, exponent: 2 / (m - 1))
    }

    /// p_j ∝ d_j^(−e), as log-weights −e·log d_j (log 0 = −∞ → weight +∞ → shared by ties;
    /// an infinite or NaN distance → weight 0).
    static func powerRule(_ d: [Double], exponent e: Double) -> [Double] {
        softmaxOfLogs(d.map { x in
            if x == 0 { return .infinity }
            guard x.isFinite else { return -.infinity }
            let w = -e * log(x)
            return w.isNaN ? -.infinity : w
        })
    }

    /// Euclidean distance between `a` and `b` (same length), finite whenever the true distance
    /// is: when the plain sum of squares overflows (coordinates beyond ~1e154) or underflows to
    /// 0 for distinct points, it is recomputed with the differences divided by the largest one.
    public static func distance(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count)
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in distance(pa.baseAddress!, pb.baseAddress!, a.count) }
        }
    }

    /// `distance(_:_:)` of the `n` numbers at `a` and at `b`.
    @inline(__always)
    static func distance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        let sum = squaredDistance(a, b, n)
        if sum.isFinite && (sum >= Double.leastNormalMagnitude || sum == 0 && (0..<n).allSatisfy { a[$0] == b[$0] }) {
            return sum.squareRoot()
        }
        // Slow path: rescale (halving first, so a − b itself cannot overflow).
        var largest = 0.0
        for f in 0..<n { largest = max(largest, abs(a[f] / 2 - b[f] / 2)) }
        guard largest > 0 else { return largest.isNaN ? .nan : 0 }
        guard largest.isFinite else { return .infinity }
        var scaled = 0.0
        for f in 0..<n { let t = (a[f] / 2 - b[f] / 2) / largest; scaled += t * t }
        return 2 * largest * scaled.squareRoot()
    }

    /// Cosine similarity of `x` with each row of `means`; 0 where either vector is zero.
    ///
    /// Each vector is divided by the power of two at its largest magnitude first (exact), so
    /// coordinates near ±1e308 or ±1e-300 neither overflow nor underflow the dot products.
    public static func cosine(_ x: [Double], means: Matrix) -> [Double] {
        let xs = scaledByPowerOfTwo(x)
        let xn = xs.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return (0..<means.rows).map { j in
            let m = scaledByPowerOfTwo(Array(means.row(j)))
            var dot = 0.0, mn = 0.0
            for f in xs.indices { dot += xs[f] * m[f]; mn += m[f] * m[f] }
            let denominator = xn * mn.squareRoot()
            guard denominator > 0 else { return 0 }
            return min(1, max(-1, dot / denominator))
        }
    }

    /// `v` divided by 2^⌊log₂ max|v|⌋ (unchanged when all zero or not finite).
    static func scaledByPowerOfTwo(_ v: [Double]) -> [Double] {
        let largest = v.reduce(0) { max($0, abs($1)) }
        guard largest > 0, largest.isFinite else { return v }
        let power = Double(sign: .plus, exponent: largest.exponent, significand: 1)
        return v.map { $0 / power }
    }

    /// 1 − (d_j − min_j)/(max_j − min_j), clamped to [0, 1]; 1 when a cluster's range is empty.
    public static func linear(distances d: [Double], ranges: [ClosedRange<Double>]) -> [Double] {
        d.indices.map { j in
            let span = ranges[j].upperBound - ranges[j].lowerBound
            guard span > 0 else { return 1 }
            return min(1, max(0, 1 - (d[j] - ranges[j].lowerBound) / span))
        }
    }

    /// Shannon entropy (nats) of a probability vector.
    public static func entropy(_ p: [Double]) -> Double {
        -p.reduce(0) { $1 > 0 ? $0 + $1 * log($1) : $0 }
    }

    /// Difference between the largest and second-largest values (1 for a single cluster).
    public static func margin(_ p: [Double]) -> Double {
        let sorted = p.sorted(by: >)
        return sorted.count > 1 ? sorted[0] - sorted[1] : 1
    }
}
