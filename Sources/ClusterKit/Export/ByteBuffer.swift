/// A growable buffer of output bytes, the one every output is written into (CSV rows, JSON,
/// membership chunks): numbers and text are appended without building `String`s.
///
/// Doubles are written as `"\(v)"` would write them (`ShortestDouble`), integers as `String(v)`
/// (`DecimalInteger`), so text built here is byte-for-byte what string interpolation gives.
/// `removeAll()` keeps the capacity, so one buffer serves chunk after chunk.
///
/// Design notes: a value with copy-on-write, like `Array`. The bytes live in a heap block that a
/// buffer writes only while it holds the only reference to it, so a copy, or a buffer handed to
/// another thread (it is `Sendable`), never sees another's writes. Unlike `[UInt8]`, an append
/// writes through the block's pointer: one check of room and uniqueness, then plain stores, with
/// no buffer-pointer call per number (rows of many numbers write them in one
/// reservation, `append(values:)`).
public struct ByteBuffer: Sendable {
    /// The heap block; its bytes are written only through a buffer that holds it uniquely.
    private final class Storage: @unchecked Sendable {
        let base: UnsafeMutablePointer<UInt8>
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        deinit { base.deallocate() }
    }

    private var storage: Storage
    /// Bytes written so far.
    public private(set) var count = 0

    public init(capacity: Int = 1 << 16) {
        storage = Storage(capacity: Swift.max(capacity, 64))
    }

    @inline(__always) private var base: UnsafeMutablePointer<UInt8> { storage.base }
    @inline(__always) private var capacity: Int { storage.capacity }

    /// Makes room for `extra` more bytes (and makes the storage this buffer's own).
    @inline(__always)
    public mutating func reserve(_ extra: Int) {
        if _slowPath(count + extra > capacity || !isKnownUniquelyReferenced(&storage)) { grow(extra) }
    }

    @inline(never)
    private mutating func grow(_ extra: Int) {
        let needed = count + extra
        let new = Storage(capacity: needed > capacity ? Swift.max(capacity * 2, needed) : capacity)
        new.base.update(from: base, count: count)
        storage = new
    }

    /// As `"\(v)"` would write it (`ShortestDouble`).
    @inline(__always)
    public mutating func append(_ v: Double) {
        reserve(ShortestDouble.scratchLength)
        count += ShortestDouble.write(v, to: base + count)
    }

    /// In decimal, as `String(v)`.
    @inline(__always)
    public mutating func append(_ v: Int) {
        reserve(DecimalInteger.scratchLength)
        count += DecimalInteger.write(v, to: base + count)
    }

    @inline(__always)
    public mutating func append(byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(bytes: $0.baseAddress, count: $0.count) }
    }

    public mutating func append(bytes: UnsafeRawBufferPointer) {
        append(bytes: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    }

    @inline(__always)
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(bytes: $0.baseAddress, count: $0.count) }
    }

    @inline(__always)
    public mutating func append(bytes: UnsafePointer<UInt8>?, count length: Int) {
        guard length > 0, let bytes else { return }
        reserve(length)
        (base + count).update(from: bytes, count: length)
        count += length
    }

    /// Appends a copy of `length` bytes already written at `offset` (a row's repeated head).
    @inline(__always)
    public mutating func appendCopy(from offset: Int, count length: Int) {
        precondition(offset >= 0 && length >= 0 && offset + length <= count, "ByteBuffer: copy from outside the bytes written")
        reserve(length)
        (base + count).update(from: base + offset, count: length)
        count += length
    }

    /// `,v` for each value, in one reservation: the fields of a CSV row.
    @inline(__always)
    public mutating func append(values: UnsafeBufferPointer<Double>) {
        // The last number's formatter may store whole words past its text: room for them too.
        reserve(values.count * (ShortestDouble.maxLength + 1) + ShortestDouble.scratchLength)
        var at = count
        for v in values {
            base[at] = UInt8(ascii: ",")
            at += 1 + ShortestDouble.write(v, to: base + at + 1)
        }
        count = at
    }

    public mutating func append(values: [Double]) {
        values.withUnsafeBufferPointer { append(values: $0) }
    }

    @inline(__always)
    public mutating func append(values: UnsafePointer<Double>, _ count: Int) {
        append(values: UnsafeBufferPointer(start: values, count: count))
    }

    /// `k` empty CSV fields (`,` k times): a rule with no answer.
    public mutating func appendEmpty(_ k: Int) {
        reserve(k)
        (base + count).initialize(repeating: UInt8(ascii: ","), count: k)
        count += k
    }

    /// Makes room for `maxBytes` once, then lets `body` append a row: for callers that know a
    /// row's size, so the buffer grows at most once per row.
    @inline(__always)
    public mutating func appendRow(reserving maxBytes: Int, _ body: (inout ByteBuffer) throws -> Void) rethrows {
        reserve(maxBytes)
        try body(&self)
    }

    /// Drops the last byte.
    public mutating func removeLast() { if count > 0 { count -= 1 } }

    /// Forgets the contents, keeping the capacity.
    public mutating func removeAll() { count = 0 }

    /// The bytes written so far.
    public func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try withExtendedLifetime(storage) { try body(UnsafeRawBufferPointer(start: base, count: count)) }
    }

    public var text: String { withBytes { String(decoding: $0, as: UTF8.self) } }
}
