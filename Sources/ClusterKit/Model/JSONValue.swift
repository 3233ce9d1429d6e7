import Foundation

/// A JSON document as a tree, read by Foundation's `JSONDecoder` (or `JSONFastReader`) and
/// written by the JSON writer (`ByteBuffer.appendJSON`).
///
/// The platform's codec does the parsing (it is correctly rounded: the shortest round-trip text
/// of a double reads back as the very same bits, tested on random bit patterns) and refuses what
/// is not JSON (`NaN`, `1e999`, leading zeros, nesting deeper than it allows) without crashing.
/// The tree exists so that a saved model can be checked key by key with messages that name the
/// key path of what is wrong (`SavedModel.init(json:)`), which a typed `Decodable` cannot say as
/// precisely.
///
/// Design notes: Foundation gives an object's keys in no particular order and keeps one value
/// of a repeated key, so objects are held sorted by key. Its decoding errors carry no position,
/// so on a syntax error the document is parsed once more with `JSONSerialization`, whose message
/// gives the byte offset, turned here into a line and column.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Key/value pairs sorted by key.
    case object([(key: String, value: JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x.bitPattern == y.bitPattern
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The value of `key` when this is an object holding it.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    /// Parses a whole document (UTF-8 bytes, an optional BOM, surrounding whitespace allowed).
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        // The common, well-formed case without Foundation's per-value overhead; anything else
        // (every error included) is Foundation's to read and report.
        if let value = bytes.withUnsafeBufferPointer({ JSONFastReader.parse($0) }) { return value }
        let data = Data(bytes)
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let error as DecodingError {
            throw JSONSyntaxError(locating: error, in: data)
        }
    }

    /// Parses a whole document held in a string.
    public static func parse(_ text: String) throws -> JSONValue { try parse(Array(text.utf8)) }

    /// Compact JSON text, keys sorted, by the JSON writer in its `.encoder` dialect: the bytes
    /// `JSONEncoder` (sorted keys, slashes unescaped) writes for the tree, doubles in shortest
    /// round-trip form.
    public func text() -> String {
        var out = ByteBuffer(capacity: 256)
        out.appendJSON(self, .encoder)
        return out.text
    }
}

extension JSONValue: Codable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        if let object = try? decoder.container(keyedBy: Key.self) {
            self = .object(try object.allKeys.sorted { $0.stringValue < $1.stringValue }.map {
                (key: $0.stringValue, value: try object.decode(JSONValue.self, forKey: $0))
            })
        } else if var array = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            if let count = array.count { items.reserveCapacity(count) }
            while !array.isAtEnd { items.append(try array.decode(JSONValue.self)) }
            self = .array(items)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let b = try? single.decode(Bool.self) {
                self = .bool(b)
            } else if let x = try? single.decode(Double.self) {
                self = .number(x)
            } else {
                self = .string(try single.decode(String.self))
            }
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .number(let x):
            var c = encoder.singleValueContainer()
            if x.isFinite { try c.encode(x) } else { try c.encodeNil() }
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .object(let pairs):
            var c = encoder.container(keyedBy: Key.self)
            for (key, value) in pairs { try c.encode(value, forKey: Key(stringValue: key)) }
        }
    }
}

/// Where and why a JSON document could not be read.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line and column (in bytes) of the problem.
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "invalid JSON at line \(line), column \(column): \(message)" }

    /// The position and reason of a decoding failure, asked of `JSONSerialization` (whose
    /// message names a byte offset, or the number that does not fit a double).
    init(locating error: DecodingError, in data: Data) {
        var message = "not valid JSON"
        var offset: Int?
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            message = detail.hasSuffix(".") ? String(detail.dropLast()) : detail
            if let range = detail.range(of: "character ") {
                offset = Int(detail[range.upperBound...].prefix { $0.isNumber })
            } else if detail.hasPrefix("Number "), detail.hasSuffix(" is not representable in Swift.") {
                let number = detail.dropFirst("Number ".count).dropLast(" is not representable in Swift.".count)
                message = "the number \(number) is out of range for a double"
                offset = Self.firstOffset(of: Array(number.utf8), in: Array(data))
            } else if detail.lowercased().contains("end of file") {
                offset = data.count
            }
        }
        let bytes = Array(data)
        let at = min(offset ?? 0, bytes.count)
        var line = 1, lineStart = 0
        for i in 0..<at where bytes[i] == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
        self.init(line: line, column: at - lineStart + 1, message: message)
    }

    private static func firstOffset(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}
