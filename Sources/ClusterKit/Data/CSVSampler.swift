/// A uniform random sample of a CSV's data rows, drawn in one streaming pass over input of any
/// size (reservoir sampling, Algorithm R): memory holds the sample and one chunk, never the file.
///
/// Feed the input with `consume` in chunks of any size (cut anywhere, even inside a quoted field
/// or a UTF-8 character), then call `finish`. Every row of the file is still checked (UTF-8,
/// quoting, field count) and counted in each column's census, so the column kinds, the errors and
/// their lines are those a full load would give; only the kept rows are parsed into the dataset.
/// The dataset's rows are in file order with their own file lines and row indices, and
/// `Dataset.sample` records how many rows the file had. The same seed gives the same sample.
///
/// Design note: a kept row is stored as its raw bytes and parsed at the end, by the same reader as
/// a full load, because which columns are features depends on the kinds, which only the whole
/// pass settles.
public struct CSVSampler {
    public let sampleSize: Int
    let source: String
    let options: LoadOptions
    private var random: SplitMix64
    /// Unprocessed input: at most one chunk plus the incomplete record carried over.
    private var pending: [UInt8] = []
    private var position = 0
    /// The 1-based line of `pending[position]`.
    private var line = 1
    private var layout: CSVLayout?
    private var census: [ColumnCensus] = []
    /// Data records seen so far.
    public private(set) var rowsSeen = 0
    private var kept: [KeptRecord] = []
    private var fields: [CSVField] = []
    private var scratch: [UInt8] = []

    /// How much input is gathered before the delimiter, header and first kinds are worked out.
    let detectionBytes: Int

    struct KeptRecord {
        var rowIndex: Int
        var line: Int
        var bytes: [UInt8]
    }

    /// `sampleSize` rows at most (all of them when the file has fewer); `seed` fixes the draw.
    /// `detectionBytes` is for tests (small inputs that still stream past the detection).
    public init(sampleSize: Int, seed: UInt64, source: String, options: LoadOptions = LoadOptions(),
                detectionBytes: Int = 1 << 20) {
        precondition(sampleSize > 0, "a sample needs at least one row")
        self.detectionBytes = detectionBytes
        self.sampleSize = sampleSize
        self.source = source
        self.options = options
        random = SplitMix64(seed: seed)
    }

