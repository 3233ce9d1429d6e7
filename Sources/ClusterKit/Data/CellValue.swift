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
    @inline(__always)
    static func classify(_ p: UnsafePointer<UInt8>, _ count: Int) -> CellValue {
        var lo = 0
        var hi = count
        while lo < hi && (p[lo] == UInt8(ascii: " ") || p[lo] == UInt8(ascii: "\t")) { lo += 1 }
        while hi > lo && (p[hi - 1] == UInt8(ascii: " ") || p[hi - 1] == UInt8(ascii: "\t")) { hi -= 1 }
        if lo == hi { return .missing }
        if let v = FastFloat.parse(p + lo, hi - lo) {
            return v.isFinite ? .number(v) : .missing
        }
        return isMissingWord(p + lo, hi - lo) ? .missing : .text
    }

    /// Classifies the bytes of a buffer slice.
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>) -> CellValue {
        guard let base = bytes.baseAddress else { return .missing }
        return classify(base, bytes.count)
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
