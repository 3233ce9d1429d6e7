/// Writes a double as Swift's `description` does (`"\(v)"`), straight into bytes, with no `String`.
///
/// Digits: the shortest decimal that reads back as the same double and, of those, the closest to
/// the exact value (ties to an even last digit). Layout as Swift's: `0.0`, `-0.0`, `1.0`, `0.0001`,
/// `1e-05`, `9007199254740992.0`, `1.2345678901234568e+17`: exponential when |v| < 1e-4 or
/// |v| > 2^53, else positional with at least one fraction digit. Non-finite values: the bytes of
/// `description` (`nan`, `inf`, `-inf`).
///
/// Design notes. Every large export (fit and features CSV, `membership --query -`) is mostly this
/// function, so it is written for speed:
/// - Digits by Schubfach (R. Giulietti, "The Schubfach way to render doubles", 2020): the rounding
///   interval's ends and the value are scaled by a 128-bit 10^-k (`PowersOfTen128`) chosen so
///   that the interval is between 1 and 10 units wide; then the answer is either the one multiple
///   of 10 inside it or the nearer of the two integers around the value. Three 64×128-bit
///   products, no loop, no failure case (Grisu3, used before, had to fall back to `description`).
/// - Integers below 2^53 (counts, `5.0`, `1.0`) skip all of that.
/// - Eight digits at a time: a number below 10^8 becomes eight ASCII bytes in one 64-bit word by
///   lane arithmetic (÷10^4, ÷100, ÷10 in parallel lanes) and one unaligned store; trailing zeros
///   are counted from the same word.
/// It writes up to `scratchLength` bytes at `out` (bytes past the returned length are scratch).
/// `ShortestDoubleReferenceTests` compares the bytes with the previous formatter (Grisu3, kept in
/// the tests) on over a million random bit patterns and ~10^5 edge values, and reads them back;
/// `ShortestDoubleTests` compares them with `description`; `scripts/shortest-double/run` does
/// both on tens of millions of values and measures the speed.
public enum ShortestDouble {
    /// Bytes of text at most: `-1.7976931348623157e+308` is 24.
    public static let maxLength = 25
    /// Bytes `write` may touch at `out` (whole-word stores run past the text's end).
    public static let scratchLength = 32

    /// Writes `v` at `out` (which must have `scratchLength` writable bytes) and returns the number
    /// of bytes of text (≤ `maxLength`).
    @inline(__always)
    public static func write(_ v: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let bits = v.bitPattern
        let sign = Int(bits >> 63)
        let magnitudeBits = bits & ~(1 << 63)
        let biased = Int(magnitudeBits >> 52), fraction = magnitudeBits & ((1 << 52) - 1)
        out[0] = UInt8(ascii: "-")  // overwritten below when positive
        let start = out + sign
        if biased == 0x7FF { return writeDescription(v, to: out) }
        if magnitudeBits == 0 {
            store(0x302E30, at: start)  // "0.0"
            return sign + 3
        }
        // Integers 1 ≤ |v| < 2^53: their own digits and ".0". (Their neighbours are at most 1 away,
        // so no decimal with fewer digits reads back as them.)
        if biased >= 1023 && biased <= 1075 {
            let shift = UInt64(1075 - biased), significand = fraction | (1 << 52)
            if significand & ((1 << shift) - 1) == 0 {
                let n = significand >> shift
                let length = decimalLength(n)
                _ = writeDigits(n, length: length, at: start)
                store(0x302E, at: start + length)  // ".0"
                return sign + length + 2
            }
        }
        let (digits, exponent) = shortestDigits(biased: biased, fraction: fraction)
        return sign + layout(digits: digits, exponent: exponent,
                             exponential: Double(bitPattern: magnitudeBits) > 9007199254740992.0, at: start)
    }

    /// `nan`, `inf`, `-inf`: rare, so Swift's own text.
    @inline(never)
    private static func writeDescription(_ v: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var text = v.description
        return text.withUTF8 { bytes in
            out.update(from: bytes.baseAddress!, count: bytes.count)
            return bytes.count
        }
    }

    // MARK: Digits (Schubfach)

