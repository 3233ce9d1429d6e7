/// A growable buffer of output bytes: numbers and text are appended without building `String`s.
///
/// Doubles are written as `"\(v)"` would write them (`ShortestDouble`), integers in decimal, so
/// text built here is byte-for-byte what string interpolation gives.
public struct ByteBuffer: Sendable {
    private var storage: [UInt8]
    /// Bytes written so far (`storage` beyond it is spare capacity).
    public private(set) var count = 0

    public init(capacity: Int = 1 << 16) {
        storage = [UInt8](repeating: 0, count: max(capacity, 64))
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > storage.count {
            storage.append(contentsOf: repeatElement(0, count: max(storage.count, extra)))
        }
    }

    @inline(__always)
    public mutating func append(_ v: Double) {
        reserve(ShortestDouble.scratchLength)
        let at = count
        count += storage.withUnsafeMutableBufferPointer { ShortestDouble.write(v, to: $0.baseAddress! + at) }
    }

    @inline(__always)
    public mutating func append(_ v: Int) {
        reserve(DecimalInteger.scratchLength)
        let at = count
        count += storage.withUnsafeMutableBufferPointer { DecimalInteger.write(v, to: $0.baseAddress! + at) }
    }

    /// Makes room for `maxBytes` more bytes once, then hands `body` a writer that appends into it
    /// without the per-call checks of `append` (it traps if `body` writes more than `maxBytes`,
    /// counting `ShortestDouble.scratchLength` for the last double and `DecimalInteger.scratchLength`
    /// for the last integer).
    @inline(__always)
    public mutating func appendRow(reserving maxBytes: Int, _ body: (inout ByteWriter) throws -> Void) rethrows {
        reserve(maxBytes)
        let at = count
        count = try storage.withUnsafeMutableBufferPointer { b in
            let base = b.baseAddress!
            var writer = ByteWriter(position: base + at, end: base + at + maxBytes)
            try body(&writer)
            return writer.position - base
        }
    }

    @inline(__always)
    public mutating func append(byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count += 1
    }

    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(bytes: UnsafeRawBufferPointer($0)) }
    }

    public mutating func append(bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        let at = count
        storage.withUnsafeMutableBytes { out in
            out.baseAddress!.advanced(by: at).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        }
        count += bytes.count
    }

    /// Drops the last byte.
    public mutating func removeLast() { if count > 0 { count -= 1 } }

    /// Forgets the contents, keeping the capacity.
    public mutating func removeAll() { count = 0 }

    /// The bytes written so far.
    public func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
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
        var buffers = [ByteBuffer](repeating: ByteBuffer(capacity: 1 << 12), count: min(chunksInFlight, max(chunks, 1)))
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

import Dispatch
