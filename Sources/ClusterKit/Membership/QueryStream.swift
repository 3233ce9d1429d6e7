import Foundation

/// A query CSV read in pieces: bytes go in as they arrive, batches of parsed rows come out, so a
/// query file or a pipe of any size is answered in bounded memory.
///
/// Each batch is the header plus the whole records received so far, parsed by `QueryPoints.load`
/// with the delimiter of the first batch, so a streamed file gives exactly the rows, numbers and
/// line numbers of the same file read whole, and its errors at the same place (the counts in a
/// message are the batch's). Records are cut at line ends outside quotes: a quoted field may span lines.
///
/// Unlike a whole file, an input with no rows (nothing, or a header alone) is no error: it has no
/// queries and gets no answers, as an empty partition of a Spark pipe stage needs.
public struct QueryStream {
    public let source: String
    let columns: [String]
    let label: String?
    var delimiter: UInt8?
    /// The header line, with its line break, once it has arrived.
    var header: [UInt8]?
    /// Bytes received and not yet parsed: the start of an incomplete record.
    var pending: [UInt8] = []
    /// Physical line (1-based) of the first byte of `pending`.
    var pendingLine = 1
    var producedRows = false

    public init(source: String, columns: [String], label: String?, delimiter: UInt8? = nil) {
        self.source = source
        self.columns = columns
        self.label = label
        self.delimiter = delimiter
    }

    /// Takes the next bytes; returns the rows of every record they complete (line, point).
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws -> [(line: Int, point: [Double])] {
        try feedRows(bytes).pairs
    }

    /// The end of the input: parses what is left (a last record without a line break).
    public mutating func finish() throws -> [(line: Int, point: [Double])] {
        try finishRows().pairs
    }

    /// `feed` as one table, without an array per row.
    public mutating func feedRows(_ bytes: UnsafeRawBufferPointer) throws -> QueryRows {
        pending.append(contentsOf: bytes)
        return try parseComplete(final: false)
    }

    /// `finish` as one table.
    public mutating func finishRows() throws -> QueryRows {
        try parseComplete(final: true)
    }

    private var none: QueryRows { QueryRows(lines: [], values: [], dimension: columns.count) }

    private mutating func parseComplete(final: Bool) throws -> QueryRows {
        if header == nil {
            // Nothing at all, or only blank space: no queries, no answers (a distributed engine's
            // empty partition pipes in zero bytes).
            if final && pending.allSatisfy({ $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: " ") }) {
                return none
            }
            guard let end = pending.firstIndex(of: UInt8(ascii: "\n")) else {
                // A header without a line break and nothing after it: no queries, no answers.
                return none
            }
            header = Array(pending[...end])
            pending.removeFirst(end + 1)
            pendingLine = 2
        }
        // The last line break outside quotes ends the complete records.
        var cut = -1, inQuotes = false
        pending.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            if memchr(base, Int32(UInt8(ascii: "\"")), p.count) == nil {
                // No quotes (the usual case): the last line break, found from the end.
                var i = p.count - 1
                while i >= 0 && p[i] != UInt8(ascii: "\n") { i -= 1 }
                cut = i
                return
            }
            for i in 0..<p.count {
                let b = p[i]
                if b == UInt8(ascii: "\"") { inQuotes.toggle() } else if b == UInt8(ascii: "\n") && !inQuotes { cut = i }
            }
        }
        if final { cut = pending.count - 1 }
        if final && !producedRows && !pending.contains(where: { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: " ") }) {
            // Only a header: no queries, no answers, as for an empty partition of a Spark pipe stage.
            return none
        }
        guard cut >= 0 else { return none }
        let body = pending[...cut]
        let hasContent = body.contains { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        let firstLine = pendingLine
        pendingLine += body.withUnsafeBufferPointer { b in
            var breaks = 0
            for byte in b { breaks &+= byte == UInt8(ascii: "\n") ? 1 : 0 }
            return breaks
        }
        // With nothing but blank lines, the whole-file reader decides (a file with no rows).
        guard hasContent || (final && !producedRows) else {
            pending.removeFirst(cut + 1)
            return none
        }
        let batch = header! + body
        pending.removeFirst(min(cut + 1, pending.count))
        if delimiter == nil {
            delimiter = try batch.withUnsafeBufferPointer { try CSVLayout.detect($0, source: source, delimiter: nil) }.delimiter
        }
        do {
            let rows = try QueryPoints.rows(csv: batch, source: source, columns: columns, label: label, delimiter: delimiter)
            producedRows = producedRows || rows.count > 0
            // Batch line 2 is the file's `firstLine`.
            return QueryRows(lines: rows.lineNumbers.map { $0 - 2 + firstLine }, values: rows.values, dimension: columns.count)
        } catch var error as DataError {
            if let line = error.line, line >= 2 { error.line = line - 2 + firstLine }
            throw error
        }
    }
}

/// Query rows as one table: `count × dimension` values (in the model's column order and the
/// file's units) and each row's 1-based line in its file.
public struct QueryRows: Sendable {
    public var lines: [Int]
    public var values: [Double]
    public var dimension: Int

    public init(lines: [Int], values: [Double], dimension: Int) {
        precondition(values.count == lines.count * dimension)
        self.lines = lines
        self.values = values
        self.dimension = dimension
    }

    public var count: Int { lines.count }

    /// Row `i`'s values.
    public func point(_ i: Int) -> [Double] { Array(values[(i * dimension)..<((i + 1) * dimension)]) }

    /// The rows as (line, point) pairs.
    public var pairs: [(line: Int, point: [Double])] { (0..<count).map { (lines[$0], point($0)) } }
}
