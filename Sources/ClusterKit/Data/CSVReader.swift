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
    /// into one part per core, read in parallel straight into the final arrays and joined in file
    /// order (the first error in the file wins), so the result is exactly that of one pass.
    ///
    /// Design note: each part's line breaks are counted first (in parallel); a record takes at
    /// least one line, so that count bounds the part's rows and fixes where its rows go in one
    /// array for the whole file. Gaps left by blank lines are closed afterwards (a move, rarely
    /// needed). No part's output is copied otherwise.
    /// `scan`, when given, is the file's `ByteScan`: its parts and line counts are used as they
    /// are, so the bytes are not counted again.
    static func read(_ buf: UnsafeBufferPointer<UInt8>, layout: CSVLayout, source: String,
                     actions: [ColumnAction], minimumParallelBytes: Int = 1 << 22, scan: ByteScan? = nil) throws -> CSVReadResult {
        let shape = OutputShape(actions)
        guard buf.baseAddress != nil, buf.count > layout.dataStart else {
            return CSVReadResult(numberSlotCount: shape.numberSlots, textCodes: Array(repeating: [], count: shape.textSlots),
                                 textNames: Array(repeating: [], count: shape.textSlots),
                                 census: Array(repeating: ColumnCensus(), count: layout.fieldCount))
        }
        var parts: [Int]
        var breaks: [Int]
        let before = layout.dataStartLine - 1  // line breaks before the data
        if let scan, scan.points.count > 2, layout.dataStart < scan.points[1], buf.count - layout.dataStart >= minimumParallelBytes,
           !scan.hasQuote || memchr(buf.baseAddress! + layout.dataStart, Int32(UInt8(ascii: "\"")), buf.count - layout.dataStart) == nil {
            parts = scan.points
            parts[0] = layout.dataStart
            breaks = scan.lineBreaks
            breaks[0] -= before
        } else if let scan, scan.points.count == 2 || scan.hasQuote {
            parts = [layout.dataStart, buf.count]
            breaks = [scan.lineBreaks.reduce(0, +) - before]
        } else {
            parts = splitPoints(buf, from: layout.dataStart, minimumBytes: minimumParallelBytes)
            // Line breaks per part: each part's first line, and a bound on its rows.
            let splits = parts
            breaks = [Int](repeating: 0, count: parts.count - 1)
            breaks.withUnsafeMutableBufferPointer { out in
                DispatchQueue.concurrentPerform(iterations: out.count) { i in
                    out[i] = countLineBreaks(UnsafeBufferPointer(rebasing: buf[splits[i]..<splits[i + 1]]))
                }
            }
        }
        let sizes = (0..<(parts.count - 1)).map { parts[$0 + 1] - parts[$0] }
        return try readParts(byteCounts: sizes, lineBreaks: breaks, layout: layout, source: source, actions: actions) { i, reader in
            try reader.read(UnsafeBufferPointer(rebasing: buf[0..<parts[i + 1]]), from: parts[i])
        }
    }

    /// The common frame of a read in parts: bounds each part's rows by its line breaks (and bytes),
    /// allocates the outputs once for the whole file, runs `readPart` on every part in parallel
    /// (each with a `RecordReader` writing at its own offset), then closes the gaps left by blank
    /// lines and joins the census and the label names in file order (the first error in the file
    /// wins). `readPart` feeds its part's bytes to the reader, in one buffer or in chunks.
    static func readParts(byteCounts: [Int], lineBreaks breaks: [Int], layout: CSVLayout, source: String,
                          actions: [ColumnAction],
                          readPart: (Int, inout RecordReader) throws -> Void) throws -> CSVReadResult {
        let shape = OutputShape(actions)
        let partCount = byteCounts.count
        var firstLines = [layout.dataStartLine]
        var offsets = [0]
        let n = max(1, layout.fieldCount)
        for i in 0..<partCount {
            firstLines.append(firstLines[i] + breaks[i])
            // A record of n fields takes at least n bytes, which caps the bound for blank padding;
            // the +1 there leaves room to reach (and report) a short record. Every part but the
            // last ends just after a line break, so its records are at most its line breaks: with
            // no +1 on that term, a part without blank lines fills its room exactly and the part
            // after it need not be moved down a row at the end (a copy of half the matrix).
            let lastRecordUnended = i == partCount - 1 ? 1 : 0
            offsets.append(offsets[i] + min(breaks[i] + lastRecordUnended, byteCounts[i] / n + 1))
        }
        let capacity = offsets[partCount]

        var numbers = [Double](unsafeUninitializedCapacity: capacity * shape.numberSlots) { _, count in count = capacity * shape.numberSlots }
        var rowLines = [Int](unsafeUninitializedCapacity: capacity) { _, count in count = capacity }
        var codes = (0..<shape.textSlots).map { _ in [Int](unsafeUninitializedCapacity: capacity) { _, count in count = capacity } }
        var outcomes = [Result<PartResult, Error>?](repeating: nil, count: partCount)
        try numbers.withUnsafeMutableBufferPointer { numbersOut in
            try rowLines.withUnsafeMutableBufferPointer { linesOut in
                let codesOut = codes.indices.map { slot in codes[slot].withUnsafeMutableBufferPointer { $0.baseAddress! } }
                outcomes.withUnsafeMutableBufferPointer { out in
                    DispatchQueue.concurrentPerform(iterations: partCount) { i in
                        let sink = RecordSink(numbers: numbersOut.baseAddress.map { $0 + offsets[i] * shape.numberSlots },
                                              rowLines: linesOut.baseAddress! + offsets[i],
                                              codes: codesOut.map { $0 + offsets[i] }, capacity: offsets[i + 1] - offsets[i])
                        var reader = RecordReader(layout: layout, source: source, actions: actions, shape: shape,
                                                  line: firstLines[i], into: sink)
                        out[i] = Result {
                            try readPart(i, &reader)
                            return reader.finish()
                        }
                    }
                }
                _ = codesOut
                // Close the gaps between parts, in file order (only after blank lines).
                var rows = 0
                for i in 0..<partCount {
                    let got = try outcomes[i]!.get().rows
                    if rows != offsets[i] && got > 0 {
                        if let p = numbersOut.baseAddress, shape.numberSlots > 0 {
                            (p + rows * shape.numberSlots).update(from: p + offsets[i] * shape.numberSlots, count: got * shape.numberSlots)
                        }
                        (linesOut.baseAddress! + rows).update(from: linesOut.baseAddress! + offsets[i], count: got)
                    }
                    rows += got
                }
            }
        }
        var results = try outcomes.map { try $0!.get() }
        var result = CSVReadResult()
        result.numberSlotCount = shape.numberSlots
        result.census = results[0].census
        for part in results.dropFirst() {
            for j in result.census.indices { result.census[j].add(part.census[j]) }
        }
        let rows = results.reduce(0) { $0 + $1.rows }
        result.rowCount = rows
        numbers.removeLast((capacity - rows) * shape.numberSlots)
        rowLines.removeLast(capacity - rows)
        result.numbers = numbers
        result.rowLines = rowLines
        // Text codes: renumbered so names keep their order of first appearance in the whole file.
        for slot in 0..<shape.textSlots {
            var names = results[0].textNames[slot]
            var index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            var row = 0
            codes[slot].withUnsafeMutableBufferPointer { out in
                for i in 0..<partCount {
                    let got = results[i].rows
                    let remap = i == 0 ? nil : results[i].textNames[slot].map { name -> Int in
                        if let code = index[name] { return code }
                        names.append(name)
                        index[name] = names.count - 1
                        return names.count - 1
                    }
                    for r in 0..<got {
                        let code = out[offsets[i] + r]
                        out[row + r] = code >= 0 ? (remap?[code] ?? code) : code
                    }
                    row += got
                }
            }
            codes[slot].removeLast(capacity - rows)
            result.textNames.append(names)
            results[0].textNames[slot] = []
        }
        result.textCodes = codes
        return result
    }

    /// How many number and text slots the actions fill.
    struct OutputShape {
        var numberSlots = 0
        var textSlots = 0

        init(_ actions: [ColumnAction]) {
            for action in actions {
                switch action {
                case .count: break
                case .number(let slot): numberSlots = max(numberSlots, slot + 1)
                case .text(let slot): textSlots = max(textSlots, slot + 1)
                }
            }
        }
    }

    /// Where one part's rows go: room for `capacity` rows in each output.
    struct RecordSink {
        var numbers: UnsafeMutablePointer<Double>?
        var rowLines: UnsafeMutablePointer<Int>
        var codes: [UnsafeMutablePointer<Int>]
        var capacity: Int
    }

    /// What one part's read found besides the rows it wrote.
    struct PartResult {
        var rows: Int
        var census: [ColumnCensus]
        var textNames: [[String]]
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
