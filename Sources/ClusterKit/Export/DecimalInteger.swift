/// An `Int` in decimal, as `String(v)`, straight into bytes.
public enum DecimalInteger {
    /// Bytes `write` may touch: the sign, up to 19 digits, and whole-word stores past them.
    public static let scratchLength = 32

    /// Writes `v` at `out` (which must have `scratchLength` writable bytes); returns its length.
    @inline(__always)
    public static func write(_ v: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = UInt8(ascii: "-")
        let sign = v < 0 ? 1 : 0
        var magnitude = UInt64(v.magnitude)
        if magnitude < 100_000_000_000_000_000 {
            let length = ShortestDouble.decimalLength(max(magnitude, 1))
            _ = ShortestDouble.writeDigits(magnitude, length: length, at: out + sign)
            return sign + length
        }
        // 18 or 19 digits (rare: ids, Int.max): one at a time, from the right.
        let length = ShortestDouble.decimalLength(magnitude)
        var i = sign + length
        repeat {
            i -= 1
            out[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        return sign + length
    }
}
