import Foundation

/// What the full read does with one column of the file.
enum ColumnAction: Equatable {
    /// Count the field (for the ragged-row check) and its kind of value (for the census) only.
    case count
    /// Parse as a number into this slot of the row.
    case number(slot: Int)
    /// Intern as text into this text slot.
    case text(slot: Int)
}

/// The data records of a file, for the columns asked for.
struct CSVReadResult {
    var rowCount = 0
    /// Row-major `rowCount × numberSlotCount`; NaN where the value is missing or infinite
    /// or not a number (the census says which).
    var numbers: [Double] = []
    var numberSlotCount = 0
    /// Per text slot: a code per row (-1 for empty) and the names the codes index.
    var textCodes: [[Int]] = []
    var textNames: [[String]] = []
    /// 1-based physical line where each record starts.
    var rowLines: [Int] = []
    /// Per field of the record: missing and text cells seen, whatever the field's action.
    var census: [ColumnCensus] = []
}

/// The single pass over the data records, after `CSVLayout` has found where they start.
///
/// Errors: an unterminated quote (line of the field), a record with the wrong number of fields
/// (line of the record). Cells are not judged here: every field's values are counted in the
/// census (`ColumnCensus`), from which the caller decides each column's kind and reports text in a
/// numeric column with all of its evidence.
enum CSVReader {
    /// Reads every data record. Large files without any quote character are split at line breaks
    /// into one part per core, read in parallel and joined in file order (the first error in the
    /// file wins), so the result is exactly that of one pass.
    static func read(_ buf: UnsafeBufferPointer<UInt8>, layout: CSVLayout, source: String,
                     actions: [ColumnAction], minimumParallelBytes: Int = 1 << 22) throws -> CSVReadResult {
        let parts = splitPoints(buf, from: layout.dataStart, minimumBytes: minimumParallelBytes)
        guard parts.count > 2, let base = buf.baseAddress else {
            return try readRecords(buf, layout: layout, source: source, actions: actions,
                                   start: layout.dataStart, line: layout.dataStartLine)
        }
        // Each part's first line number: the line breaks before it.
        var lines = [layout.dataStartLine]
        for i in 1..<(parts.count - 1) {
            lines.append(lines[i - 1] + countLineBreaks(UnsafeBufferPointer(start: base + parts[i - 1], count: parts[i] - parts[i - 1])))
        }
        var outcomes = [Result<CSVReadResult, Error>?](repeating: nil, count: parts.count - 1)
        outcomes.withUnsafeMutableBufferPointer { out in
            DispatchQueue.concurrentPerform(iterations: out.count) { i in
                let part = UnsafeBufferPointer(start: base, count: parts[i + 1])
                out[i] = Result { try readRecords(part, layout: layout, source: source, actions: actions,
                                                  start: parts[i], line: lines[i]) }
            }
        }
        var results = try outcomes.map { try $0!.get() }
        outcomes = []  // the results are the only owners now, so join can free each as it goes
        return join(&results)
    }

    /// Part boundaries (byte offsets, first = `start`, last = the end) for a parallel read: one
    /// part per core, each ending just after a line break; a single part when the data is small or
    /// holds a quote (a quoted field may span lines, so only a sequential read can find records).
    static func splitPoints(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, minimumBytes: Int) -> [Int] {
        let end = buf.count, length = end - start
        let cores = min(8, ProcessInfo.processInfo.activeProcessorCount)
        guard cores > 1, length >= minimumBytes, let base = buf.baseAddress,
              memchr(base + start, Int32(UInt8(ascii: "\"")), length) == nil else { return [start, end] }
        var points = [start]
        for i in 1..<cores {
            var p = max(start + length * i / cores, points.last!)
            while p < end && buf[p] != UInt8(ascii: "\n") { p += 1 }
            if p + 1 < end && p + 1 > points.last! { points.append(p + 1) }
        }
        points.append(end)
        return points
    }

    /// Concatenates parts read in file order, renumbering each text column's codes so names keep
    /// their order of first appearance in the whole file.
    static func join(_ parts: inout [CSVReadResult]) -> CSVReadResult {
        var result = parts[0]
        parts[0] = CSVReadResult()
        result.numbers.reserveCapacity(result.numbers.count + parts.reduce(0) { $0 + $1.numbers.count })
        for i in parts.indices.dropFirst() {
            var part = parts[i]
            parts[i] = CSVReadResult()
            result.numbers.append(contentsOf: part.numbers)
            part.numbers = []
            result.rowLines.append(contentsOf: part.rowLines)
            for j in result.census.indices { result.census[j].add(part.census[j]) }
            for slot in result.textCodes.indices {
                var index = Dictionary(uniqueKeysWithValues: result.textNames[slot].enumerated().map { ($1, $0) })
                let remap = part.textNames[slot].map { name -> Int in
                    if let code = index[name] { return code }
                    result.textNames[slot].append(name)
                    index[name] = result.textNames[slot].count - 1
                    return result.textNames[slot].count - 1
                }
                result.textCodes[slot].append(contentsOf: part.textCodes[slot].map { $0 >= 0 ? remap[$0] : $0 })
            }
        }
        result.rowCount = result.rowLines.count
        return result
    }

