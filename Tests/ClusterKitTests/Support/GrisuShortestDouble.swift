/// The formatter `ShortestDouble` replaced (kept verbatim for the tests as the reference whose
/// bytes the new one must reproduce): Grisu3 digits, `description` where Grisu3 gives up.
///
/// Writes a double as Swift's `description` does (`"\(v)"`), straight into bytes, with no `String`.
///
/// Digits: the shortest decimal that reads back as the same double, closest to the exact value
/// (Grisu3, Loitsch 2010); in the ~0.5 % of cases where Grisu3 cannot prove its answer shortest
/// and closest, and for non-finite values, the bytes of `description` itself. Layout as Swift's:
/// `0.0`, `-0.0`, `1.0`, `0.0001`, `1e-05`, `9007199254740992.0`, `1.2345678901234568e+17`:
/// exponential when |v| < 1e-4 or |v| > 2^53, else positional with at least one fraction digit.
///
/// Design note: `"\(v)"` costs ~150 ns per number for the 17-digit probabilities and distances
/// of a CSV (a heap-allocated String each); this is several times faster. `ShortestDoubleTests`
/// compares the bytes with `description` over millions of random and edge values.
enum GrisuShortestDouble {
    /// Bytes needed at most: `-1.7976931348623157e+308` is 24.
    static let maxLength = 25

    /// Writes `v` at `out` and returns the number of bytes written (≤ `maxLength`).
    @inline(__always)
    static func write(_ v: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        if v.isFinite && v != 0 {
            var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch
            let done: Int? = withUnsafeMutableBytes(of: &digits) { raw -> Int? in
                let d = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
                guard let (length, exponent) = grisu3(v.magnitude, d) else { return nil }
                return layout(negative: v < 0, magnitude: v.magnitude, digits: d, length: length,
                              pointPosition: length + exponent, out: out)
            }
            if let done { return done }
        }
        var text = v.description
        return text.withUTF8 { bytes in
            out.update(from: bytes.baseAddress!, count: bytes.count)
            return bytes.count
        }
    }

    /// `digits` (length digits, no leading zero) × 10^(pointPosition − length), laid out as Swift does.
    private static func layout(negative: Bool, magnitude: Double, digits: UnsafePointer<UInt8>, length: Int,
                               pointPosition p: Int, out: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        if negative { out[0] = UInt8(ascii: "-"); n = 1 }
        if p < -3 || magnitude > 9007199254740992.0 {
            out[n] = digits[0]; n += 1
            if length > 1 {
                out[n] = UInt8(ascii: "."); n += 1
                for i in 1..<length { out[n] = digits[i]; n += 1 }
            }
            out[n] = UInt8(ascii: "e"); n += 1
            var e = p - 1
            if e < 0 { out[n] = UInt8(ascii: "-"); e = -e } else { out[n] = UInt8(ascii: "+") }
            n += 1
            if e >= 100 { out[n] = UInt8(ascii: "0") + UInt8(e / 100); n += 1; e %= 100 }
            out[n] = UInt8(ascii: "0") + UInt8(e / 10)
            out[n + 1] = UInt8(ascii: "0") + UInt8(e % 10)
            return n + 2
        }
        if p <= 0 {
            out[n] = UInt8(ascii: "0"); out[n + 1] = UInt8(ascii: "."); n += 2
            for _ in 0..<(-p) { out[n] = UInt8(ascii: "0"); n += 1 }
            for i in 0..<length { out[n] = digits[i]; n += 1 }
        } else if p < length {
            for i in 0..<p { out[n] = digits[i]; n += 1 }
            out[n] = UInt8(ascii: "."); n += 1
            for i in p..<length { out[n] = digits[i]; n += 1 }
        } else {
            for i in 0..<length { out[n] = digits[i]; n += 1 }
            for _ in length..<p { out[n] = UInt8(ascii: "0"); n += 1 }
            out[n] = UInt8(ascii: "."); out[n + 1] = UInt8(ascii: "0"); n += 2
        }
        return n
    }

    // MARK: Grisu3

    private struct DiyFp {
        var f: UInt64
        var e: Int

        /// The product rounded to 64 bits (error ≤ ½ ulp).
        @inline(__always)
        static func * (a: DiyFp, b: DiyFp) -> DiyFp {
            let (high, low) = a.f.multipliedFullWidth(by: b.f)
            return DiyFp(f: high &+ (low >> 63), e: a.e + b.e + 64)
        }

        @inline(__always)
        func normalized() -> DiyFp {
            let shift = f.leadingZeroBitCount
            return DiyFp(f: f << shift, e: e - shift)
        }
    }

