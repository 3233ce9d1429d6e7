import CKernels
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Decimal text to the correctly rounded `Double`, the same value as Python's `float()`.
///
/// Accepts exactly `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`; anything else
/// (words such as `inf` or `nan`, hex, inner spaces, thousands separators) returns `nil`, so callers
/// decide what words mean. Overflow gives ±infinity and underflow ±0 or a subnormal, as `strtod` does.
///
/// Most values take Clinger's fast path: with at most 19 significant digits the mantissa fits a
/// `UInt64`; when it is also ≤ 2^53 and the power of ten is exact (|e| ≤ 22), one IEEE multiply or
/// divide of two exact operands is correctly rounded. Everything else goes to `strtod` in the C
/// locale, so a host program that sets a locale with a decimal comma cannot change the result.
enum FastFloat {
    /// Parses the `count` bytes at `p`; `nil` when they are not a decimal number.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        guard let (value, length) = parsePrefix(p, count), length == count else { return nil }
        return value
    }

    /// Parses the longest decimal number at the start of the `count` bytes at `p` and says how
    /// many bytes it took; `nil` when they do not start with one. An `e` not followed by exponent
    /// digits is left unread, so `1e` gives 1 with length 1.
    ///
    /// Design note: the common case (at most 19 digits in all) accumulates every digit into one
    /// `UInt64` with no per-digit bookkeeping, taking fraction digits four at a time when it can
    /// (SWAR); longer inputs are parsed again by `parsePrefixLong`, which tracks significance.
    @inline(__always)
    static func parsePrefix(_ p: UnsafePointer<UInt8>, _ count: Int) -> (value: Double, length: Int)? {
        var i = 0
        var negative = false
        if count > 0 {
            if p[0] == UInt8(ascii: "-") { negative = true; i = 1 } else if p[0] == UInt8(ascii: "+") { i = 1 }
        }
        var mantissa: UInt64 = 0
        let integerStart = i
        while i < count {
            let d = p[i] &- UInt8(ascii: "0")
            if d > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        var digits = i - integerStart
        var exp10 = 0
        if i < count && p[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            let raw = UnsafeRawPointer(p)
            while i + 4 <= count {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian
                // All four bytes are digits: high nibbles 3, and no low nibble above 9.
                guard word & 0xF0F0_F0F0 == 0x3030_3030, (word &+ 0x0606_0606) & 0xF0F0_F0F0 == 0x3030_3030 else { break }
                var v = word &- 0x3030_3030
                v = (v &* 10 &+ (v >> 8)) & 0x00FF_00FF
                v = ((v &* (1 &+ (100 << 16))) >> 16) & 0xFFFF
                mantissa = mantissa &* 10_000 &+ UInt64(v)
                i += 4
            }
            while i < count {
                let d = p[i] &- UInt8(ascii: "0")
                if d > 9 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
            digits += i - fractionStart
            exp10 = fractionStart - i
        }
        guard digits > 0 else { return nil }
        if digits > 19 { return parsePrefixLong(p, count) }
        parseExponent(p, count, &i, &exp10)
        return (value(mantissa: mantissa, exp10: exp10, truncated: false, negative: negative, p, i), i)
    }

    /// An exponent (`e`/`E`, optional sign, digits) at `i`, if one is there: adds it to `exp10`
    /// and moves `i` past it. An `e` without digits is not an exponent and is left unread.
    @inline(__always)
    private static func parseExponent(_ p: UnsafePointer<UInt8>, _ count: Int, _ i: inout Int, _ exp10: inout Int) {
        guard i < count && (p[i] | 0x20) == UInt8(ascii: "e") else { return }
        var k = i + 1
        var expNegative = false
        if k < count && (p[k] == UInt8(ascii: "-") || p[k] == UInt8(ascii: "+")) {
            expNegative = p[k] == UInt8(ascii: "-")
            k += 1
        }
        var e = 0
        var expDigits = 0
        while k < count {
            let d = p[k] &- UInt8(ascii: "0")
            if d > 9 { break }
            // Far beyond any double's range; capping keeps the Int from overflowing.
            if e < 100_000 { e = e * 10 + Int(d) }
            expDigits += 1
            k += 1
        }
        if expDigits > 0 {
            exp10 += expNegative ? -e : e
            i = k
        }
    }

    /// The value of ±mantissa × 10^exp10 (the text's first `length` bytes), by Clinger's fast path
    /// when it is exact, else `strtod`.
    @inline(__always)
    private static func value(mantissa: UInt64, exp10: Int, truncated: Bool, negative: Bool,
                              _ p: UnsafePointer<UInt8>, _ length: Int) -> Double {
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if !truncated && mantissa <= 1 << 53 {
            var m = Double(mantissa)
            var e = exp10
            if e > 22 && e <= 22 + 15 {
                // "1e30" = (1 × 10^8) × 10^22: fine while the first product is still an exact integer.
                let scaled = m * exactPowerOfTen(e - 22)
                // Strictly below 2^53: a true product above it can round down onto 2^53 itself.
                if scaled < 9007199254740992.0 { m = scaled; e = 22 }
            }
            if e >= 0 && e <= 22 {
                let v = m * exactPowerOfTen(e)
                return negative ? -v : v
            }
            if e < 0 && e >= -22 {
                let v = m / exactPowerOfTen(-e)
                return negative ? -v : v
            }
        }
        return slowParse(p, length)
    }

    /// `parsePrefix` for inputs of more than 19 digits: leading zeros carry no significance, and
    /// digits beyond the 19th are dropped (noting whether a dropped one was non-zero).
    private static func parsePrefixLong(_ p: UnsafePointer<UInt8>, _ count: Int) -> (value: Double, length: Int)? {
        var i = 0
        var negative = false
        if count > 0 {
            if p[0] == UInt8(ascii: "-") { negative = true; i = 1 } else if p[0] == UInt8(ascii: "+") { i = 1 }
        }
        var mantissa: UInt64 = 0
        var significant = 0
        // A dropped non-zero digit means mantissa × 10^exp10 is not the exact value.
        var truncated = false
        var exp10 = 0
        var sawDigit = false

        while i < count {
            let d = p[i] &- UInt8(ascii: "0")
            if d > 9 { break }
            sawDigit = true
            if mantissa == 0 && d == 0 {
                // Leading zeros carry no significance.
            } else if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                significant += 1
            } else {
                exp10 += 1
                if d != 0 { truncated = true }
            }
            i += 1
        }
        if i < count && p[i] == UInt8(ascii: ".") {
            i += 1
            while i < count {
                let d = p[i] &- UInt8(ascii: "0")
                if d > 9 { break }
                sawDigit = true
                if mantissa == 0 && d == 0 {
                    exp10 -= 1
                } else if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significant += 1
                    exp10 -= 1
                } else if d != 0 {
                    truncated = true
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        parseExponent(p, count, &i, &exp10)
        return (value(mantissa: mantissa, exp10: exp10, truncated: truncated, negative: negative, p, i), i)
    }

    /// 10^e for 0 ≤ e ≤ 22, all exactly representable: a table lookup, not a switch (whose jump
    /// table cost a mispredicted indirect branch per number). The table is C's (a static inline
    /// function over read-only data): a constant Swift tuple was copied to the stack on every call.
    @inline(__always)
    private static func exactPowerOfTen(_ e: Int) -> Double {
        ck_exact_power_of_ten(e)
    }

    /// `strtod` on a NUL-terminated copy; only reached for text already checked against the grammar.
    private static func slowParse(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { tmp in
            for k in 0..<count { tmp[k] = CChar(bitPattern: p[k]) }
            tmp[count] = 0
            let previous = uselocale(CLocale.numeric)
            defer { uselocale(previous) }
            return strtod(tmp.baseAddress!, nil)
        }
    }
}

/// The "C" locale, so `strtod` always reads `.` as the decimal point.
private enum CLocale {
    nonisolated(unsafe) static let numeric: locale_t? = newlocale(Int32(1) << LC_NUMERIC, "C", nil)
}
