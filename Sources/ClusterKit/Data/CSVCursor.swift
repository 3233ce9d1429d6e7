/// One field as it sits in the buffer: raw bytes `start..<end`, still quoted if `quoted`.
struct CSVField {
    var start: Int
    var end: Int
    /// The field began with `"`; its bytes need `CSVCursor.decode` before use.
    var quoted: Bool
    /// A quote opened here was never closed before the end of the file.
    var unterminated: Bool
    /// 1-based physical line where the field starts.
    var line: Int
}

/// Reads RFC 4180 records field by field, keeping physical line numbers.
///
/// Edge cases: a field is quoted only when its first byte is `"` (a quote later in an unquoted field
/// is an ordinary byte, as in pandas); bytes after a closing quote up to the next delimiter are kept
/// (lenient, also as in pandas); a quoted field may hold delimiters, `""` and newlines, each newline
/// counting as a physical line; a `\r` before `\n` (or at the end of the file) is not part of the
/// field; a delimiter at the end of a line makes an empty last field. Every call advances or reports
/// the end, so loops over it terminate.
struct CSVCursor {
    let buf: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    /// Offset of the next unread byte.
    var pos: Int
    /// 1-based physical line of `pos`.
    var line: Int
    /// The last field read ended its record (newline or end of file).
    var recordEnded = true

    init(_ buf: UnsafeBufferPointer<UInt8>, delimiter: UInt8, pos: Int = 0, line: Int = 1) {
        self.buf = buf
        self.delimiter = delimiter
        self.pos = pos
        self.line = line
    }

    var atEnd: Bool { pos >= buf.count }

    /// Moves past lines that hold only spaces, `\r` (and tabs, unless tab is the delimiter).
    /// Returns `false` when nothing but such lines is left.
    mutating func skipBlankLines() -> Bool {
        let n = buf.count
        let tabIsBlank = delimiter != UInt8(ascii: "\t")
        var i = pos
        while i < n {
            let b = buf[i]
            if b == UInt8(ascii: "\n") {
                line += 1
                i += 1
                pos = i
            } else if b == UInt8(ascii: " ") || b == UInt8(ascii: "\r") || (b == UInt8(ascii: "\t") && tabIsBlank) {
                i += 1
            } else {
                return true
            }
        }
        pos = n
        return false
    }

    /// Reads the field at `pos` and moves past its delimiter or line end.
    @inline(__always)
    mutating func nextField() -> CSVField {
        let n = buf.count
        let start = pos
        let startLine = line
        var i = pos
        var quoted = false
        var unterminated = false
        if i < n && buf[i] == UInt8(ascii: "\"") {
            quoted = true
            i += 1
            while true {
                while i < n && buf[i] != UInt8(ascii: "\"") {
                    if buf[i] == UInt8(ascii: "\n") { line += 1 }
                    i += 1
                }
                if i >= n { unterminated = true; break }
                if i + 1 < n && buf[i + 1] == UInt8(ascii: "\"") { i += 2; continue }
                i += 1
                break
            }
        }
        let delimiter = self.delimiter
        while i < n {
            let b = buf[i]
            if b == delimiter || b == UInt8(ascii: "\n") { break }
            i += 1
        }
        var end = i
        if i < n && buf[i] == delimiter {
            pos = i + 1
            recordEnded = false
        } else {
            if end > start && buf[end - 1] == UInt8(ascii: "\r") && !(unterminated) { end -= 1 }
            if i < n { line += 1; pos = i + 1 } else { pos = n }
            recordEnded = true
        }
        return CSVField(start: start, end: end, quoted: quoted, unterminated: unterminated, line: startLine)
    }

