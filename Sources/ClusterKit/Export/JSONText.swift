/// JSON values as `String`s, for small documents put together by hand (`sweep`, `membership`,
/// `bench`): each is the text `ByteBuffer.appendJSON` writes (dialect `.swift`), the one writer.
public enum JSONText {
    public static func number(_ v: Double) -> String { text { $0.appendJSON(v) } }
    public static func string(_ s: String) -> String { text(capacity: s.utf8.count + 2) { $0.appendJSON(s) } }
    public static func array(_ v: [Double]) -> String { text(capacity: v.count * 20 + 2) { $0.appendJSON(v) } }
    public static func array(_ v: [Int]) -> String { text(capacity: v.count * 4 + 2) { $0.appendJSON(v) } }
    public static func array(_ m: Matrix) -> String { text(capacity: m.values.count * 20 + 2) { $0.appendJSON(m) } }

    /// Nested arrays of numbers (as produced by `Covariances.nestedValue`).
    public static func nested(_ v: Any) -> String { text { $0.appendJSON(nested: v) } }

    /// An object from ordered key/value pairs whose values are already JSON text; `indent` puts
    /// each key on its own line (`{\n  "a": 1,\n  "b": 2\n}`, without a final line break).
    public static func object(_ pairs: [(String, String)], indent: Bool = false) -> String {
        text { out in
            out.append(indent ? "{\n  " : "{")
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out.append(indent ? ",\n  " : ",") }
                out.appendJSON(key)
                out.append(indent ? ": " : ":")
                out.append(value)
            }
            out.append(indent ? "\n}" : "}")
        }
    }

    private static func text(capacity: Int = 64, _ write: (inout ByteBuffer) -> Void) -> String {
        var out = ByteBuffer(capacity: capacity)
        write(&out)
        return out.text
    }

    /// A JSON array of `count` integers, `[a,b,…]` (`value(i)` the i-th), handed to `emit` in
    /// pieces formatted in parallel chunks (`ChunkedRows`), in order: for per-row arrays (a
    /// million labels or row indices) that are never held as one text.
    public static func writeIntegerArray(count: Int, rowsPerChunk: Int, _ value: (Int) -> Int,
                                         _ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let open: [UInt8] = [UInt8(ascii: "[")], close: [UInt8] = [UInt8(ascii: "]")]
        try open.withUnsafeBytes(emit)
        try ChunkedRows.write(rows: count, rowsPerChunk: max(1, rowsPerChunk), format: { rows, out in
            // Row indices mostly count up by one and labels are mostly one digit: the next index's
            // text is the previous one's incremented in place (no division per digit).
            var text: [UInt8] = []
            var previous = -2
            for i in rows {
                if i > 0 { out.append(byte: UInt8(ascii: ",")) }
                let v = value(i)
                if v >= 0 && v < 10 {
                    out.append(byte: UInt8(ascii: "0") + UInt8(v))
                } else if v == previous &+ 1 && v > 10 {
                    var k = text.count - 1
                    while k >= 0 && text[k] == UInt8(ascii: "9") { text[k] = UInt8(ascii: "0"); k -= 1 }
                    if k >= 0 { text[k] += 1 } else { text.insert(UInt8(ascii: "1"), at: 0) }
                    out.append(text)
                } else {
                    text = Array(String(v).utf8)
                    out.append(v)
                }
                previous = v
            }
        }, emit: emit)
        try close.withUnsafeBytes(emit)
    }
}
