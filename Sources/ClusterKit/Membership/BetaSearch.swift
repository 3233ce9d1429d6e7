import Foundation

/// The softmax stiffness β that best matches target probabilities (`--beta auto`).
///
/// Given each row's distances d_ij to the k centroids and target probabilities r_ij (each row
/// summing to 1), finds the β ≥ 0 minimising the mean cross-entropy
///
///     H(β) = −(1/n) Σ_i Σ_j r_ij · log p_ij(β),   p_ij(β) = exp(−β·d_ij) / Σ_l exp(−β·d_il).
///
/// Shapes: `distances` and `targets` are n × k, row-major. Pure and deterministic: one thread,
/// rows summed in order.
///
/// Design notes: H_i(β) = β·Σ_j r_ij·d_ij + log Σ_j exp(−β·d_ij) is convex in β (a log-sum-exp of
/// functions linear in β), with H′(β) = mean(E_r[d] − E_p(β)[d]), which only grows with β (its
/// derivative is the mean variance of d under p). So the minimum is where H′ changes sign: the
/// search brackets it by factors of 4 in log β from a scale set by the data, then bisects log β
/// on the sign of H′ until the bracket is 1e-12 wide in relative terms. Bisection on the
/// derivative finds β to near machine precision; a golden-section search on H itself would stop
/// at about √ε, where H is flat. Edge cases: if even β = 0 (uniform p) is already as sharp as
/// the targets, H′(0) ≥ 0 and β = 0 (`limit == .zero`); if the targets are one-hot on the nearest
/// centroid for every row, H only decreases and no finite β is best (`limit == .unbounded`, β is
/// where softmax becomes one-hot to print precision, 37 / the smallest gap between a row's nearest
/// and next distance, or the largest β tried when the bracket runs out). Rows whose targets or
/// distances are not finite are skipped.
public enum BetaSearch {
    public struct Result: Sendable, Equatable {
        public var beta: Double
        /// H(β), the mean cross-entropy in nats.
        public var crossEntropy: Double
        /// Set when the best β is at an end of the search rather than inside it.
        public var limit: Limit?

        public enum Limit: Sendable, Equatable {
            /// β = 0 is best: even uniform probabilities are no softer than the targets.
            case zero
            /// Larger β always does better (targets one-hot on the nearest centroid); `beta` is
            /// where softmax is one-hot to print precision, or the largest tried.
            case unbounded
        }
    }

    /// The search's span around its starting scale, in factors of 4 either way (4^40 ≈ 1e24).
    static let bracketSteps = 40

    /// The best β, or nil when there is nothing to fit (no rows, k < 2, or no finite row) or
    /// when `isCancelled` says stop (asked before each pass over the rows).
    public static func best(distances: [Double], targets: [Double], k: Int,
                            isCancelled: () -> Bool = { false }) -> Result? {
        precondition(distances.count == targets.count, "distances and targets must both be n × k")
        guard k >= 2, !distances.isEmpty else { return nil }
        let rows = usableRows(distances: distances, targets: targets, k: k)
        guard !rows.isEmpty else { return nil }
        var cancelled = false
        func slope(_ beta: Double) -> Double {
            if cancelled || isCancelled() { cancelled = true; return 0 }
            return derivative(beta: beta, distances: distances, targets: targets, k: k, rows: rows)
        }
        func value(_ beta: Double) -> Double { crossEntropy(beta: beta, distances: distances, targets: targets, k: k, rows: rows) }
        if slope(0) >= 0 { return cancelled ? nil : Result(beta: 0, crossEntropy: value(0), limit: .zero) }
        // The scale: 1 / the mean spread of a row's distances (β·spread ≈ 1 is where softmax bends).
        var spread = 0.0
        for i in rows {
            var lo = Double.infinity, hi = -Double.infinity
            for j in 0..<k { lo = Swift.min(lo, distances[i * k + j]); hi = Swift.max(hi, distances[i * k + j]) }
            spread += hi - lo
        }
        spread /= Double(rows.count)
        // Every row's distances all equal: p is uniform at any β, so β = 0 says it all.
        guard spread > 0 else { return Result(beta: 0, crossEntropy: value(0), limit: .zero) }
        // H′(∞) = mean E_r[d − d_min]: 0 when every target is one-hot on a nearest centroid, and
        // then no finite β is best. Report the β at which softmax is one-hot to print precision
        // (e^−37 < 1e-16 for the smallest gap between a row's nearest and next distances).
        if sharpestSlope(distances: distances, targets: targets, k: k, rows: rows) <= 0 {
            let gap = smallestGap(distances: distances, k: k, rows: rows)
            let beta = 37 / gap
            return Result(beta: beta, crossEntropy: value(beta), limit: .unbounded)
        }
        var lo = 1 / spread, hi = lo
        if slope(lo) < 0 {
            var steps = 0
            repeat {
                lo = hi; hi *= 4; steps += 1
                if steps > bracketSteps || !hi.isFinite { return Result(beta: lo, crossEntropy: value(lo), limit: .unbounded) }
            } while slope(hi) < 0 && !cancelled
        } else {
            var steps = 0
            repeat {
                hi = lo; lo /= 4; steps += 1
                if steps > bracketSteps || lo == 0 { return Result(beta: 0, crossEntropy: value(0), limit: .zero) }
            } while slope(lo) >= 0 && !cancelled
        }
        // slope(lo) < 0 ≤ slope(hi): bisect in log β (the geometric midpoint).
        while hi / lo - 1 > 1e-12 {
            let mid = (lo * hi).squareRoot()
            guard mid > lo, mid < hi else { break }
            if slope(mid) < 0 { lo = mid } else { hi = mid }
            if cancelled { return nil }
        }
        if cancelled { return nil }
        let beta = (lo * hi).squareRoot()
        return Result(beta: beta, crossEntropy: value(beta), limit: nil)
    }

