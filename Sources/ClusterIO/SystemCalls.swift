#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The system calls the file code makes, as values: `.live` calls the C library; a test replaces
/// one to give short counts or to fail with `EINTR`, `ENOSPC`, `EACCES`, whatever a real disk or
/// pipe may do, without needing one.
///
/// Each closure behaves as its C call: a count (or descriptor, or 0), or −1 with `errno` set.
/// Nothing here retries: `retryingInterrupts` is the one loop that does, and `readSome`,
/// `readSome(at:)` and `writeAll` the only callers of `read`, `pread` and `write`.
public struct SystemCalls: Sendable {
    /// `open(2)` with a mode for created files: a descriptor, or −1.
    public var open: @Sendable (_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32
    /// `read(2)`: bytes read, 0 at the end, or −1.
    public var read: @Sendable (_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int
    /// `pread(2)`: bytes read at `offset`, 0 at the end, or −1.
    public var pread: @Sendable (_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int, _ offset: Int) -> Int
    /// `write(2)`: bytes written (possibly fewer than asked), or −1.
    public var write: @Sendable (_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int
    /// `close(2)`: 0, or −1 (a delayed write error: NFS, a full disk).
    public var close: @Sendable (_ descriptor: Int32) -> Int32

    public init(open: @escaping @Sendable (String, Int32, mode_t) -> Int32,
                read: @escaping @Sendable (Int32, UnsafeMutableRawPointer?, Int) -> Int,
                pread: @escaping @Sendable (Int32, UnsafeMutableRawPointer?, Int, Int) -> Int,
                write: @escaping @Sendable (Int32, UnsafeRawPointer?, Int) -> Int,
                close: @escaping @Sendable (Int32) -> Int32) {
        self.open = open
        self.read = read
        self.pread = pread
        self.write = write
        self.close = close
    }

    /// The C library's calls. (The closures name the module-level functions: inside this type
    /// the bare names would find the members.)
    public static let live = SystemCalls(
        open: { path, flags, mode in posixOpen(path, flags, mode) },
        read: { descriptor, buffer, count in posixRead(descriptor, buffer, count) },
        pread: { descriptor, buffer, count, offset in posixPread(descriptor, buffer, count, offset) },
        write: { descriptor, buffer, count in posixWrite(descriptor, buffer, count) },
        close: { descriptor in posixClose(descriptor) }
    )

    /// Calls `call` again for as long as it fails with `EINTR` (a signal arrived before any byte
    /// moved: SIGWINCH, SIGCHLD, a profiler's timer); any other result is returned as it is, with
    /// `errno` still set for a −1. The one retry loop of the file code.
    public static func retryingInterrupts<Result: BinaryInteger>(_ call: () -> Result) -> Result {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }

    /// Reads what is there, up to `buffer.count` bytes: the count, 0 at the end, or −1 (not `EINTR`).
    public func readSome(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        Self.retryingInterrupts { read(descriptor, buffer.baseAddress, buffer.count) }
    }

    /// `readSome` at a file offset.
    public func readSome(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        Self.retryingInterrupts { pread(descriptor, buffer.baseAddress, buffer.count, offset) }
    }

    /// Writes every byte, however few each `write` takes; nil when done, else the `errno` of the
    /// call that failed (never `EINTR`).
    public func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = Self.retryingInterrupts { write(descriptor, bytes.baseAddress! + offset, bytes.count - offset) }
            if n < 0 { return errno }
            // write(2) returns 0 only for a count of 0; treat it as no space rather than spin.
            if n == 0 { return ENOSPC }
            offset += n
        }
        return nil
    }

    /// `strerror(code)` as a string: "No space left on device".
    public static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }
}

// The C calls by names no member hides: inside `SystemCalls` (which has `open`, `read`, …) the
// bare names find the members first, and naming the C library's module instead (`Glibc.read`)
// would tie the code to one platform.

private func posixOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
private func posixPread(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int, _ offset: Int) -> Int {
    pread(descriptor, buffer, count, off_t(offset))
}
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
private func posixClose(_ descriptor: Int32) -> Int32 { close(descriptor) }
