/// The kind of a column: from its first non-missing data value while the file's layout is being
/// detected, then from all its values once it has been read (see `ColumnVerdict`).
public enum CSVColumnKind: String, Sendable, Equatable {
    /// The values are numbers (or, after the read, at least half of them are).
    case numeric
    /// The values are not numbers.
    case text
    /// Every data value is missing (or there are none).
    case empty
}

/// The shape of a file before its data is read: delimiter, header, names and column kinds.
///
/// Header rule: the first record is a header when one of its fields is non-numeric and non-missing
/// in a column whose data values (the later records) are numeric, or when all its fields are
/// non-missing text. Otherwise it is data and the columns are named `c0`, `c1`, …. Header names
/// are the unquoted text of quoted fields, verbatim, and the trimmed text of unquoted ones; an
/// empty name becomes `c<index>`.
///
/// Column kinds here are provisional: from the first non-missing data value of each column, so
/// finding them reads only as many records as it takes (usually one; the whole file only for a
/// column with no values). The full read counts every value (`ColumnCensus`) and the loader
/// settles each kind from the whole column. Ragged records and bad quoting are left for the full
/// read to report.
struct CSVLayout {
    var delimiter: UInt8
    var hasHeader: Bool
    var names: [String]
    var kinds: [CSVColumnKind]
    /// Offset and line of the first data record (or of the end of the file).
    var dataStart: Int
    var dataStartLine: Int
    /// `,` is the decimal mark (`--decimal ,`): `2,25` is 2.25.
    var decimalComma = false
    /// Where detection stopped reading: the layout depends on nothing after this offset, so
    /// detecting over any prefix of the file that extends beyond it gives the same layout.
    var examinedEnd = 0
    /// Number of fields every record must have.
    var fieldCount: Int { names.count }

    /// The most columns a file may have. Each column costs the layout and the census some tens of
    /// bytes per record read before a row is kept, so a 200 MB single line of 14 million fields
    /// used to take 1.6 GB and most of a minute before any answer; past this many the first
    /// record is refused at once, in one line (issue 16's edges). A row of 1,000,000 doubles is
    /// already 8 MB, and PCA, k-means and the panel are about rows, not a million features.
    public static let maxColumns = 1_000_000

