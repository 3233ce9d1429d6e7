/// Reads one part of a file's data records into its place in the output arrays, a buffer at a
/// time: the whole part at once (`CSVReader.read`) or successive chunks that each end just after a
/// line break (`ChunkedLoad`). The column census, the label interners and the line number carry
/// over from one buffer to the next, so the result is that of one pass over the part.
///
/// Errors: an unterminated quote (line of the field), a record with the wrong number of fields
/// (line of the record), and more records than the part's line breaks allowed (the file changed
/// while it was being read). Cells are not judged here: every field's values are counted in the
/// census (`ColumnCensus`), from which the caller decides each column's kind.
struct RecordReader {
    let layout: CSVLayout
    let source: String
    let actions: [ColumnAction]
    let shape: CSVReader.OutputShape
    let sink: CSVReader.RecordSink
    /// Rows written so far.
    private(set) var rows = 0
    /// 1-based physical line of the next unread byte.
    private(set) var line: Int
    private var census: CensusStorage
    /// Per field, its number slot, or -1 when its action is not `.number`.
    private let numberSlotOf: NumberSlots
    private var interners: [LabelInterner]
    private var scratch: [UInt8] = []

    init(layout: CSVLayout, source: String, actions: [ColumnAction], shape: CSVReader.OutputShape, line: Int,
         into sink: CSVReader.RecordSink) {
        self.layout = layout
        self.source = source
        self.actions = actions
        self.shape = shape
        self.sink = sink
        self.line = line
        census = CensusStorage(count: layout.fieldCount)
        numberSlotOf = NumberSlots(actions, count: layout.fieldCount)
        interners = [LabelInterner](repeating: LabelInterner(), count: shape.textSlots)
    }

    /// Reads every record from byte `start` to the end of `buf`, which must end at a record's end
    /// (after a line break, or at the end of the file).
    mutating func read(_ buf: UnsafeBufferPointer<UInt8>, from start: Int) throws {
        guard let base = buf.baseAddress, start < buf.count else { return }
        let n = layout.fieldCount
        let numberSlots = shape.numberSlots
        let actions = self.actions
        var cursor = CSVCursor(buf, delimiter: layout.delimiter, pos: start, line: line)
        let fastNumbers = cursor.numbersCannotContainDelimiter
        let decimalComma = layout.decimalComma
        // Plain pointers and locals, not stored properties: the loop below must not pay for
        // uniqueness or exclusivity checks.
        let census = self.census.cells
        let numberSlotOf = self.numberSlotOf.slots
        let codes = sink.codes
        var interners: [LabelInterner] = []
        swap(&interners, &self.interners)
        var scratch: [UInt8] = []
        swap(&scratch, &self.scratch)
        var rows = self.rows
        defer {
            swap(&interners, &self.interners)
            swap(&scratch, &self.scratch)
            self.rows = rows
            self.line = cursor.line
        }
        var numbersOut = sink.numbers.map { $0 + rows * numberSlots } ?? UnsafeMutablePointer<Double>(bitPattern: 8)!

        while cursor.skipBlankLines() {
            let recordLine = cursor.line
            guard rows < sink.capacity else {
                throw DataError(file: source, line: recordLine, "the file changed while it was being read (more records than lines)")
            }
            var j = 0
            repeat {
                if fastNumbers && j < n {
                    let next = Self.readNumbers(&cursor, from: j, fieldCount: n, slots: numberSlotOf, into: numbersOut)
                    if next > j {
                        j = next
                        if cursor.recordEnded { break }
                    }
                    // Field j (if any) is not one the fast path takes: it is read below, as it always was.
                }
                let f = cursor.nextField()
                if f.unterminated { throw DataError(file: source, line: f.line, "unterminated quoted field") }
                if j < n {
                    var p = base + f.start
                    var count = f.end - f.start
                    if f.quoted {
                        CSVCursor.decode(f, in: buf, into: &scratch)
                        // Valid until `scratch` is next changed, which is after this field.
                        p = scratch.withUnsafeBufferPointer { $0.baseAddress ?? base }
                        count = scratch.count
                    }
                    switch actions[j] {
                    case .count:
                        _ = census[j].tally(p, count, field: j, line: f.line, decimalComma: decimalComma)
                    case .number(let slot):
                        numbersOut[slot] = census[j].tally(p, count, field: j, line: f.line, decimalComma: decimalComma)
                    case .text(let slot):
                        // Trimmed as the label's name; counted for the column's kind.
                        var lo = 0, hi = count
                        while lo < hi && (p[lo] == UInt8(ascii: " ") || p[lo] == UInt8(ascii: "\t")) { lo += 1 }
                        while hi > lo && (p[hi - 1] == UInt8(ascii: " ") || p[hi - 1] == UInt8(ascii: "\t")) { hi -= 1 }
                        let text = UnsafeBufferPointer(start: p + lo, count: hi - lo)
                        // A quoted label keeps its spaces, as before.
                        codes[slot][rows] = interners[slot].code(f.quoted ? UnsafeBufferPointer(start: p, count: count) : text)
                        if hi > lo, CellValue.startsAsText(p[lo]) {
                            census[j].noteText(p + lo, hi - lo, field: j, line: f.line, decimalComma: decimalComma)
                        } else {
                            _ = census[j].tally(p, count, field: j, line: f.line, decimalComma: decimalComma)
                        }
                    }
                }
                j += 1
            } while !cursor.recordEnded
            // The field count first: in a ragged record the "bad value" is probably a shifted field.
            if j != n {
                throw DataError(file: source, line: recordLine, "line \(recordLine) has \(j) fields, expected \(n)")
            }
            sink.rowLines[rows] = recordLine
            rows += 1
            numbersOut += numberSlots
        }
    }

