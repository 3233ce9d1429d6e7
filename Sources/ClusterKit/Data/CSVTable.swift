/// Every column of a CSV or TSV file, parsed by kind: the lower-level view under `Dataset.load`.
///
/// Same reading rules as `Dataset.load` (UTF-8 check, sniffed delimiter, header rule, ragged-row and
/// quoting errors) but nothing is chosen or dropped: numeric columns hold NaN where a value is
/// missing, infinite or, unlike in `Dataset.load` (where that is an error), not a number at all;
/// text columns hold codes.
public struct CSVTable: Sendable, Equatable {
    /// The values of one column, one per data row.
    public enum Column: Sendable, Equatable {
        /// A numeric or empty column; NaN where there is no finite number.
        case numeric([Double])
        /// A text column as codes into `names` (order of first appearance); -1 where empty.
        case text(codes: [Int], names: [String])
    }

    /// Column names: from the header, or `c0`, `c1`, … when the file has none.
    public var names: [String]
    /// Kind of each column, from all its values (`ColumnVerdict`: a column at least half numbers
    /// is numeric, with NaN for its text cells).
    public var kinds: [CSVColumnKind]
    public var columns: [Column]
    /// 1-based physical line where each data row starts.
    public var rowLines: [Int]
    /// The delimiter used (given or sniffed).
    public var delimiter: UInt8
    /// Whether the first record was taken as a header.
    public var hasHeader: Bool

    public var rowCount: Int { rowLines.count }

    /// Parses `bytes`; `source` names the file in errors. `delimiter` nil sniffs among `,` `;` tab.
    public init(csv bytes: [UInt8], source: String, delimiter: UInt8? = nil) throws {
        let parsed: (CSVLayout, CSVReadResult, [ColumnAction]) = try bytes.withUnsafeBufferPointer { buf in
            if let bad = UTF8Validator.firstInvalidOffset(buf) {
                throw DataError(file: source, line: UTF8Validator.line(of: bad, in: buf), "invalid UTF-8")
            }
            var layout = try CSVLayout.detect(buf, source: source, delimiter: delimiter)
            var actions = Self.actions(layout.kinds)
            var read = try CSVReader.read(buf, layout: layout, source: source, actions: actions)
            // Kinds from the whole columns; read again only if they differ from the first values'.
            layout.kinds = read.census.map { ColumnVerdict($0, rows: read.rowCount).kind }
            let settled = Self.actions(layout.kinds)
            if settled != actions {
                actions = settled
                read = try CSVReader.read(buf, layout: layout, source: source, actions: actions)
            }
            return (layout, read, actions)
        }
        let (layout, read, actions) = parsed
        let width = read.numberSlotCount
        columns = actions.map { action in
            switch action {
            case .number(let slot):
                return .numeric((0..<read.rowCount).map { read.numbers[$0 * width + slot] })
            case .text(let slot):
                return .text(codes: read.textCodes[slot], names: read.textNames[slot])
            case .count:
                return .numeric([])
            }
        }
        names = layout.names
        kinds = layout.kinds
        rowLines = read.rowLines
        self.delimiter = layout.delimiter
        hasHeader = layout.hasHeader
    }

    /// Numeric and empty columns into number slots, text columns into text slots, in order.
    private static func actions(_ kinds: [CSVColumnKind]) -> [ColumnAction] {
        var numberSlots = 0, textSlots = 0
        return kinds.map { kind -> ColumnAction in
            if kind == .text {
                defer { textSlots += 1 }
                return .text(slot: textSlots)
            }
            defer { numberSlots += 1 }
            return .number(slot: numberSlots)
        }
    }
}
