import Dispatch
import Foundation

/// Formats chunks of rows on background threads while the calling thread writes the finished
/// ones, in order: the writes (a kernel copy per chunk) overlap the formatting of later chunks
/// instead of waiting for a whole batch, as `ChunkedRows.write` does.
///
/// Design note: the caller never waits on a chunk nobody is formatting: when the next chunk to
/// write is unclaimed it formats that chunk itself, so the output completes even if no
/// background thread ever runs (a pool already full of waiting work). At most `window` chunks are
/// formatted ahead of the writer, each into a buffer that is reused, so memory stays at `window`
/// chunks whatever the size of the output. The bytes are those of formatting every chunk in order
/// on one thread: chunks are independent and written in order.
enum ChunkPipeline {
    /// `format(rows, &buffer)` appends the text of `rows`; `emit` receives each chunk's bytes in order.
    static func write(rows: Int, rowsPerChunk: Int, helpers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount - 1),
                      format: @escaping @Sendable (Range<Int>, inout ByteBuffer) -> Void,
                      emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let chunks = (rows + rowsPerChunk - 1) / rowsPerChunk
        guard chunks > 1 && helpers > 0 else {
            var buffer = ByteBuffer(capacity: 1 << 16)
            for c in 0..<chunks {
                buffer.removeAll()
                format((c * rowsPerChunk)..<min(rows, c * rowsPerChunk + rowsPerChunk), &buffer)
                try buffer.withBytes(emit)
            }
            return
        }
        let state = Pipeline(chunks: chunks, window: 2 * (helpers + 1))
        let range = { (c: Int) in (c * rowsPerChunk)..<min(rows, c * rowsPerChunk + rowsPerChunk) }
        let group = DispatchGroup()
        for _ in 0..<helpers {
            DispatchQueue.global().async(group: group) {
                while let (c, slot) = state.claim(waiting: true) {
                    var buffer = state.takeBuffer(slot)
                    buffer.removeAll()
                    format(range(c), &buffer)
                    state.deliver(c, slot, buffer)
                }
            }
        }
        defer {
            state.stop()
            group.wait()
        }
        for c in 0..<chunks {
            while !state.isReady(c) {
                // Format the next unclaimed chunk here rather than wait for a helper to start.
                if let (own, slot) = state.claim(waiting: false) {
                    var buffer = state.takeBuffer(slot)
                    buffer.removeAll()
                    format(range(own), &buffer)
                    state.deliver(own, slot, buffer)
                } else {
                    state.waitForProgress(c)
                }
            }
            try state.withReady(c) { try $0.withBytes(emit) }
        }
    }

    /// The shared bookkeeping, behind one lock.
    private final class Pipeline: @unchecked Sendable {
        let chunks: Int, window: Int
        private let condition = NSCondition()
        private var nextToClaim = 0
        private var written = 0
        private var stopped = false
        private var ready: [Bool]
        private var buffers: [ByteBuffer]

        init(chunks: Int, window: Int) {
            self.chunks = chunks
            self.window = window
            ready = [Bool](repeating: false, count: window)
            buffers = [ByteBuffer](repeating: ByteBuffer(capacity: 1 << 16), count: window)
        }

        /// The next chunk to format and its slot, nil when all are claimed or stopped; with
        /// `waiting`, blocks while the window is full.
        func claim(waiting: Bool) -> (Int, Int)? {
            condition.lock(); defer { condition.unlock() }
            while true {
                if stopped || nextToClaim >= chunks { return nil }
                if nextToClaim < written + window { break }
                if !waiting { return nil }
                condition.wait()
            }
            let c = nextToClaim
            nextToClaim += 1
            return (c, c % window)
        }

        /// The slot's buffer, moved out so formatting runs without the lock (the slot is owned
        /// by its claimer until delivered).
        func takeBuffer(_ slot: Int) -> ByteBuffer {
            condition.lock(); defer { condition.unlock() }
            let buffer = buffers[slot]
            buffers[slot] = Self.placeholder
            return buffer
        }

        /// Holds a slot while its buffer is out (no storage of its own to copy on write).
        private static let placeholder = ByteBuffer(capacity: 0)

        func deliver(_ c: Int, _ slot: Int, _ buffer: ByteBuffer) {
            condition.lock()
            buffers[slot] = buffer
            ready[slot] = true
            condition.broadcast()
            condition.unlock()
        }

        func isReady(_ c: Int) -> Bool {
            condition.lock(); defer { condition.unlock() }
            return ready[c % window]
        }

        /// Waits until something changes (a delivery) while chunk c is claimed but not ready.
        func waitForProgress(_ c: Int) {
            condition.lock()
            if !ready[c % window] && nextToClaim > c { condition.wait() }
            condition.unlock()
        }

        /// Hands the ready chunk c to `body`, then frees its slot for chunk c + window.
        func withReady(_ c: Int, _ body: (ByteBuffer) throws -> Void) rethrows {
            condition.lock()
            let buffer = buffers[c % window]
            condition.unlock()
            defer {
                condition.lock()
                ready[c % window] = false
                written = c + 1
                condition.broadcast()
                condition.unlock()
            }
            try body(buffer)
        }

        func stop() {
            condition.lock()
            stopped = true
            condition.broadcast()
            condition.unlock()
        }
    }
}
