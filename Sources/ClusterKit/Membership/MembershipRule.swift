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
/// huge β the hard assignment; everything stays finite for distances from 0 to 1e300.
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

    /// p_j ∝ d_j^(−e), as log-weights −e·log d_j (log 0 = −∞ → weight +∞ → shared by ties).
    static func powerRule(_ d: [Double], exponent e: Double) -> [Double] {
        softmaxOfLogs(d.map { $0 == 0 ? .infinity : -e * log($0) })
    }

    /// Cosine similarity of `x` with each row of `means`; 0 where either vector is zero.
    public static func cosine(_ x: [Double], means: Matrix) -> [Double] {
        let xn = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return (0..<means.rows).map { j in
            var dot = 0.0, mn = 0.0
            for f in x.indices { dot += x[f] * means[j, f]; mn += means[j, f] * means[j, f] }
            let denominator = xn * mn.squareRoot()
            return denominator > 0 ? dot / denominator : 0
        }
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