    /// Reads the record's fields from `j` on into their slots for as long as each is a number field
    /// that `CSVCursor.nextNumber` takes, and returns the index of the first field it did not read.
    /// Stops after the record's last field, or before a field that is not a number field, that the
    /// fast path does not take (left unread), or beyond the `n`th.
    ///
    /// Design note: one call per run of numbers (a whole record of wide numeric data), over a
    /// plain slot table and a local copy of the cursor, so the loop keeps its state in registers
    /// and does not unpack `ColumnAction` per field.
    @inline(never)
    private static func readNumbers(_ cursor: inout CSVCursor, from j: Int, fieldCount n: Int,
                                    slots: UnsafePointer<Int>, into out: UnsafeMutablePointer<Double>) -> Int {
        var c = cursor
        defer { cursor = c }
        var j = j
        while j < n {
            let slot = slots[j]
            guard slot >= 0, let v = c.nextNumber() else { break }
            out[slot] = v
            j += 1
            if c.recordEnded { break }
        }
        return j
    }

    /// What the part found besides the rows it wrote.
    func finish() -> CSVReader.PartResult {
        CSVReader.PartResult(rows: rows, census: Array(UnsafeBufferPointer(start: census.cells, count: layout.fieldCount)),
                             textNames: interners.map(\.names))
    }
}

/// The number slot of every field (-1 for none) in plain memory, freed with its owner.
private final class NumberSlots {
    let slots: UnsafeMutablePointer<Int>

    init(_ actions: [ColumnAction], count: Int) {
        slots = UnsafeMutablePointer<Int>.allocate(capacity: max(1, count))
        for j in 0..<count {
            if j < actions.count, case .number(let slot) = actions[j] { slots[j] = slot } else { slots[j] = -1 }
        }
    }

    deinit {
        slots.deallocate()
    }
}

/// The census of every field in plain memory, freed with its owner.
private final class CensusStorage {
    let cells: UnsafeMutablePointer<ColumnCensus>
    let count: Int

    init(count: Int) {
        self.count = count
        cells = UnsafeMutablePointer<ColumnCensus>.allocate(capacity: max(1, count))
        cells.initialize(repeating: ColumnCensus(), count: count)
    }

    deinit {
        cells.deinitialize(count: count)
        cells.deallocate()
    }
}