    /// One sequential pass over the records from byte `start` (line `line`) to the end of `buf`.
    static func readRecords(_ buf: UnsafeBufferPointer<UInt8>, layout: CSVLayout, source: String,
                            actions: [ColumnAction], start: Int, line: Int) throws -> CSVReadResult {
        var numberSlots = 0
        var textSlots = 0
        for action in actions {
            switch action {
            case .count: break
            case .number(let slot): numberSlots = max(numberSlots, slot + 1)
            case .text(let slot): textSlots = max(textSlots, slot + 1)
            }
        }
        var result = CSVReadResult()
        result.numberSlotCount = numberSlots
        guard let base = buf.baseAddress else { return result }

        let n = layout.fieldCount
        var numbers: [Double] = []
        var rowLines: [Int] = []
        // An upper bound on the record count, so the arrays never regrow (regrowing a 64 MB array
        // costs more than this count). A record of n fields takes at least n bytes, which caps the
        // bound for files padded with blank lines.
        let rest = UnsafeBufferPointer(rebasing: buf[start...])
        let estimatedRows = min(countLineBreaks(rest), rest.count / max(1, n)) + 1
        numbers.reserveCapacity(estimatedRows * numberSlots)
        rowLines.reserveCapacity(estimatedRows)
        var codes = [[Int]](repeating: [], count: textSlots)
        var interners = [LabelInterner](repeating: LabelInterner(), count: textSlots)
        var row = [Double](repeating: .nan, count: numberSlots)
        var scratch: [UInt8] = []
        var cursor = CSVCursor(buf, delimiter: layout.delimiter, pos: start, line: line)
        let fastNumbers = cursor.numbersCannotContainDelimiter

        var census = [ColumnCensus](repeating: ColumnCensus(), count: n)
        let decimalComma = layout.decimalComma
        @inline(__always)
        func tally(_ p: UnsafePointer<UInt8>, _ count: Int, field j: Int, line: Int) -> Double {
            census[j].tally(p, count, field: j, line: line, decimalComma: decimalComma)
        }
        let empty = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        defer { empty.deallocate() }
        // Runs `body` on the field's content: the unquoted text of a quoted field (via `scratch`).
        func withContent<R>(_ f: CSVField, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
            if f.quoted {
                CSVCursor.decode(f, in: buf, into: &scratch)
                return scratch.withUnsafeBufferPointer { body($0.baseAddress ?? UnsafePointer(empty), $0.count) }
            }
            return body(base + f.start, f.end - f.start)
        }

        while cursor.skipBlankLines() {
            let recordLine = cursor.line
            var j = 0
            repeat {
                if fastNumbers && j < n, case .number(let slot) = actions[j], let v = cursor.nextNumber() {
                    row[slot] = v
                    j += 1
                    continue
                }
                let f = cursor.nextField()
                if f.unterminated { throw DataError(file: source, line: f.line, "unterminated quoted field") }
                if j < n {
                    switch actions[j] {
                    case .count:
                        _ = withContent(f) { tally($0, $1, field: j, line: f.line) }
                    case .number(let slot):
                        row[slot] = withContent(f) { tally($0, $1, field: j, line: f.line) }
                    case .text(let slot):
                        let code: Int
                        if f.quoted {
                            CSVCursor.decode(f, in: buf, into: &scratch)
                            code = scratch.withUnsafeBufferPointer { interners[slot].code($0) }
                            _ = withContent(f) { tally($0, $1, field: j, line: f.line) }  // decodes again; quoted labels are rare
                        } else {
                            var lo = f.start, hi = f.end
                            while lo < hi && (buf[lo] == UInt8(ascii: " ") || buf[lo] == UInt8(ascii: "\t")) { lo += 1 }
                            while hi > lo && (buf[hi - 1] == UInt8(ascii: " ") || buf[hi - 1] == UInt8(ascii: "\t")) { hi -= 1 }
                            code = interners[slot].code(UnsafeBufferPointer(rebasing: buf[lo..<hi]))
                            _ = tally(base + lo, hi - lo, field: j, line: f.line)
                        }
                        codes[slot].append(code)
                    }
                }
                j += 1
            } while !cursor.recordEnded
            if j != n {
                throw DataError(file: source, line: recordLine, "line \(recordLine) has \(j) fields, expected \(n)")
            }
            numbers.append(contentsOf: row)
            rowLines.append(recordLine)
        }
        result.census = census
        result.rowCount = rowLines.count
        result.numbers = numbers
        result.rowLines = rowLines
        result.textCodes = codes
        result.textNames = interners.map(\.names)
        return result
    }

    /// Counts `\n` bytes, eight at a time.
    static func countLineBreaks(_ buf: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = buf.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let n = buf.count
        var count = 0
        var i = 0
        while i + 8 <= n {
            // Bytes equal to 0x0A become zero; the high bit of `nonZero` is then clear exactly for
            // them (this form of the zero-byte test has no false positives).
            let t = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            let nonZero = ((t & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | t
            count &+= (~nonZero & 0x8080_8080_8080_8080).nonzeroBitCount
            i += 8
        }
        while i < n {
            if buf[i] == UInt8(ascii: "\n") { count += 1 }
            i += 1
        }
        return count
    }
}
