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
    @inline(__always)
    mutating func nextNumber() -> Double? {
        let n = buf.count
        guard pos < n, let base = buf.baseAddress,
              let (value, length) = FastFloat.parsePrefix(base + pos, n - pos), value.isFinite else { return nil }
        let e = pos + length
        if e == n {
            pos = n
            recordEnded = true
            return value
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
            return nil
        }
        return value
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
