import Dispatch

/// Formats rows into bytes in parallel, chunk by chunk, and hands the chunks on in row order.
///
/// Memory stays at `chunksInFlight` chunks of text however many rows there are; chunk boundaries
/// depend only on the row count, so the bytes are the same on any machine.
public enum ChunkedRows {
    public static let defaultRowsPerChunk = 2048
    public static let chunksInFlight = 16

    /// `format(rows, &buffer)` appends the text of `rows`; `emit` receives each chunk's bytes in order.
    public static func write(rows: Int, rowsPerChunk: Int = defaultRowsPerChunk, format: (Range<Int>, inout ByteBuffer) -> Void,
                             emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let chunks = (rows + rowsPerChunk - 1) / rowsPerChunk
        var buffers = (0..<min(chunksInFlight, max(chunks, 1))).map { _ in ByteBuffer(capacity: 1 << 12) }
        var first = 0
        while first < chunks {
            let batch = min(chunksInFlight, chunks - first)
            buffers.withUnsafeMutableBufferPointer { b in
                let base = b.baseAddress!, start = first
                DispatchQueue.concurrentPerform(iterations: batch) { c in
                    base[c].removeAll()
                    let lo = (start + c) * rowsPerChunk
                    format(lo..<min(rows, lo + rowsPerChunk), &base[c])
                }
            }
            for c in 0..<batch { try buffers[c].withBytes(emit) }
            first += batch
        }
    }
}

