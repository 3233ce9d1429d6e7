/// Appends text through a pointer into room a `ByteBuffer` made once: for rows of many numbers,
/// where `ByteBuffer.append` would check capacity and copy-on-write uniqueness at every number.
///
/// Get one from `ByteBuffer.appendRow(reserving:_:)`. Every append still checks (one predictable
/// comparison) that it stays inside the room made, and traps rather than write past it.
public struct ByteWriter {
    @usableFromInline var position: UnsafeMutablePointer<UInt8>
    @usableFromInline let end: UnsafeMutablePointer<UInt8>

    @inlinable
    init(position: UnsafeMutablePointer<UInt8>, end: UnsafeMutablePointer<UInt8>) {
        self.position = position
        self.end = end
    }

    @usableFromInline
    func ensure(_ bytes: Int) {
        precondition(end - position >= bytes, "ByteWriter: more text than the room reserved for the row")
    }

    /// As `"\(v)"` would write it (`ShortestDouble`).
    @inlinable @inline(__always)
    public mutating func append(_ v: Double) {
        ensure(ShortestDouble.scratchLength)
        position += ShortestDouble.write(v, to: position)
    }

    /// In decimal, as `String(v)`.
    @inlinable @inline(__always)
    public mutating func append(_ v: Int) {
        ensure(DecimalInteger.scratchLength)
        position += DecimalInteger.write(v, to: position)
    }

    @inlinable @inline(__always)
    public mutating func append(byte: UInt8) {
        ensure(1)
        position.pointee = byte
        position += 1
    }

    public mutating func append(bytes: UnsafeRawBufferPointer) {
        ensure(bytes.count)
        UnsafeMutableRawPointer(position).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        position += bytes.count
    }
}

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