    /// Shortest digits of a finite positive `v` into `buffer`: (length, decimal exponent) with
    /// v ≈ digits × 10^exponent, or nil when Grisu3 cannot guarantee shortest and closest.
    @inline(__always)
    private static func grisu3(_ v: Double, _ buffer: UnsafeMutablePointer<UInt8>) -> (Int, Int)? {
        let bits = v.bitPattern
        let biased = Int((bits >> 52) & 0x7FF), fraction = bits & ((1 << 52) - 1)
        let value = biased == 0 ? DiyFp(f: fraction, e: -1074) : DiyFp(f: fraction | (1 << 52), e: biased - 1075)
        let w = value.normalized()
        let plus = DiyFp(f: (value.f << 1) + 1, e: value.e - 1).normalized()
        var minus = fraction == 0 && biased > 1
            ? DiyFp(f: (value.f << 2) - 1, e: value.e - 2)
            : DiyFp(f: (value.f << 1) - 1, e: value.e - 1)
        minus = DiyFp(f: minus.f << (minus.e - plus.e), e: plus.e)

        // A cached 10^mk that brings the scaled exponent into [−60, −32].
        let minimalExponent = -60 - (w.e + 64)
        // ⌈t·log10 2⌉ in integers: 78913 / 2^18 ≈ log10 2 (exact enough for |t| < 1,650).
        let t = minimalExponent + 63
        var mk = -(((-t) * 78913) >> 18)
        var power = cachedPower(mk)
        while power.e < minimalExponent { mk += 1; power = cachedPower(mk) }
        guard power.e + w.e + 64 >= -60, power.e + w.e + 64 <= -32 else { return nil }

        let scaledW = w * power, low = minus * power, high = plus * power
        guard let (length, kappa) = digitGen(low: low, w: scaledW, high: high, buffer) else { return nil }
        return (length, kappa - mk)
    }

    @inline(__always)
    private static func cachedPower(_ k: Int) -> DiyFp {
        let i = k - GrisuCachedPowersOfTen.smallestExponent
        return DiyFp(f: GrisuCachedPowersOfTen.significands[i], e: Int(GrisuCachedPowersOfTen.binaryExponents[i]))
    }

    @inline(__always)
    private static func digitGen(low: DiyFp, w: DiyFp, high: DiyFp,
                                 _ buffer: UnsafeMutablePointer<UInt8>) -> (Int, Int)? {
        var unit: UInt64 = 1
        let tooLow = low.f &- unit, tooHigh = high.f &+ unit
        var unsafeInterval = tooHigh &- tooLow
        let shift = UInt64(-w.e), oneF: UInt64 = 1 << shift
        var integrals = UInt32(truncatingIfNeeded: tooHigh >> shift)
        var fractionals = tooHigh & (oneF - 1)
        // The largest power of ten ≤ integrals, and its number of digits.
        var kappa = 0, divisor: UInt32 = 1
        if integrals > 0 {
            kappa = 1
            while kappa < 10 && divisor * 10 <= integrals { divisor *= 10; kappa += 1 }
        }
        var length = 0
        while kappa > 0 {
            let digit = integrals / divisor
            buffer[length] = UInt8(ascii: "0") + UInt8(digit)
            length += 1
            integrals %= divisor
            kappa -= 1
            let rest = (UInt64(integrals) << shift) + fractionals
            if rest < unsafeInterval {
                return roundWeed(buffer, length, distanceTooHighW: tooHigh &- w.f, unsafeInterval: unsafeInterval,
                                 rest: rest, tenKappa: UInt64(divisor) << shift, unit: unit) ? (length, kappa) : nil
            }
            divisor /= 10
        }
        while true {
            fractionals = fractionals &* 10
            unit = unit &* 10
            unsafeInterval = unsafeInterval &* 10
            let digit = fractionals >> shift
            buffer[length] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: digit)
            length += 1
            fractionals &= oneF - 1
            kappa -= 1
            if fractionals < unsafeInterval {
                return roundWeed(buffer, length, distanceTooHighW: (tooHigh &- w.f) &* unit,
                                 unsafeInterval: unsafeInterval, rest: fractionals, tenKappa: oneF, unit: unit)
                    ? (length, kappa) : nil
            }
            if length >= 20 { return nil }
        }
    }

    /// Moves the last digit towards w while that stays inside the safe interval; false when the
    /// closest candidate cannot be told apart from another, or when it may lie outside.
    @inline(__always)
    private static func roundWeed(_ buffer: UnsafeMutablePointer<UInt8>, _ length: Int, distanceTooHighW: UInt64,
                                  unsafeInterval: UInt64, rest restIn: UInt64, tenKappa: UInt64, unit: UInt64) -> Bool {
        var rest = restIn
        let smallDistance = distanceTooHighW &- unit, bigDistance = distanceTooHighW &+ unit
        // Wrapping arithmetic throughout, as the reference (C, unsigned) implementation.
        while rest < smallDistance && unsafeInterval &- rest >= tenKappa
                && (rest &+ tenKappa < smallDistance || smallDistance &- rest >= rest &+ tenKappa &- smallDistance) {
            buffer[length - 1] -= 1
            rest = rest &+ tenKappa
        }
        if rest < bigDistance && unsafeInterval &- rest >= tenKappa
            && (rest &+ tenKappa < bigDistance || bigDistance &- rest > rest &+ tenKappa &- bigDistance) {
            return false
        }
        return 2 &* unit <= rest && rest <= unsafeInterval &- 4 &* unit
    }
}
