/// A parsed JSON document: the reading half of `JSONText`.
///
/// Numbers are parsed with `FastFloat` (correctly rounded, as Python's `float()`), so the shortest
/// round-trip text that `JSONText.number` writes reads back as the very same bits. Objects keep
/// their keys in document order; a repeated key is an error (a saved model must say one thing).
/// Nesting deeper than 512 levels is refused rather than overflowing the stack.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
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
        var parser = JSONParser(bytes: bytes)
        return try parser.document()
    }

    /// Parses a whole document held in a string.
    public static func parse(_ text: String) throws -> JSONValue { try parse(Array(text.utf8)) }
}

/// Where and why a JSON document could not be read.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line and column (in bytes) of the problem.
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "invalid JSON at line \(line), column \(column): \(message)" }
}

private struct JSONParser {
    let bytes: [UInt8]
    var pos = 0
    var depth = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { pos = 3 }
    }

    mutating func document() throws -> JSONValue {
        skipWhitespace()
        let v = try value()
        skipWhitespace()
        guard pos == bytes.count else { throw error("unexpected text after the document") }
        return v
    }

    func error(_ message: String) -> JSONSyntaxError {
        var line = 1, lineStart = 0
        for i in 0..<min(pos, bytes.count) where bytes[i] == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
        return JSONSyntaxError(line: line, column: pos - lineStart + 1, message: message)
    }

    mutating func skipWhitespace() {
        while pos < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[pos]) { pos += 1 }
    }

    mutating func value() throws -> JSONValue {
        guard pos < bytes.count else { throw error("unexpected end of the document") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    mutating func literal(_ word: String) throws {
        let w = Array(word.utf8)
        guard pos + w.count <= bytes.count, Array(bytes[pos..<(pos + w.count)]) == w else {
            throw error("expected a value")
        }
        pos += w.count
    }

    mutating func nested<T>(_ body: (inout JSONParser) throws -> T) throws -> T {
        depth += 1
        guard depth <= 512 else { throw error("nested too deeply") }
        defer { depth -= 1 }
        return try body(&self)
    }

    mutating func object() throws -> JSONValue {
        try nested { p in
            p.pos += 1
            var pairs: [(key: String, value: JSONValue)] = []
            var keys = Set<String>()
            p.skipWhitespace()
            if p.pos < p.bytes.count, p.bytes[p.pos] == UInt8(ascii: "}") { p.pos += 1; return .object(pairs) }
            while true {
                p.skipWhitespace()
                guard p.pos < p.bytes.count, p.bytes[p.pos] == UInt8(ascii: "\"") else { throw p.error("expected a key in quotes") }
                let keyStart = p.pos
                let key = try p.string()
                guard keys.insert(key).inserted else {
                    p.pos = keyStart
                    throw p.error("the key \"\(key)\" appears twice")
                }
                p.skipWhitespace()
                guard p.pos < p.bytes.count, p.bytes[p.pos] == UInt8(ascii: ":") else { throw p.error("expected ':'") }
                p.pos += 1
                p.skipWhitespace()
                pairs.append((key, try p.value()))
                p.skipWhitespace()
                guard p.pos < p.bytes.count else { throw p.error("unexpected end inside an object") }
                if p.bytes[p.pos] == UInt8(ascii: ",") { p.pos += 1; continue }
                if p.bytes[p.pos] == UInt8(ascii: "}") { p.pos += 1; return .object(pairs) }
                throw p.error("expected ',' or '}'")
            }
        }
    }

    mutating func array() throws -> JSONValue {
        try nested { p in
            p.pos += 1
            var items: [JSONValue] = []
            p.skipWhitespace()
            if p.pos < p.bytes.count, p.bytes[p.pos] == UInt8(ascii: "]") { p.pos += 1; return .array(items) }
            while true {
                p.skipWhitespace()
                items.append(try p.value())
                p.skipWhitespace()
                guard p.pos < p.bytes.count else { throw p.error("unexpected end inside an array") }
                if p.bytes[p.pos] == UInt8(ascii: ",") { p.pos += 1; continue }
                if p.bytes[p.pos] == UInt8(ascii: "]") { p.pos += 1; return .array(items) }
                throw p.error("expected ',' or ']'")
            }
        }
    }

    /// JSON's number grammar, checked strictly, then converted by `FastFloat`.
    mutating func number() throws -> Double {
        let start = pos
        func digits(_ p: inout JSONParser) -> Int {
            let s = p.pos
            while p.pos < p.bytes.count, p.bytes[p.pos] >= 0x30, p.bytes[p.pos] <= 0x39 { p.pos += 1 }
            return p.pos - s
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        let intStart = pos
        let intDigits = digits(&self)
        guard intDigits > 0 else { pos = start; throw error("expected a value") }
        if intDigits > 1 && bytes[intStart] == UInt8(ascii: "0") { pos = intStart; throw error("a number cannot start with 0") }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard digits(&self) > 0 else { throw error("expected digits after '.'") }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard digits(&self) > 0 else { throw error("expected exponent digits") }
        }
        let parsed: Double? = bytes.withUnsafeBufferPointer { b in FastFloat.parse(b.baseAddress! + start, pos - start) }
        guard let v = parsed else { pos = start; throw error("not a number") }
        return v
    }

    mutating func string() throws -> String {
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw error("unterminated string") }
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") { pos += 1; break }
            if c < 0x20 { throw error("a control character inside a string") }
            if c != UInt8(ascii: "\\") { out.append(c); pos += 1; continue }
            pos += 1
            guard pos < bytes.count else { throw error("unterminated string") }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                        throw error("a lone surrogate in \\u escape")
                    }
                    pos += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("a lone surrogate in \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw error("a lone surrogate in \\u escape")
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
            default:
                pos -= 1
                throw error("unknown escape")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw error("invalid UTF-8 in a string") }
        return s
    }

    mutating func hex4() throws -> UInt32 {
        guard pos + 4 <= bytes.count else { throw error("expected 4 hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw error("expected 4 hex digits")
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }
}
