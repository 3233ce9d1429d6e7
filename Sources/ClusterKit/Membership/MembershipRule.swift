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

/// The rules' formulas as pure functions of distances, for one point as arrays: each is a thin
/// wrapper over the rule's one implementation in `MembershipKernels` (which the streaming writer,
/// `fit` and the FCM fit call directly), so every path gives the same bits.
///
/// Edge cases: a zero distance under `inversePower` or `fuzzy` takes all the mass, shared equally
/// among ties; with n = 1 feature `inversePower` is uniform; β = 0 gives the uniform softmax and a
/// huge β the hard assignment; everything stays finite for distances from 0 to 1e300, and no
/// rule returns NaN for any input: an infinite (or NaN) distance gets no mass, and when every
/// distance is infinite the answer is uniform.
public enum MembershipFormulas {
    public static func softmax(distances d: [Double], beta: Double) -> [Double] {
        d.withUnsafeBufferPointer { dp in
            MembershipKernels.array(d.count) { MembershipKernels.softmax(distances: dp.baseAddress!, beta: beta, into: $0, d.count) }
        }
    }

    public static func inversePower(zDistances d: [Double], dimension n: Int) -> [Double] {
        d.withUnsafeBufferPointer { dp in
            MembershipKernels.array(d.count) { MembershipKernels.inversePower(zDistances: dp.baseAddress!, dimension: n, into: $0, d.count) }
        }
    }

    public static func fuzzy(distances d: [Double], fuzziness m: Double) -> [Double] {
        d.withUnsafeBufferPointer { dp in
            MembershipKernels.array(d.count) { MembershipKernels.fuzzy(distances: dp.baseAddress!, fuzziness: m, into: $0, d.count) }
        }
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
        guard !x.isEmpty else { return Array(repeating: 0, count: means.rows) }
        let (scaledMeans, norms) = MembershipKernels.cosineMeans(means)
        var scratch = [Double](repeating: 0, count: x.count)
        return x.withUnsafeBufferPointer { xp in
            scaledMeans.withUnsafeBufferPointer { m in
                norms.withUnsafeBufferPointer { nm in
                    scratch.withUnsafeMutableBufferPointer { xs in
                        MembershipKernels.array(means.rows) {
                            MembershipKernels.cosine(xp.baseAddress!, x.count, means: m.baseAddress!, norms: nm.baseAddress!,
                                                     scratch: xs.baseAddress!, into: $0, means.rows)
                        }
                    }
                }
            }
        }
    }

    /// 1 − (d_j − min_j)/(max_j − min_j), clamped to [0, 1]; 1 when a cluster's range is empty.
    public static func linear(distances d: [Double], ranges: [ClosedRange<Double>]) -> [Double] {
        let (lower, span) = MembershipKernels.linearBounds(ranges)
        return d.withUnsafeBufferPointer { dp in
            lower.withUnsafeBufferPointer { lo in
                span.withUnsafeBufferPointer { sp in
                    MembershipKernels.array(d.count) {
                        MembershipKernels.linear(distances: dp.baseAddress!, lower: lo.baseAddress!, span: sp.baseAddress!, into: $0, d.count)
                    }
                }
            }
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
