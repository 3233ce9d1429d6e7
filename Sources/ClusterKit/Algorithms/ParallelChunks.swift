import Dispatch

/// Splits `0..<count` into fixed chunks and runs `body` on them in parallel.
///
/// Design note: chunk boundaries depend only on `count`, never on the number of cores, and callers
/// combine per-chunk partial results in chunk order, so every reduction is bit-for-bit the same on
/// any machine and any run: "same input + same seed = same result" holds for floating-point sums too.
enum ParallelChunks {
    static let rowsPerChunk = 4096

    static func chunkCount(_ count: Int) -> Int { max(1, (count + rowsPerChunk - 1) / rowsPerChunk) }

    static func range(_ chunk: Int, of count: Int) -> Range<Int> {
        let lo = chunk * rowsPerChunk
        return lo..<min(count, lo + rowsPerChunk)
    }

    /// Runs `body(chunkIndex, rowRange)` for every chunk; concurrently when there is more than one.
    static func forEach(_ count: Int, _ body: (Int, Range<Int>) -> Void) {
        let chunks = chunkCount(count)
        if chunks == 1 {
            body(0, 0..<count)
        } else {
            DispatchQueue.concurrentPerform(iterations: chunks) { c in body(c, range(c, of: count)) }
        }
    }

    /// Maps each chunk to a partial result and returns them in chunk order.
    static func map<T>(_ count: Int, _ body: (Range<Int>) -> T) -> [T] {
        let chunks = chunkCount(count)
        if chunks == 1 { return [body(0..<count)] }
        var results = [T?](repeating: nil, count: chunks)
        results.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                base[c] = body(range(c, of: count))
            }
        }
        return results.map { $0! }
    }
}