    static func detect(_ buf: UnsafeBufferPointer<UInt8>, source: String, delimiter given: UInt8?,
                       decimalComma: Bool = false, maxColumns: Int = CSVLayout.maxColumns) throws -> CSVLayout {
        var start = 0
        if buf.count >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF { start = 3 }
        if let d = given, d == UInt8(ascii: "\"") || d == UInt8(ascii: "\n") || d == UInt8(ascii: "\r") {
            throw DataError(file: source, "the delimiter cannot be a quote or a line break")
        }
        // With decimal commas, `,` cannot also separate the fields (unless the user says so).
        let delimiter = given ?? DelimiterSniffer.sniff(buf, from: start, excludingComma: decimalComma)

        var cursor = CSVCursor(buf, delimiter: delimiter, pos: start)
        guard cursor.skipBlankLines() else { throw DataError(file: source, "empty file") }
        let firstLine = cursor.line
        if let fields = recordFieldCount(buf, from: cursor.pos, delimiter: delimiter, exceeding: maxColumns) {
            throw DataError(file: source, line: firstLine,
                            "the first record has more than \(SampleSummary.grouped(maxColumns)) fields (\(SampleSummary.grouped(fields))+), "
                                + "more than clusterview reads: keep the feature columns you need (e.g. with cut -d, -f)")
        }
        var first: [CSVField] = []
        cursor.readRecord(into: &first)
        if let bad = first.first(where: { $0.unterminated }) {
            throw DataError(file: source, line: bad.line, "unterminated quoted field")
        }
        let afterFirst = (pos: cursor.pos, line: cursor.line)
        let n = first.count

        var scratch: [UInt8] = []
        let firstCells = first.map { classify($0, buf, &scratch, decimalComma: decimalComma) }

        // Kinds of the later records, reading only until every column has shown a value.
        var later = [CellValue?](repeating: nil, count: n)
        var undecided = n
        var sawLaterRecord = false
        var fields: [CSVField] = []
        while undecided > 0 && cursor.skipBlankLines() {
            sawLaterRecord = true
            cursor.readRecord(into: &fields)
            for (j, f) in fields.prefix(n).enumerated() where later[j] == nil {
                let cell = classify(f, buf, &scratch, decimalComma: decimalComma)
                if cell != .missing { later[j] = cell; undecided -= 1 }
            }
        }

        let textInNumericColumn = (0..<n).contains { j in
            if firstCells[j] != .text { return false }
            if case .number = later[j] { return true }
            return false
        }
        let allText = firstCells.allSatisfy { $0 == .text }
        let hasHeader = textInNumericColumn || allText

        func kind(_ cell: CellValue?) -> CSVColumnKind {
            switch cell {
            case .number?: return .numeric
            case .text?: return .text
            case .missing?, nil: return .empty
            }
        }
        if hasHeader {
            guard sawLaterRecord else { throw DataError(file: source, line: firstLine, "header only, no data rows") }
            let names = first.enumerated().map { j, f -> String in
                let name = text(f, buf, &scratch, trimUnquoted: true)
                return name.isEmpty ? "c\(j)" : name
            }
            return CSVLayout(delimiter: delimiter, hasHeader: true, names: names, kinds: later.map(kind),
                             dataStart: afterFirst.pos, dataStartLine: afterFirst.line, decimalComma: decimalComma,
                             examinedEnd: cursor.pos)
        } else {
            let kinds = (0..<n).map { j in firstCells[j] == .missing ? kind(later[j]) : kind(firstCells[j]) }
            return CSVLayout(delimiter: delimiter, hasHeader: false, names: (0..<n).map { "c\($0)" }, kinds: kinds,
                             dataStart: start, dataStartLine: 1, decimalComma: decimalComma, examinedEnd: cursor.pos)
        }
    }

    static func classify(_ f: CSVField, _ buf: UnsafeBufferPointer<UInt8>, _ scratch: inout [UInt8],
                         decimalComma: Bool = false) -> CellValue {
        if f.quoted {
            CSVCursor.decode(f, in: buf, into: &scratch)
            return scratch.withUnsafeBufferPointer { CellValue.classify($0, decimalComma: decimalComma) }
        }
        return CellValue.classify(UnsafeBufferPointer(rebasing: buf[f.start..<f.end]), decimalComma: decimalComma)
    }

    /// The field as a string: unquoted text of a quoted field, or the (optionally trimmed) bytes.
    static func text(_ f: CSVField, _ buf: UnsafeBufferPointer<UInt8>, _ scratch: inout [UInt8], trimUnquoted: Bool) -> String {
        if f.quoted {
            CSVCursor.decode(f, in: buf, into: &scratch)
            return String(decoding: scratch, as: UTF8.self)
        }
        var lo = f.start, hi = f.end
        if trimUnquoted {
            while lo < hi && (buf[lo] == UInt8(ascii: " ") || buf[lo] == UInt8(ascii: "\t")) { lo += 1 }
            while hi > lo && (buf[hi - 1] == UInt8(ascii: " ") || buf[hi - 1] == UInt8(ascii: "\t")) { hi -= 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: buf[lo..<hi]), as: UTF8.self)
    }
}

/// Counts the fields of the record starting at `from` (quotes respected), stopping as soon as the
/// count passes `limit`: nil when the record has `limit` fields or fewer, else the count reached.
/// Reads at most about `limit` fields' bytes, never the rest of a huge line.
func recordFieldCount(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, delimiter: UInt8, exceeding limit: Int) -> Int? {
    var fields = 1, inQuotes = false, i = start
    let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n")
    while i < buf.count {
        let b = buf[i]
        if b == quote {
            inQuotes.toggle()
        } else if !inQuotes {
            if b == newline { break }
            if b == delimiter {
                fields += 1
                if fields > limit { return fields }
            }
        }
        i += 1
    }
    return nil
}
