import Foundation

/// Bezdek's validity indices of a fuzzy partition, for choosing k: how crisp the memberships are.
///
/// `memberships` is N×k with rows summing to 1. Both indices are averages over the N rows, so
/// they compare runs on the same data with different k:
/// - partition coefficient PC = (1/N) Σ_ij u_ij², in [1/k, 1]: 1 for a hard partition, 1/k when
///   every membership is 1/k. Higher is crisper. This is scikit-fuzzy's `fpc`
///   (trace(u·uᵀ)/N on its k×N matrix).
/// - partition entropy PE = −(1/N) Σ_ij u_ij ln u_ij (0·ln 0 = 0), in [0, ln k]: 0 for a hard
///   partition. Lower is crisper.
/// Both favour small k on their own (PC of k = 2 is at least 1/2), so a sweep shows them beside
/// each other rather than taking the best value blindly. With no rows both are NaN.
///
/// The sums run row by row in order, so the answer does not depend on threads.
public enum FuzzyPartition {
    public static func coefficient(_ memberships: Matrix) -> Double {
        var total = 0.0
        for u in memberships.values { total += u * u }
        return total / Double(memberships.rows)
    }

    public static func entropy(_ memberships: Matrix) -> Double {
        var total = 0.0
        for u in memberships.values where u > 0 { total += u * log(u) }
        return -total / Double(memberships.rows)
    }
}
