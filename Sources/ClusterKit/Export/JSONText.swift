/// Minimal JSON text building with exact numbers: doubles print in Swift's shortest round-trip
/// form, so a reader gets back the very same bits; non-finite values become `null`.
public enum JSONText {
    public static func number(_ v: Double) -> String { v.isFinite ? "\(v)" : "null" }
    public static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
    /// Built in a byte buffer, not as one String per number (labels and row indices have a million).
    public static func array(_ v: [Double]) -> String {
        var out = ByteBuffer(capacity: v.count * 20 + 2)
        out.append(byte: UInt8(ascii: "["))
        for (i, x) in v.enumerated() {
            if i > 0 { out.append(byte: UInt8(ascii: ",")) }
            if x.isFinite { out.append(x) } else { out.append("null") }
        }
        out.append(byte: UInt8(ascii: "]"))
        return out.text
    }
    public static func array(_ v: [Int]) -> String {
        var out = ByteBuffer(capacity: v.count * 4 + 2)
        out.append(byte: UInt8(ascii: "["))
        for (i, x) in v.enumerated() {
            if i > 0 { out.append(byte: UInt8(ascii: ",")) }
            out.append(x)
        }
        out.append(byte: UInt8(ascii: "]"))
        return out.text
    }
    public static func array(_ m: Matrix) -> String { "[" + (0..<m.rows).map { array(m.row($0)) }.joined(separator: ",") + "]" }

    /// Nested arrays of numbers (as produced by `Covariances.nestedValue`).
    public static func nested(_ v: Any) -> String {
        if let d = v as? Double { return number(d) }
        if let a = v as? [Double] { return array(a) }
        if let a = v as? [Any] { return "[" + a.map(nested).joined(separator: ",") + "]" }
        return "null"
    }

    /// An object from ordered key/value pairs whose values are already JSON text.
    public static func object(_ pairs: [(String, String)], indent: Bool = false) -> String {
        let sep = indent ? ",\n  " : ","
        let body = pairs.map { "\(string($0.0)):\(indent ? " " : "")\($0.1)" }.joined(separator: sep)
        return indent ? "{\n  \(body)\n}" : "{\(body)}"
    }
}
