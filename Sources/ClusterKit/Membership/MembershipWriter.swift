import Dispatch
import Foundation

/// Answers queries batch by batch and writes them as `MembershipReport` would, in order, numbered
/// across batches: the same bytes as `MembershipReport(...).csv()` / `.json()` of all the queries,
/// without holding them all.
///
/// A batch is answered and formatted in parallel chunks, handed to `emit` in order. The rows of
/// a query file in CSV (`answer(_:source:)`) take the direct path (`MembershipCSVRows`): no
/// answer value or string per row, formatted on the worker threads and written in order on a
/// writer thread while the caller reads the next batch (`OrderedChunkWriter`).
public struct MembershipWriter {
    let json: Bool
    let context: MembershipContext
    let rules: [MembershipRule]
    let toClustering: ([Double]) -> [Double]
    let emit: (UnsafeRawBufferPointer) throws -> Void
    private let chunkWriter: OrderedChunkWriter
    /// Queries written so far (the next query's number).
    public private(set) var count = 0

    public init(json: Bool, context: MembershipContext, rules: [MembershipRule], toClustering: @escaping ([Double]) -> [Double],
                emit: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.json = json
        self.context = context
        self.rules = rules
        self.toClustering = toClustering
        self.emit = emit
        chunkWriter = OrderedChunkWriter(rowsPerChunk: Self.rowsPerChunk(k: context.k, rules: rules.count))
    }

    /// Rows per formatted chunk: about 1 MiB of text (a line per rule, k numbers of ≤ 26 bytes and
    /// the query's number and source), at most 512 rows. So the chunks in flight hold ~16 MiB
    /// however large k is (at k = 32 a 512-row chunk was 3 MB, 48 MB in flight).
    static func rowsPerChunk(k: Int, rules: Int) -> Int {
        let bytesPerRow = max(1, rules) * (k * (ShortestDouble.maxLength + 1) + 48)
        return min(512, max(16, (1 << 20) / bytesPerRow))
    }

    /// The CSV header (nothing for JSON, whose opening depends on whether any query follows).
    public func begin() throws {
        if !json { try write(MembershipReport.csvHeader(k: context.k)) }
    }

    /// Answers and writes `queries` (source, point in the file's units).
    public mutating func answer(_ queries: [(source: String, raw: [Double])]) throws {
        guard !queries.isEmpty else { return }
        try flush()
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
    /// (each query's source is `source:line`). In CSV it returns once the rows are queued (they
    /// are written in order behind it): the first row too far to measure stops all writing at
    /// its chunk, and its error is thrown by a later call, `flush` or `end`, before any error
    /// that comes later in the input.
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
        try chunkWriter.submit(rows: rows.count, format: { range, out in
            formatter.write(rows, range: range, firstNumber: first, to: &out).map { tooFar -> Error in
                ValueRange.tooFar(name: "\(source):\(rows.lines[tooFar.row])", largest: tooFar.largest)
            }
        }, emit: .init(body: emit))
        count += rows.count
    }

    /// Waits until every answer so far is written; throws the first failure among them (a query
    /// too far to measure, an error writing). Call it before reporting a later error.
    public func flush() throws { try chunkWriter.flush() }

    /// Waits until every answer so far is written or skipped: nothing is written after it.
    public func drain() { chunkWriter.drain() }

    /// Closes the JSON array.
    public func end() throws {
        try flush()
        if json { try write(count == 0 ? "[]\n" : "\n]\n") }
    }

    private func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try emit(UnsafeRawBufferPointer($0)) }
    }
}

/// Formats chunks of rows on the worker threads and writes them in order on a writer thread,
/// with no barrier between chunks: the caller hands over a batch and goes on (reading and
/// parsing the next one) while the batch is formatted and written.
///
/// At most `chunksInFlight` chunks are formatted or waiting to be written at any time (each
/// `rowsPerChunk` rows of text), so memory stays bounded however many rows there are; `submit`
/// waits for a free buffer. The first failure in row order (a chunk's reason to stop, or an
/// error thrown by `emit`) stops all writing after it and is thrown by the next `submit` or by
/// `flush`. Call `flush` or `drain` before `emit` stops being valid.
final class OrderedChunkWriter: @unchecked Sendable {
    let rowsPerChunk: Int
    let chunksInFlight: Int
    private let freeBuffers: DispatchSemaphore
    private var pool: [Chunk]
    private let writer = DispatchQueue(label: "clusterview.ordered-chunk-writer")
    private let lock = NSLock()
    private var failure: Error?

    init(rowsPerChunk: Int = 512, chunksInFlight: Int = 16) {
        self.rowsPerChunk = rowsPerChunk
        self.chunksInFlight = chunksInFlight
        freeBuffers = DispatchSemaphore(value: chunksInFlight)
        pool = (0..<chunksInFlight).map { _ in Chunk() }
    }

    /// A closure only ever called on the writer thread, one call at a time.
    struct Emit: @unchecked Sendable {
        let body: (UnsafeRawBufferPointer) throws -> Void
    }

    /// A chunk's buffer and outcome, owned by one thread at a time: the pool (under `lock`), then
    /// its worker, which fills them and signals `done`, then the writer, which waits for `done`
    /// and returns the chunk to the pool.
    private final class Chunk: @unchecked Sendable {
        var bytes = ByteBuffer(capacity: 1 << 16)
        var stop: Error?
    }

    /// Queues `rows` rows: `format(rows, buffer)` appends the bytes of `rows` and returns nil,
    /// or returns an error to stop with (nothing from that chunk on is written).
    func submit(rows: Int, format: @escaping @Sendable (Range<Int>, inout ByteBuffer) -> Error?, emit: Emit) throws {
        if let failure = currentFailure { throw failure }
        var lo = 0
        while lo < rows {
            freeBuffers.wait()
            if let failure = currentFailure { freeBuffers.signal(); throw failure }
            let chunk = lock.withLock { pool.removeLast() }
            let range = lo..<min(rows, lo + rowsPerChunk)
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                chunk.bytes.removeAll()
                chunk.stop = format(range, &chunk.bytes)
                done.signal()
            }
            writer.async { [self] in
                done.wait()
                if currentFailure == nil {
                    if let stop = chunk.stop {
                        setFailure(stop)
                    } else {
                        do { try chunk.bytes.withBytes(emit.body) } catch { setFailure(error) }
                    }
                }
                chunk.stop = nil
                lock.withLock { pool.append(chunk) }
                freeBuffers.signal()
            }
            lo = range.upperBound
        }
    }

    /// Waits until every queued chunk is written; throws the first failure.
    func flush() throws {
        drain()
        if let failure = currentFailure { throw failure }
    }

    /// Waits until every queued chunk is written (or skipped after a failure).
    func drain() { writer.sync {} }

    private var currentFailure: Error? { lock.withLock { failure } }
    private func setFailure(_ error: Error) { lock.withLock { if failure == nil { failure = error } } }
}
