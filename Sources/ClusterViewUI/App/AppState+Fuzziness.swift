import ClusterKit

/// The fuzziness m (`} {`), turned live as β is: the fuzzy rule p_j ∝ d_j^(−2/(m−1)) follows at
/// once, and a method whose fit reads m refits (`ClusteringMethod.fitParameters`).
///
/// Design note: the keys scale m − 1 by 1.5, not m. The fuzzy rule is a softmax of −log d_j with
/// stiffness 2/(m−1), so `{` and `}` multiply and divide that stiffness by 1.5 exactly as `]` and
/// `[` do β; m never reaches 1, and the steps are fine near 1, where the rule changes fastest
/// (2 → 1.67 → 1.44 → 1.3 …, and up 2.5, 3.25 …).
extension AppState {
    /// The m the keys reach: m − 1 from 0.01 to 100 (the rule's stiffness 2/(m−1) from 200 down
    /// to 0.02, nearly hard to nearly uniform). A `--fuzziness` outside it is kept until a key
    /// moves m towards it.
    static let fuzzinessKeyRange: ClosedRange<Double> = 1.01...101

    /// `}` (factor > 1) or `{` (< 1): m − 1 times `factor`, within `fuzzinessKeyRange`.
    mutating func stepFuzziness(by factor: Double) -> [Effect] {
        let current = targetSettings.fuzziness, range = Self.fuzzinessKeyRange
        let stepped = 1 + (current - 1) * factor
        // Clamped, but never moved against the key's direction (from a `--fuzziness` outside the range).
        let m = factor < 1 ? max(stepped, min(current, range.lowerBound)) : min(stepped, max(current, range.upperBound))
        if m == current {
            message = "m stays \(NumberFormat.fuzziness(m)) (the keys keep m within \(NumberFormat.fuzziness(range.lowerBound))…"
                + "\(NumberFormat.fuzziness(range.upperBound)))"
            return []
        }
        let effects = applyLive(.fuzziness, m)
        // The status line shows m where it matters; elsewhere the key still says what it did.
        if !fuzzinessOnStatusLine { message = "m=\(NumberFormat.fuzziness(m)) for the fuzzy rule (v compares every rule)" }
        return effects
    }

    /// Whether the status line shows `m=`: the method (or the one being fitted) reads m, or the
    /// fuzzy rule is on screen (the `v` comparison, or the map's rule and its `w` formula).
    public var fuzzinessOnStatusLine: Bool {
        targetSettings.method.fitReads(.fuzziness) || showCompare || mapRule == .fuzzy
    }
}