    /// The shortest, closest decimal digits × 10^exponent of the positive finite non-zero double
    /// with these fields (`digits` may end in zeros; `layout` drops them).
    @inline(__always)
    static func shortestDigits(biased: Int, fraction: UInt64) -> (digits: UInt64, exponent: Int) {
        // v = c · 2^q.
        let c = biased == 0 ? fraction : fraction | (1 << 52)
        let q = biased == 0 ? -1074 : biased - 1075
        // Interval ends are in or out of the interval as c is even or odd (round-half-even reading).
        let out = c & 1
        // Everything in units of 2^q / 4, so the interval ends (half an ulp away, a quarter below
        // a power of two) are integers.
        let cb = c << 2, cbr = cb + 2
        let cbl: UInt64, k: Int
        if fraction != 0 || biased <= 1 {
            cbl = cb - 2
            k = (q &* 78913) >> 18  // ⌊q·log10 2⌋, exact for |q| ≤ 1650
        } else {
            cbl = cb - 1  // the double below is half as far
            k = (q &* 661971961083 &- 274743187321) >> 41  // ⌊log10(¾·2^q)⌋, checked for every q
        }
        // 10^-k ≈ g · 2^(⌊log2 10^-k⌋ − 127); h aligns the 64-bit factor so the product's high word
        // is the scaled value in units of ¼.
        let h = q + (((-k) &* 1741647) >> 19) + 1  // ⌊e·log2 10⌋ for |e| ≤ 4003 as ((e·1741647) >> 19)
        let i = (k - PowersOfTen128.smallestK) * 2
        let gHigh = PowersOfTen128.words[i], gLow = PowersOfTen128.words[i + 1]
        let vb = roundToOdd(gHigh, gLow, cb << h)
        let vbl = roundToOdd(gHigh, gLow, cbl << h)
        let vbr = roundToOdd(gHigh, gLow, cbr << h)

        // Candidates, chosen without branches (which way they go depends on the value's last
        // bits, so branches would be mispredicted about as often as taken):
        // - the one multiple of 10 inside the interval, if any: under 10 units wide, it holds at
        //   most one, and that one has fewer digits than any other candidate (s < 10 only for
        //   the smallest subnormals: then no shorter candidate exists);
        // - else the integer below or above the value, whichever is inside (at least 1 unit
        //   wide: one is); both inside: the closer, a tie to the even one.
        let s = vb >> 2, t = s + 1
        let sp10 = (s / 10) * 10, tp10 = sp10 + 10
        let sp10In = vbl + out <= sp10 << 2, tp10In = (tp10 << 2) + out <= vbr
        let sIn = vbl + out <= s << 2, tIn = (t << 2) + out <= vbr
        let toMidpoint = Int64(bitPattern: vb &- ((s + t) << 1))
        let closer = toMidpoint == 0 ? (s & 1 == 0 ? s : t) : (toMidpoint < 0 ? s : t)
        let nearest = sIn == tIn ? closer : (sIn ? s : t)
        let shorter = sp10In ? sp10 : tp10
        return (s >= 10 && sp10In != tp10In ? shorter : nearest, k)
    }

    /// ⌊g · cp / 2^128⌋, with its lowest bit set when the exact product of cp and 10^-k is not an
    /// integer: enough to compare it exactly with multiples of 2 (Schubfach's "round to odd").
    /// g exceeds the exact 10^-k significand by at most 1, so for cp < 2^64 the product exceeds
    /// the exact one by less than 2^64: bits 64…127 stay 0 when the exact value is an integer, and
    /// the dropped low word of gLow·cp cannot change them. (The paper proves the comparisons exact
    /// with a 126-bit g; this g has 128 bits.)
    @inline(__always)
    private static func roundToOdd(_ gHigh: UInt64, _ gLow: UInt64, _ cp: UInt64) -> UInt64 {
        let low = gLow.multipliedFullWidth(by: cp).high
        let high = gHigh.multipliedFullWidth(by: cp)
        let (middle, carry) = high.low.addingReportingOverflow(low)
        return (high.high &+ (carry ? 1 : 0)) | (middle != 0 ? 1 : 0)
    }

    // MARK: Layout

    /// `digits` × 10^exponent (digits > 0, possibly with trailing zeros) laid out as Swift does,
    /// at `out`; returns the length.
    @inline(__always)
    private static func layout(digits: UInt64, exponent: Int, exponential: Bool,
                               at out: UnsafeMutablePointer<UInt8>) -> Int {
        // Normal doubles have 16 or 17 digits here (subnormals fewer).
        let n = digits >= 10_000_000_000_000_000 ? 17 : digits >= 1_000_000_000_000_000 ? 16 : decimalLength(digits)
        let point = n + exponent  // digits before the decimal point (≤ 0: zeros after it)
        if exponential || point < -3 {
            // d.ddde±XX: the digits one byte to the right, then the first moved left over a point.
            let (zeros, first) = writeDigits(digits, length: n, at: out + 1)
            store(insertingPoint(into: first, after: 1), at: out)
            let length = n - zeros
            let end = length > 1 ? length + 1 : 1  // one digit: no point ('e' goes over it)
            var e = point - 1
            var word: UInt64 = e < 0 ? 0x2D65 : 0x2B65  // "e-" / "e+"
            e = e < 0 ? -e : e
            if e >= 100 {
                let rest = e % 100
                word |= UInt64(0x30 + e / 100) << 16 | UInt64(0x30 + rest / 10) << 24 | UInt64(0x30 + rest % 10) << 32
                store(word, at: out + end)
                return end + 5
            }
            word |= UInt64(0x30 + e / 10) << 16 | UInt64(0x30 + e % 10) << 24  // at least two digits
            store(word, at: out + end)
            return end + 4
        }
        if point <= 0 {
            // 0.000ddd: at most three zeros after the point (point ≥ −3).
            store(0x3030_3030_3030_2E30, at: out)  // "0.000000"
            let at = 2 - point
            return at + n - writeDigits(digits, length: n, at: out + at).zeros
        }
        // The digits one byte to the right, then the integer ones moved left before a point.
        let (zeros, first) = writeDigits(digits, length: n, at: out + 1)
        let length = n - zeros
        if point < length {
            if point < 8 {
                store(insertingPoint(into: first, after: point), at: out)
            } else {
                var i = 0
                while i < point { out[i] = out[i + 1]; i += 1 }
                out[point] = UInt8(ascii: ".")
            }
            return length + 1
        }
        // Only 2^53 itself (smaller integers take the fast path): digits, zeros, ".0".
        var i = 0
        while i < length { out[i] = out[i + 1]; i += 1 }
        while i < point { out[i] = UInt8(ascii: "0"); i += 1 }
        store(0x302E, at: out + i)
        return i + 2
    }

