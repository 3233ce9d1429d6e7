/// What one field means to a numeric column.
enum CellValue: Equatable {
    /// A finite number.
    case number(Double)
    /// Empty, a missing marker or an infinity.
    case missing
    /// Anything else.
    case text

    /// Classifies the field's content (already unquoted).
    ///
    /// Surrounding spaces and tabs are ignored. Missing markers, case-insensitive: `NA`, `N/A`,
    /// `NaN` (also signed), `null`. Infinities count as missing because no clustering can use
    /// them: `inf`, `infinity` (signed, any case) and numbers that overflow a double.
    /// With `decimalComma`, one `,` stands for the decimal point (`2,25` is 2.25).
    @inline(__always)
    static func classify(_ p: UnsafePointer<UInt8>, _ count: Int, decimalComma: Bool = false) -> CellValue {
        var lo = 0
        var hi = count
        while lo < hi && (p[lo] == UInt8(ascii: " ") || p[lo] == UInt8(ascii: "\t")) { lo += 1 }
        while hi > lo && (p[hi - 1] == UInt8(ascii: " ") || p[hi - 1] == UInt8(ascii: "\t")) { hi -= 1 }
        if lo == hi { return .missing }
        if let v = decimalComma ? parseWithDecimalComma(p + lo, hi - lo) : FastFloat.parse(p + lo, hi - lo) {
            return v.isFinite ? .number(v) : .missing
        }
        return isMissingWord(p + lo, hi - lo) ? .missing : .text
    }

    /// Classifies the bytes of a buffer slice.
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>, decimalComma: Bool = false) -> CellValue {
        guard let base = bytes.baseAddress else { return .missing }
        return classify(base, bytes.count, decimalComma: decimalComma)
    }

    /// Whether a value whose first (non-blank) byte is `b` can only be text: no number, missing
    /// marker or infinity starts with it. Lets a label column skip the number parser.
    @inline(__always)
    static func startsAsText(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "i"), UInt8(ascii: "I"):
            return false
        default:
            return true
        }
    }

    /// Whether text (already unquoted) would be a finite number if its one `,` were a decimal
    /// point, as in `2,25` from a German or French spreadsheet: the cue for the `--decimal ,` hint.
    static func looksLikeDecimalComma(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var lo = 0
        var hi = count
        while lo < hi && (p[lo] == UInt8(ascii: " ") || p[lo] == UInt8(ascii: "\t")) { lo += 1 }
        while hi > lo && (p[hi - 1] == UInt8(ascii: " ") || p[hi - 1] == UInt8(ascii: "\t")) { hi -= 1 }
        // Cheap rejections first: this runs on every value of a text column.
        guard hi > lo, hi - lo <= 64 else { return false }
        let b = p[lo]
        guard (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
                || b == UInt8(ascii: ",") else { return false }
        guard let v = parseWithDecimalComma(p + lo, hi - lo) else { return false }
        return v.isFinite
    }

    /// Parses a number whose decimal separator is `,` (exactly one, no `.`); plain integers too.
    private static func parseWithDecimalComma(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        guard count <= 64 else { return nil }
        var commas = 0
        for i in 0..<count {
            if p[i] == UInt8(ascii: ",") { commas += 1 } else if p[i] == UInt8(ascii: ".") { return nil }
        }
        if commas == 0 { return FastFloat.parse(p, count) }
        guard commas == 1 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { copy in
            for i in 0..<count { copy[i] = p[i] == UInt8(ascii: ",") ? UInt8(ascii: ".") : p[i] }
            return FastFloat.parse(copy.baseAddress!, count)
        }
    }

    private static let missingWords: [[UInt8]] = ["na", "n/a", "nan", "null", "inf", "infinity"].map { Array($0.utf8) }

    /// Matches a missing marker or infinity word, ignoring ASCII case and one leading sign
    /// (a signed `na` or `null` is accepted too; harmless and simpler).
    private static func isMissingWord(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var start = 0
        if count > 0 && (p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+")) { start = 1 }
        let length = count - start
        guard length >= 2 && length <= 8 else { return false }
        for word in missingWords where word.count == length {
            var k = 0
            while k < length && asciiLower(p[start + k]) == word[k] { k += 1 }
            if k == length { return true }
        }
        return false
    }

    @inline(__always)
    private static func asciiLower(_ b: UInt8) -> UInt8 {
        b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
    }
}
