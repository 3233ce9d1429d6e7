import Foundation

/// Number formats for the panels: short, fixed-width, never scientific where it can be avoided.
enum NumberFormat {
    /// A probability as `0.957`, exactly 5 characters, `1.000` and `0.000` at the ends; an
    /// undefined value (NaN, e.g. the cosine of a zero vector) as `  —  `.
    static func probability(_ p: Double) -> String {
        p.isFinite ? String(format: "%.3f", p) : "  —  "
    }

    /// A general value in about `digits` significant digits: `3.42`, `145.3`, `-0.021`, `1.2e+06`.
    static func short(_ v: Double, digits: Int = 4) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
        if v == 0 { return "0" }
        let magnitude = abs(v)
        if magnitude >= 1e6 || magnitude < 1e-3 { return String(format: "%.\(max(digits - 2, 1))e", v) }
        let decimals = max(0, digits - 1 - Int(floor(log10(magnitude))))
        var s = String(format: "%.\(decimals)f", v)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    /// `beta` shown compactly: 1, 1.5, 0.667, 2.25e+03.
    static func beta(_ b: Double) -> String { short(b, digits: 3) }

    /// The fuzziness m, one digit more than β (its steps near 1 are small): 2, 1.667, 1.01, 3.25.
    static func fuzziness(_ m: Double) -> String { short(m, digits: 4) }

    /// Right-aligns `s` in `width` columns (truncating from the left if longer).
    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? String(s.suffix(width)) : String(repeating: " ", count: width - s.count) + s
    }

    /// Left-aligns `s` in `width` columns.
    static func padRight(_ s: String, _ width: Int) -> String {
        s.count >= width ? String(s.prefix(width)) : s + String(repeating: " ", count: width - s.count)
    }
}
