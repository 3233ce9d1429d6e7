import Foundation

/// What the full read saw in one column: how many of its values were missing and how many text,
/// with the first few text cells, so a column's kind is decided from all its values.
///
/// Numbers are not counted: they are the rest (`numbers(rows:)`), which keeps the read's fast path
/// for a number free of any bookkeeping.
struct ColumnCensus: Equatable {
    /// Empty cells, missing markers and infinities.
    var missing = 0
    /// Cells that are not numbers (with the file's decimal mark).
    var texts = 0
    /// Text cells that would be numbers if their `,` were the decimal mark.
    var decimalCommas = 0
    /// The first text cells in file order, at most `keptTexts`.
    var firstTexts: [TextCell] = []

    static let keptTexts = 3

    func numbers(rows: Int) -> Int { rows - missing - texts }

    /// Counts one cell (its content, unquoted) and returns its number, or NaN when it has none.
    @inline(__always)
    mutating func tally(_ p: UnsafePointer<UInt8>, _ count: Int, field: Int, line: Int, decimalComma: Bool) -> Double {
        switch CellValue.classify(p, count, decimalComma: decimalComma) {
        case .number(let v):
            return v
        case .missing:
            missing += 1
        case .text:
            noteText(p, count, field: field, line: line, decimalComma: decimalComma)
        }
        return .nan
    }

    /// Counts a cell that is not a number and keeps it when it is among the first few.
    mutating func noteText(_ p: UnsafePointer<UInt8>, _ count: Int, field: Int, line: Int, decimalComma: Bool) {
        texts += 1
        if !decimalComma && CellValue.looksLikeDecimalComma(p, count) { decimalCommas += 1 }
        if firstTexts.count < Self.keptTexts {
            let value = String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
            firstTexts.append(TextCell(line: line, field: field, value: value.trimmingCharacters(in: [" ", "\t"])))
        }
    }

    /// Adds a later part of the same column (parts joined in file order).
    mutating func add(_ later: ColumnCensus) {
        missing += later.missing
        texts += later.texts
        decimalCommas += later.decimalCommas
        firstTexts += later.firstTexts.prefix(Self.keptTexts - firstTexts.count)
    }
}

/// One cell that is not a number, where it is in the file.
struct TextCell: Equatable {
    /// 1-based physical line where the field starts.
    var line: Int
    /// 0-based field index.
    var field: Int
    /// The value, unquoted and trimmed.
    var value: String
}

/// A column's kind decided from every value (its census), not from its first one.
///
/// Rule: a column with no values is empty; one whose values are all numbers is numeric; one where
/// fewer than half of its values are numbers is text (a label such as `A12`, `7`, `B3` may hold a
/// few number-like values). In between — at least half numbers but not all — the column is
/// *mixed*: a numeric column with a few bad cells, which is an error wherever the column would
/// be used as a feature (the cells are typos or markers we do not know, never silently dropped).
/// Text cells that read as numbers with a decimal comma (`2,25`) count as numbers for this
/// choice, so a column of decimal commas is mixed (and the error says `--decimal ,`) rather than
/// a silent text column.
enum ColumnVerdict: Equatable {
    case empty
    case numeric
    case text
    /// Mostly numbers with some text cells: numeric, but reading it as a feature is an error.
    case mixed

    init(_ census: ColumnCensus, rows: Int) {
        let numbers = census.numbers(rows: rows)
        let present = numbers + census.texts
        if present == 0 {
            self = .empty
        } else if census.texts == 0 {
            self = .numeric
        } else if 2 * (numbers + census.decimalCommas) >= present {
            self = .mixed
        } else {
            self = .text
        }
    }

    /// The kind used to choose features and the label: a mixed column counts as numeric, so it
    /// is never guessed to be the label and reading it as a feature reports its bad cells.
    var kind: CSVColumnKind {
        switch self {
        case .empty: return .empty
        case .numeric, .mixed: return .numeric
        case .text: return .text
        }
    }
}
