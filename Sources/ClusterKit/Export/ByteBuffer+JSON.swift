/// The one JSON writer: JSON text appended to a `ByteBuffer`, used by every JSON output (`fit`'s
/// report, saved models, `sweep`, `membership`, `bench`; `JSONText` is its `String` face).
///
/// Numbers are exact: a double prints in its shortest round-trip form, so a reader gets back the
/// very same bits; a non-finite one becomes `null`. Strings escape `"`, `\` and the control
/// characters; everything else (`/`, non-ASCII) is written as it is.
///
/// Design note: two dialects, because two kinds of file were written by two writers and must keep
/// their bytes: reports as Swift prints numbers (`1.0`), saved models as Foundation's
/// `JSONEncoder` wrote them (`1`, and `\b` `\f` as short escapes).
public enum JSONDialect: Sendable {
    /// Numbers as `"\(v)"` (`1.0`, `1e-05`); control characters other than `\n` `\r` `\t` as
    /// `\u00xx`. `fit --format json`, `sweep`, `membership`, `bench`.
    case swift
    /// As `JSONEncoder` writes: a number whose text ends in `.0` without it (`1`, `-0`), and `\b`
    /// `\f` as short escapes. Saved models (`SavedModel.json()`, `JSONValue.text()`).
    case encoder
}

extension ByteBuffer {
    /// A JSON string.
    public mutating func appendJSON(_ s: String, _ dialect: JSONDialect = .swift) {
        append(byte: UInt8(ascii: "\""))
        var s = s
        // Byte by byte: every byte of a multi-byte UTF-8 sequence is ≥ 0x80, so written as it is.
        s.withUTF8 { utf8 in
            for b in utf8 {
                switch b {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case UInt8(ascii: "\n"): append("\\n")
                case UInt8(ascii: "\r"): append("\\r")
                case UInt8(ascii: "\t"): append("\\t")
                case 0x08 where dialect == .encoder: append("\\b")
                case 0x0C where dialect == .encoder: append("\\f")
                case ..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    append("\\u00")
                    append(byte: hex[Int(b >> 4)])
                    append(byte: hex[Int(b & 15)])
                default: append(byte: b)
                }
            }
        }
        append(byte: UInt8(ascii: "\""))
    }

    /// A JSON number (`null` when not finite).
    public mutating func appendJSON(_ v: Double, _ dialect: JSONDialect = .swift) {
        guard v.isFinite else { append("null"); return }
        let start = count
        append(v)
        if dialect == .encoder, count - start >= 2 {
            let ends = withBytes { $0[count - 2] == UInt8(ascii: ".") && $0[count - 1] == UInt8(ascii: "0") }
            if ends { removeLast(); removeLast() }
        }
    }

    /// A JSON number, or `null` for nil.
    public mutating func appendJSON(_ v: Double?, _ dialect: JSONDialect = .swift) {
        if let v { appendJSON(v, dialect) } else { append("null") }
    }

    /// `true` or `false`.
    public mutating func appendJSON(_ b: Bool) { append(b ? "true" : "false") }

    /// `[a,b,…]`, each element written by `element`.
    @inline(__always)
    public mutating func appendJSONArray<C: Collection>(_ items: C, _ element: (inout ByteBuffer, C.Element) -> Void) {
        append(byte: UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { append(byte: UInt8(ascii: ",")) }
            first = false
            element(&self, item)
        }
        append(byte: UInt8(ascii: "]"))
    }

    /// `[a,b,…]` of numbers.
    public mutating func appendJSON(_ v: [Double], _ dialect: JSONDialect = .swift) {
        appendJSONArray(v) { $0.appendJSON($1, dialect) }
    }

    /// `[a,b,…]` of integers.
    public mutating func appendJSON(_ v: [Int]) { appendJSONArray(v) { $0.append($1) } }

    /// `[a,b,…]` of strings.
    public mutating func appendJSON(_ v: [String], _ dialect: JSONDialect = .swift) {
        appendJSONArray(v) { $0.appendJSON($1, dialect) }
    }

    /// The rows of a matrix, each an array: `[[…],[…]]`.
    public mutating func appendJSON(_ m: Matrix, _ dialect: JSONDialect = .swift) {
        appendJSONArray(0..<m.rows) { $0.appendJSON(m.row($1), dialect) }
    }

    /// Nested arrays of numbers (as produced by `Covariances.nestedValue`); anything else is `null`.
    public mutating func appendJSON(nested v: Any) {
        if let d = v as? Double {
            appendJSON(d)
        } else if let a = v as? [Double] {
            appendJSON(a)
        } else if let a = v as? [Any] {
            appendJSONArray(a) { $0.appendJSON(nested: $1) }
        } else {
            append("null")
        }
    }

    /// A tree, compact, as `JSONEncoder` with sorted keys writes it in `dialect` `.encoder`: an
    /// object's keys in `String` order, one value per key (the last given).
    public mutating func appendJSON(_ value: JSONValue, _ dialect: JSONDialect = .encoder) {
        switch value {
        case .null: append("null")
        case .bool(let b): appendJSON(b)
        case .number(let x): appendJSON(x, dialect)
        case .string(let s): appendJSON(s, dialect)
        case .array(let items): appendJSONArray(items) { $0.appendJSON($1, dialect) }
        case .object(let pairs):
            // A stable sort, then the last of each run of equal keys (a keyed container keeps the
            // last value encoded for a key).
            let sorted = pairs.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }.map(\.element)
            append(byte: UInt8(ascii: "{"))
            var first = true
            for (i, pair) in sorted.enumerated() where i + 1 == sorted.count || sorted[i + 1].key != pair.key {
                if !first { append(byte: UInt8(ascii: ",")) }
                first = false
                appendJSON(pair.key, dialect)
                append(byte: UInt8(ascii: ":"))
                appendJSON(pair.value, dialect)
            }
            append(byte: UInt8(ascii: "}"))
        }
    }
}

/// An object written one top-level key a line, `{\n  "a": 1,\n  "b": [2]\n}\n`, as `fit`'s JSON
/// and saved models are laid out: each value is appended to `out` after its `field(_:)`, and a
/// long value can be emitted piece by piece (`out` handed on and emptied in between).
public struct JSONDocument {
    public var out: ByteBuffer
    public let dialect: JSONDialect
    private var fields = 0

    public init(dialect: JSONDialect = .swift, capacity: Int = 1 << 12) {
        self.dialect = dialect
        out = ByteBuffer(capacity: capacity)
    }

    /// Opens the next field: `{\n  "name": ` for the first, `,\n  "name": ` after it.
    public mutating func field(_ name: String) {
        out.append(fields == 0 ? "{\n  " : ",\n  ")
        fields += 1
        out.appendJSON(name, dialect)
        out.append(": ")
    }

    /// Closes the object and its line.
    public mutating func finish() { out.append(fields == 0 ? "{\n}\n" : "\n}\n") }
}