    /// The eight bytes to store at `out` when `first` (the first eight digit bytes) was stored at
    /// `out + 1`: its first `count` (1…7) bytes, a point, then the rest of them. Built in a register
    /// and stored over the digits, because moving bytes just stored would wait on those stores.
    @inline(__always)
    static func insertingPoint(into first: UInt64, after count: Int) -> UInt64 {
        let shift = UInt64(8 * count)
        let before = (1 &<< shift) &- 1
        return (first & before) | (0x2E &<< shift) | ((first &<< 8) & ~((before &<< 8) | 0xFF))
    }

    /// Number of decimal digits of `x` ≥ 1.
    @inline(__always)
    static func decimalLength(_ x: UInt64) -> Int {
        // ⌊log10 2^bits⌋ (1233/4096 ≈ log10 2) is the digit count or one less.
        let guess = ((64 - x.leadingZeroBitCount) &* 1233) >> 12
        return guess + (x >= powersOfTen[guess] ? 1 : 0)
    }

    private static let powersOfTen: [UInt64] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
        10_000_000_000_000_000_000,
    ]

    /// Writes the `length` (≤ 17) digits of `x` at `out` (and may scribble up to 8 bytes after
    /// them); returns how many of them are trailing zeros, and the first eight bytes written.
    @inline(__always)
    static func writeDigits(_ x: UInt64, length: Int, at out: UnsafeMutablePointer<UInt8>) -> (zeros: Int, first: UInt64) {
        if length <= 8 {
            let word = eightDigits(UInt32(truncatingIfNeeded: x))
            let first = word &>> UInt64(8 * (8 - length))
            store(first, at: out)
            return (trailingZeroDigits(word), first)
        }
        let high = x / 100_000_000, low = eightDigits(UInt32(truncatingIfNeeded: x - high * 100_000_000))
        if length <= 16 {
            let highWord = eightDigits(UInt32(truncatingIfNeeded: high))
            let first = highWord &>> UInt64(8 * (16 - length))
            store(first, at: out)
            store(low, at: out + length - 8)
            let zeros = trailingZeroDigits(low)
            return (zeros < 8 ? zeros : 8 + trailingZeroDigits(highWord),
                    length == 16 ? first : first | low &<< UInt64(8 * (length - 8)))
        }
        // 17 digits: one, then eight, then eight.
        let top = high / 100_000_000, middle = eightDigits(UInt32(truncatingIfNeeded: high - top * 100_000_000))
        out[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: top)
        store(middle, at: out + 1)
        store(low, at: out + 9)
        let zeros = trailingZeroDigits(low)
        return (zeros < 8 ? zeros : 8 + trailingZeroDigits(middle),  // top ≠ 0
                (0x30 + top) | middle &<< 8)
    }

    /// The eight decimal digits of `x` < 10^8 (leading zeros included) as ASCII bytes in memory
    /// order (first digit in the lowest byte), computed in parallel lanes of one 64-bit word.
    @inline(__always)
    static func eightDigits(_ x: UInt32) -> UInt64 {
        // Two 32-bit lanes of four digits each...
        var w = UInt64(x / 10_000) | UInt64(x % 10_000) << 32
        // ...four 16-bit lanes of two (÷100 as ×10486 >> 20, exact below 10^4)...
        let hundreds = ((w &* 10486) >> 20) & 0x0000_007F_0000_007F
        w = hundreds | (w &- hundreds &* 100) << 16
        // ...eight bytes of one (÷10 as ×103 >> 10, exact below 100).
        let tens = ((w &* 103) >> 10) & 0x000F_000F_000F_000F
        w = tens | (w &- tens &* 10) << 8
        return w | 0x3030_3030_3030_3030
    }

    /// Trailing "0" bytes among the eight digits `word` (from `eightDigits`) holds.
    @inline(__always)
    static func trailingZeroDigits(_ word: UInt64) -> Int {
        (word ^ 0x3030_3030_3030_3030).leadingZeroBitCount >> 3
    }

    @inline(__always)
    private static func store(_ word: UInt64, at out: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(out).storeBytes(of: word.littleEndian, as: UInt64.self)
    }
}