    /// Fast path for a field that is exactly a finite unquoted number: parses it and moves past it
    /// in one go. Returns `nil`, without moving, for anything else (quoted, spaces, missing marker,
    /// text, infinity), which the caller then reads with `nextField`. Only valid when
    /// `numbersCannotContainDelimiter`.
    ///
    /// Design note: most numeric cells of wide integer data (pixels, counts) are a few digits
    /// and nothing else, so those are read here with one digit loop; their value, `Double` of an
    /// integer below 10^15 < 2^53, is exact, the very value `FastFloat.parsePrefix` gives them.
    /// Anything else — a sign, `.`, an exponent, more digits, another byte after the digits — goes
    /// to the general path (`generalNumber`, kept out of line so this loop stays small).
    @inline(__always)
    mutating func nextNumber() -> Double? {
        let n = buf.count
        guard pos < n, let base = buf.baseAddress else { return nil }
        // One digit and the delimiter (most cells of pixel data: "0,"), before any loop: measured
        // 20% less CPU for the whole load than going through the loop below.
        let d0 = base[pos] &- UInt8(ascii: "0")
        if d0 <= 9 && pos + 1 < n && base[pos + 1] == delimiter {
            pos += 2
            recordEnded = false
            return Double(Int(d0))
        }
        var i = pos
        var integer = 0
        let limit = min(n, pos + Self.shortIntegerDigits)
        while i < limit {
            let d = base[i] &- UInt8(ascii: "0")
            if d > 9 { break }
            integer = integer &* 10 &+ Int(d)
            i += 1
        }
        // A digit at `i` (a 16th one) is no field end, so it goes to the general path too. (`Int`,
        // not `UInt64`: its conversion to `Double` is one instruction.)
        if i > pos && endNumber(at: i) { return Double(integer) }
        guard let (value, length) = Self.generalNumber(base + pos, n - pos), value.isFinite,
              endNumber(at: pos + length) else { return nil }
        return value
    }

    /// The most digits `nextNumber` reads itself: any such integer is exactly a `Double`.
    static let shortIntegerDigits = 15

    /// `FastFloat.parsePrefix`, out of line: `nextNumber`'s path for every number that is not a
    /// short unsigned integer. A plain function of the bytes (not a `mutating` one), so the
    /// cursor's state can stay in registers in the loop that calls `nextNumber`.
    @inline(never)
    static func generalNumber(_ p: UnsafePointer<UInt8>, _ count: Int) -> (value: Double, length: Int)? {
        FastFloat.parsePrefix(p, count)
    }

    /// Ends a number field whose text is `pos..<e` when what follows ends a field (the delimiter,
    /// `\n`, `\r\n`, the end of the buffer, or `\r` just before it): moves past it, counting the
    /// line, and returns `true`. Otherwise returns `false` and moves nothing.
    @inline(__always)
    private mutating func endNumber(at e: Int) -> Bool {
        let n = buf.count
        if e == n {
            pos = n
            recordEnded = true
            return true
        }
        let b = buf[e]
        if b == delimiter {
            pos = e + 1
            recordEnded = false
        } else if b == UInt8(ascii: "\n") {
            pos = e + 1
            line += 1
            recordEnded = true
        } else if b == UInt8(ascii: "\r") && (e + 1 == n || buf[e + 1] == UInt8(ascii: "\n")) {
            pos = min(e + 2, n)
            if e + 1 < n { line += 1 }
            recordEnded = true
        } else {
            return false
        }
        return true
    }

    /// Whether a number's characters can never be the delimiter, which `nextNumber` relies on.
    var numbersCannotContainDelimiter: Bool {
        !"0123456789.eE+-".utf8.contains(delimiter)
    }

    /// Reads the rest of the current record into `fields` (cleared first).
    mutating func readRecord(into fields: inout [CSVField]) {
        fields.removeAll(keepingCapacity: true)
        repeat {
            fields.append(nextField())
        } while !recordEnded
    }

    /// The field's content: quotes removed and `""` turned into `"` when quoted; written to `scratch`.
    ///
    /// Bytes outside the quotes (after a closing quote) are kept, as the cursor kept them.
    static func decode(_ field: CSVField, in buf: UnsafeBufferPointer<UInt8>, into scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        var inQuotes = false
        var i = field.start
        while i < field.end {
            let b = buf[i]
            if b == UInt8(ascii: "\"") {
                if inQuotes && i + 1 < field.end && buf[i + 1] == UInt8(ascii: "\"") {
                    scratch.append(b)
                    i += 2
                    continue
                }
                inQuotes.toggle()
            } else {
                scratch.append(b)
            }
            i += 1
        }
    }
}
