import Dispatch
import Foundation

extension ParallelChunks {
    /// Folds the chunks' partial results in chunk order, `combine(&total, partial)`, computing them
    /// a wave of `wave` chunks (default: one per core) at a time: the same result as `map` then a
    /// fold in chunk order, but at most one wave of partials is alive. For partials that are large
    /// (a k × D × D accumulator is 49 MB at D = 784, k = 10: held for all 18 chunks of 70,000
    /// rows, 885 MB). The wave size never changes a bit: chunks and their order are fixed by `count`.
    static func fold<T>(_ count: Int, wave: Int = ProcessInfo.processInfo.activeProcessorCount,
                        _ body: (Range<Int>) -> T, combine: (inout T, T) -> Void) -> T {
        let chunks = chunkCount(count)
        var total: T?
        var start = 0
        while start < chunks {
            let end = min(chunks, start + max(1, wave))
            var results = [T?](repeating: nil, count: end - start)
            results.withUnsafeMutableBufferPointer { out in
                let base = out.baseAddress!
                if end - start == 1 {
                    base[0] = body(range(start, of: count))
                } else {
                    DispatchQueue.concurrentPerform(iterations: end - start) { c in
                        base[c] = body(range(start + c, of: count))
                    }
                }
            }
            for index in results.indices {
                let partial = results[index]!
                results[index] = nil
                if total == nil { total = partial } else { combine(&total!, partial) }
            }
            start = end
        }
        return total!
    }
}
