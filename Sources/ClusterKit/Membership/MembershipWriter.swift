import Dispatch
import Foundation

/// Answers queries batch by batch and writes them as `MembershipReport` would, in order, numbered
/// across batches: the same bytes as `MembershipReport(...).csv()` / `.json()` of all the queries,
/// without holding them all.
///
/// A batch is answered and formatted in parallel chunks, handed to `emit` in order. The rows of
/// a query file in CSV (`answer(_:source:)`) take the direct path (`MembershipCSVRows`): no
/// answer value or string per row, and the bytes of one group of chunks are written on a
/// writer thread while the next group is formatted (`OrderedChunkWriter`).
public struct MembershipWriter {
    let json: Bool
    let context: MembershipContext
    let rules: [MembershipRule]
    let toClustering: ([Double]) -> [Double]
    let emit: (UnsafeRawBufferPointer) throws -> Void
    private let chunkWriter = OrderedChunkWriter()
    /// Queries written so far (the next query's number).
    public private(set) var count = 0

    public init(json: Bool, context: MembershipContext, rules: [MembershipRule], toClustering: @escaping ([Double]) -> [Double],
                emit: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.json = json
        self.context = context
        self.rules = rules
        self.toClustering = toClustering
        self.emit = emit
    }

    /// The CSV header (nothing for JSON, whose opening depends on whether any query follows).
    public func begin() throws {
        if !json { try write(MembershipReport.csvHeader(k: context.k)) }
    }

    /// Answers and writes `queries` (source, point in the file's units).
    public mutating func answer(_ queries: [(source: String, raw: [Double])]) throws {
        guard !queries.isEmpty else { return }
        let first = count, k = context.k
        let context = self.context, rules = self.rules, toClustering = self.toClustering, json = self.json
        try ChunkedRows.write(rows: queries.count, rowsPerChunk: 1024, format: { range, out in
            for i in range {
                let q = queries[i]
                let query = MembershipReport.Query(source: q.source, rawPoint: q.raw,
                                                   answer: context.answer(for: toClustering(q.raw), rules: rules))
                if json {
                    out.append(first + i == 0 ? "[\n" : ",\n")
                    out.append(MembershipReport.jsonObject(query, number: first + i))
                } else {
                    MembershipReport.appendCSV(query, number: first + i, k: k, to: &out)
                }
            }
        }, emit: emit)
        count += queries.count
    }

    /// Checks (`ValueRange.checkQuery`), answers and writes the rows of the query file `source`
    /// (each query's source is `source:line`). The first row too far to measure stops it with
    /// that row's error, before any of the rows of its group of chunks are written.
    ///
    /// The clustering-space point is the context's own (`clusteringPoint(fromRaw:)`), the same
    /// mapping as `toClustering` for a context built from a fit or a saved model.
    public mutating func answer(_ rows: QueryRows, source: String) throws {
        guard rows.count > 0 else { return }
        if json {
            let queries = (0..<rows.count).map { (source: "\(source):\(rows.lines[$0])", raw: rows.point($0)) }
            for q in queries { try ValueRange.checkQuery(toClustering(q.raw), centroids: context.centroids, name: q.source) }
            try answer(queries)
            return
        }
        let formatter = MembershipCSVRows(context: context, rules: rules, source: source)
        let first = count
        if let tooFar = try chunkWriter.write(rows: rows.count, format: { range, out in
            formatter.write(rows, range: range, firstNumber: first, to: out)
        }, emit: emit) {
            throw ValueRange.tooFar(name: "\(source):\(rows.lines[tooFar.row])", largest: tooFar.largest)
        }
        count += rows.count
    }

    /// Closes the JSON array.
    public func end() throws {
        if json { try write(count == 0 ? "[]\n" : "\n]\n") }
    }

    private func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try emit(UnsafeRawBufferPointer($0)) }
    }
}

/// Formats rows in parallel chunks and writes them in order on a writer thread, one group of
/// chunks being written while the next is formatted.
///
/// Memory stays at two groups of chunks (about 2 × 8 × 1024 rows of text) however many rows
/// there are. Nothing is written after `write` returns or throws: it waits for the writer.
final class OrderedChunkWriter: @unchecked Sendable {
    let rowsPerChunk: Int
    let chunksPerGroup: Int
    /// Two sets of chunk buffers: one being formatted, one being written.
    private let sets: [[OutputBytes]]
    private let written = [DispatchGroup(), DispatchGroup()]
    private let queue = DispatchQueue(label: "clusterview.ordered-chunk-writer")
    private let lock = NSLock()
    private var failure: Error?

    init(rowsPerChunk: Int = 1024, chunksPerGroup: Int = 8) {
        self.rowsPerChunk = rowsPerChunk
        self.chunksPerGroup = chunksPerGroup
        sets = (0..<2).map { _ in (0..<chunksPerGroup).map { _ in OutputBytes(capacity: 1 << 16) } }
    }

    /// A closure handed to the writer thread; it is only called there, never concurrently.
    private struct Emit: @unchecked Sendable {
        let body: (UnsafeRawBufferPointer) throws -> Void
    }

    /// `format(rows, buffer)` appends the bytes of `rows` and returns nil, or returns a reason to
    /// stop: then nothing more is written (not that chunk's group) and the first reason, in row
    /// order, is returned. An error thrown by `emit` is thrown here.
    func write<Stop>(rows: Int, format: (Range<Int>, OutputBytes) -> Stop?,
                     emit: @escaping (UnsafeRawBufferPointer) throws -> Void) throws -> Stop? {
        let chunks = (rows + rowsPerChunk - 1) / rowsPerChunk
        let sink = Emit(body: emit)
        setFailure(nil)
        defer { queue.sync {} }
        var firstChunk = 0, group = 0
        while firstChunk < chunks {
            let set = group % 2
            written[set].wait()
            if let error = takeFailure() { throw error }
            let n = min(chunksPerGroup, chunks - firstChunk)
            let buffers = sets[set], start = firstChunk, perChunk = rowsPerChunk
            var stops = [Stop?](repeating: nil, count: n)
            stops.withUnsafeMutableBufferPointer { s in
                let stopAt = s.baseAddress!
                DispatchQueue.concurrentPerform(iterations: n) { c in
                    buffers[c].removeAll()
                    let lo = (start + c) * perChunk
                    stopAt[c] = format(lo..<min(rows, lo + perChunk), buffers[c])
                }
            }
            if let stop = stops.first(where: { $0 != nil }) { return stop }
            written[set].enter()
            queue.async { [self] in
                defer { written[set].leave() }
                guard !hasFailed else { return }
                do {
                    for c in 0..<n { try sink.body(buffers[c].bytes) }
                } catch {
                    setFailure(error)
                }
            }
            firstChunk += n
            group += 1
        }
        queue.sync {}
        if let error = takeFailure() { throw error }
        return nil
    }

    private var hasFailed: Bool { lock.withLock { failure != nil } }
    private func setFailure(_ error: Error?) { lock.withLock { failure = error } }
    private func takeFailure() -> Error? { lock.withLock { failure } }
}