    /// mean over rows of E_r[d − d_min]: the limit of H′ as β → ∞.
    static func sharpestSlope(distances: [Double], targets: [Double], k: Int, rows: [Int]) -> Double {
        var total = 0.0
        for i in rows {
            let dMin = rowMinimum(distances, i * k, k)
            for j in 0..<k { total += targets[i * k + j] * (distances[i * k + j] - dMin) }
        }
        return total / Double(rows.count)
    }

    /// The smallest positive gap between a row's nearest distance and another of its distances.
    static func smallestGap(distances: [Double], k: Int, rows: [Int]) -> Double {
        var smallest = Double.infinity
        for i in rows {
            let dMin = rowMinimum(distances, i * k, k)
            for j in 0..<k where distances[i * k + j] > dMin { smallest = Swift.min(smallest, distances[i * k + j] - dMin) }
        }
        return smallest
    }

    /// H(β) over every usable row.
    public static func crossEntropy(beta: Double, distances: [Double], targets: [Double], k: Int) -> Double {
        crossEntropy(beta: beta, distances: distances, targets: targets, k: k,
                     rows: usableRows(distances: distances, targets: targets, k: k))
    }

    static func usableRows(distances: [Double], targets: [Double], k: Int) -> [Int] {
        (0..<(distances.count / k)).filter { i in
            (0..<k).allSatisfy { distances[i * k + $0].isFinite && targets[i * k + $0].isFinite }
        }
    }

    /// H(β) = mean over rows of β·(E_r[d] − d_min) + log Σ_j exp(−β·(d_j − d_min)), the
    /// cross-entropy written so that no exp overflows and no log of 0 is taken.
    static func crossEntropy(beta: Double, distances: [Double], targets: [Double], k: Int, rows: [Int]) -> Double {
        var total = 0.0
        for i in rows {
            let row = rowTerms(beta: beta, distances: distances, targets: targets, at: i * k, k: k)
            total += beta * row.expectedGap + log(row.weightSum)
        }
        return total / Double(rows.count)
    }

    /// H′(β) = mean over rows of E_r[d] − E_p(β)[d].
    static func derivative(beta: Double, distances: [Double], targets: [Double], k: Int, rows: [Int]) -> Double {
        var total = 0.0
        for i in rows {
            let row = rowTerms(beta: beta, distances: distances, targets: targets, at: i * k, k: k)
            total += row.expectedGap - row.weightedGap / row.weightSum
        }
        return total / Double(rows.count)
    }

    /// One row's sums over its gaps d_j − d_min, which H and H′ share: E_r[gap], Σ_j w_j and
    /// Σ_j w_j·gap with w_j = exp(−β·gap) (1 at β = 0).
    private static func rowTerms(beta: Double, distances: [Double], targets: [Double], at d: Int, k: Int)
        -> (expectedGap: Double, weightSum: Double, weightedGap: Double) {
        let dMin = rowMinimum(distances, d, k)
        var expected = 0.0, sum = 0.0, weighted = 0.0
        for j in 0..<k {
            let gap = distances[d + j] - dMin
            expected += targets[d + j] * gap
            let w = beta == 0 ? 1 : exp(-beta * gap)
            sum += w
            weighted += w * gap
        }
        return (expected, sum, weighted)
    }

    private static func rowMinimum(_ distances: [Double], _ d: Int, _ k: Int) -> Double {
        var dMin = Double.infinity
        for j in 0..<k { dMin = Swift.min(dMin, distances[d + j]) }
        return dMin
    }
}
