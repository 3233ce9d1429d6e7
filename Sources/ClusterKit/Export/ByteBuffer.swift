/// A growable buffer of output bytes: numbers and text are appended without building `String`s.
///
/// Doubles are written as `"\(v)"` would write them (`ShortestDouble`), integers in decimal, so
/// text built here is byte-for-byte what string interpolation gives.
///
/// Design note: non-copyable, owning its memory, so an append is one capacity comparison and a
/// write through a pointer. (As a copy-on-write `[UInt8]` every append also asked the runtime
/// whether the array was uniquely referenced: a few ns a number, on tens of millions of numbers.)
public struct ByteBuffer: ~Copyable, @unchecked Sendable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far (memory beyond it up to `capacity` is spare).
    public private(set) var count = 0

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(extra) }
    }

    @inline(never)
    private mutating func grow(_ extra: Int) {
        let larger = max(capacity * 2, count + extra)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inline(__always)
    public mutating func append(_ v: Double) {
        reserve(ShortestDouble.scratchLength)
        count += ShortestDouble.write(v, to: base + count)
    }

    @inline(__always)
    public mutating func append(_ v: Int) {
        reserve(DecimalInteger.scratchLength)
        count += DecimalInteger.write(v, to: base + count)
    }

    /// Makes room for `maxBytes` more bytes once, then hands `body` a writer that appends into it
    /// without the per-call checks of `append` (it traps if `body` writes more than `maxBytes`,
    /// counting `ShortestDouble.scratchLength` for the last double and `DecimalInteger.scratchLength`
    /// for the last integer).
    @inline(__always)
    public mutating func appendRow(reserving maxBytes: Int, _ body: (inout ByteWriter) throws -> Void) rethrows {
        reserve(maxBytes)
        var writer = ByteWriter(position: base + count, end: base + count + maxBytes)
        try body(&writer)
        count = writer.position - base
    }

    @inline(__always)
    public mutating func append(byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(bytes: UnsafeRawBufferPointer($0)) }
    }

    public mutating func append(bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        count += bytes.count
    }

    /// Drops the last byte.
    public mutating func removeLast() { if count > 0 { count -= 1 } }

    /// Forgets the contents, keeping the capacity.
    public mutating func removeAll() { count = 0 }

    /// The bytes written so far.
    public func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    public var text: String { withBytes { String(decoding: $0, as: UTF8.self) } }
}

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
        let slots = min(chunksInFlight, max(chunks, 1))
        let buffers = UnsafeMutablePointer<ByteBuffer>.allocate(capacity: slots)
        for c in 0..<slots { (buffers + c).initialize(to: ByteBuffer(capacity: 1 << 12)) }
        defer {
            buffers.deinitialize(count: slots)
            buffers.deallocate()
        }
        var first = 0
        while first < chunks {
            let batch = min(chunksInFlight, chunks - first), start = first
            DispatchQueue.concurrentPerform(iterations: batch) { c in
                buffers[c].removeAll()
                let lo = (start + c) * rowsPerChunk
                format(lo..<min(rows, lo + rowsPerChunk), &buffers[c])
            }
            for c in 0..<batch { try buffers[c].withBytes(emit) }
            first += batch
        }
    }
}

import Dispatch