    /// Takes the next bytes of the input.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer) throws {
        pending.append(contentsOf: bytes)
        if layout == nil {
            guard pending.count >= detectionBytes, pending.lazy.filter({ $0 == UInt8(ascii: "\n") }).prefix(2).count == 2 else { return }
            do {
                try detect()
            } catch {
                // The first records may be cut by the chunk's end (say, inside a quoted header):
                // wait for more, but not without bound.
                if pending.count > 64 << 20 { throw error }
                return
            }
        }
        try processRecords(atEnd: false)
    }

    /// Ends the input and returns the sample. Throws the errors a full load would.
    public mutating func finish() throws -> Dataset {
        if layout == nil { try detect() }
        try processRecords(atEnd: true)
        guard var layout else { throw DataError(file: source, "empty file") }
        let verdicts = census.map { ColumnVerdict($0, rows: rowsSeen) }
        layout.kinds = verdicts.map(\.kind)
        let choice = try ColumnChoice(layout: layout, options: options, source: source)
        try ColumnChoice.checkFeatures(choice.features, verdicts: verdicts, census: census, rows: rowsSeen,
                                       names: layout.names, options: options, source: source)
        kept.sort { $0.rowIndex < $1.rowIndex }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(kept.reduce(0) { $0 + $1.bytes.count })
        for record in kept { bytes += record.bytes }
        layout.dataStart = 0
        layout.dataStartLine = 1
        var read = try bytes.withUnsafeBufferPointer { buf in
            try CSVReader.read(buf, layout: layout, source: source, actions: choice.actions(fieldCount: layout.fieldCount))
        }
        // Back to the file's own lines (the sample's bytes have lines of their own).
        read.rowLines = kept.map(\.line)
        let rowIndices = kept.map(\.rowIndex)
        let sampled = kept.count
        kept = []
        var dataset = try Dataset(read: &read, layout: layout, choice: choice, source: source,
                                  impute: options.impute, rowIndices: rowIndices)
        dataset.sample = SampleSummary(rows: sampled, totalRows: rowsSeen)
        return dataset
    }

    /// Delimiter, header and names from the first bytes (the kinds found here are provisional).
    private mutating func detect() throws {
        let found = try pending.withUnsafeBufferPointer { buf -> CSVLayout in
            // Only whole lines are judged: a chunk may end inside a UTF-8 character.
            let end = buf.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? buf.count
            if let bad = UTF8Validator.firstInvalidOffset(UnsafeBufferPointer(rebasing: buf[0..<end])) {
                throw DataError(file: source, line: UTF8Validator.line(of: bad, in: buf), "invalid UTF-8")
            }
            return try CSVLayout.detect(buf, source: source, delimiter: options.delimiter, decimalComma: options.decimalComma)
        }
        layout = found
        census = [ColumnCensus](repeating: ColumnCensus(), count: found.fieldCount)
        position = found.dataStart
        line = found.dataStartLine
    }

    /// Counts and samples every complete record in `pending`; keeps the incomplete rest.
    private mutating func processRecords(atEnd: Bool) throws {
        guard let layout else { return }
        let n = layout.fieldCount
        let decimalComma = layout.decimalComma
        var stop = position
        var stopLine = line
        try pending.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            // Validate whole lines only (a line break is never inside a UTF-8 character).
            let end = atEnd ? buf.count : (buf.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? position)
            if end > position,
               let bad = UTF8Validator.firstInvalidOffset(UnsafeBufferPointer(rebasing: buf[position..<end])) {
                let here = UnsafeBufferPointer(rebasing: buf[position...])
                throw DataError(file: source, line: line + UTF8Validator.line(of: bad, in: here) - 1, "invalid UTF-8")
            }
            var cursor = CSVCursor(UnsafeBufferPointer(rebasing: buf[0..<max(end, position)]), delimiter: layout.delimiter,
                                   pos: position, line: line)
            while cursor.skipBlankLines() {
                let start = cursor.pos, startLine = cursor.line
                cursor.readRecord(into: &fields)
                let unterminated = fields.first { $0.unterminated }
                let complete = atEnd || (unterminated == nil && buf[cursor.pos - 1] == UInt8(ascii: "\n"))
                guard complete else { break }
                if let bad = unterminated { throw DataError(file: source, line: bad.line, "unterminated quoted field") }
                if fields.count != n {
                    throw DataError(file: source, line: startLine, "line \(startLine) has \(fields.count) fields, expected \(n)")
                }
                for (j, f) in fields.enumerated() {
                    if f.quoted {
                        CSVCursor.decode(f, in: buf, into: &scratch)
                        scratch.withUnsafeBufferPointer { s in
                            if let p = s.baseAddress {
                                _ = census[j].tally(p, s.count, field: j, line: f.line, decimalComma: decimalComma)
                            } else {
                                census[j].missing += 1
                            }
                        }
                    } else {
                        _ = census[j].tally(base + f.start, f.end - f.start, field: j, line: f.line, decimalComma: decimalComma)
                    }
                }
                keep(UnsafeBufferPointer(rebasing: buf[start..<cursor.pos]), line: startLine)
                rowsSeen += 1
                stop = cursor.pos
                stopLine = cursor.line
            }
            if atEnd { stop = buf.count }
        }
        // Drop what was processed; the rest starts the next round.
        if stop > 0 {
            pending.removeSubrange(0..<stop)
        }
        position = 0
        line = stopLine
    }

    /// Algorithm R: the first `sampleSize` records are kept; record i (0-based) after them
    /// replaces a uniformly chosen kept one with probability sampleSize / (i + 1).
    private mutating func keep(_ record: UnsafeBufferPointer<UInt8>, line: Int) {
        let index = rowsSeen
        if kept.count < sampleSize {
            kept.append(KeptRecord(rowIndex: index, line: line, bytes: recordBytes(record)))
            return
        }
        let slot = random.below(UInt64(index) + 1)
        if slot < UInt64(sampleSize) {
            kept[Int(slot)] = KeptRecord(rowIndex: index, line: line, bytes: recordBytes(record))
        }
    }

    /// The record as stored: ending in a line break, so kept records can be joined as they are.
    private func recordBytes(_ record: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var bytes = Array(record)
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        return bytes
    }
}

/// What a sampled dataset was drawn from, for a status line such as "sample 200,000 of
/// 48,213,771 rows".
public struct SampleSummary: Sendable, Equatable {
    /// Data rows in the sample (before rows with missing values are dropped).
    public var rows: Int
    /// Data rows in the whole input.
    public var totalRows: Int

    public init(rows: Int, totalRows: Int) {
        self.rows = rows
        self.totalRows = totalRows
    }

    /// Whether every row of the input is in the sample (the input had no more rows than asked).
    public var isComplete: Bool { rows == totalRows }

    /// `sample 200,000 of 48,213,771 rows`, or `all 1,234 rows` when nothing was left out.
    public var description: String {
        isComplete ? "all \(Self.grouped(totalRows)) rows" : "sample \(Self.grouped(rows)) of \(Self.grouped(totalRows)) rows"
    }

    /// 20000 → "20,000" (also the explorer's, for counts it shows).
    public static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}

/// SplitMix64: a small, fast, seedable generator (the sample is the same for a seed everywhere;
/// tests draw their random inputs from it too).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), from the top 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in 0..<bound without modulo bias (Lemire's multiply-and-reject).
    mutating func below(_ bound: UInt64) -> UInt64 {
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }
}
