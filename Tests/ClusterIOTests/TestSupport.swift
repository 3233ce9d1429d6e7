import ClusterIO
import ClusterKit
import Foundation
import XCTest

/// A fresh directory under the system's temporary one, removed (made writable first) at the end.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = NSTemporaryDirectory() + "clusterio-tests-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: false)
        path = base
    }

    deinit {
        chmod(path, 0o755)
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let target = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    /// The names in the directory, hidden ones (temporaries) included, sorted.
    func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
}

/// A counter the seam's `@Sendable` closures can share with the test.
final class CallCounter: @unchecked Sendable {
    private let count = Locked(0)
    /// Counts one call and returns its 1-based number.
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
    var value: Int { count.withLock { $0 } }
}

extension SystemCalls {
    /// The live calls, with `read` and `pread` giving at most `limit` bytes each time, and every
    /// `interruptEvery`-th call (of either) failing with EINTR before reading anything.
    static func stuttering(limit: Int, interruptEvery: Int? = nil, counter: CallCounter = CallCounter()) -> SystemCalls {
        var calls = SystemCalls.live
        let live = SystemCalls.live
        calls.read = { fd, buffer, count in
            if let every = interruptEvery, counter.next() % every == 0 { errno = EINTR; return -1 }
            return live.read(fd, buffer, min(count, limit))
        }
        calls.pread = { fd, buffer, count, offset in
            if let every = interruptEvery, counter.next() % every == 0 { errno = EINTR; return -1 }
            return live.pread(fd, buffer, min(count, limit), offset)
        }
        return calls
    }
}

/// A source that gives its bytes at most `limit` at a time: the shortest reads a pipe can give.
final class TricklingSource: ByteSource {
    private let bytes: [UInt8]
    private let limit: Int
    private var offset = 0

    init(_ bytes: [UInt8], limit: Int = 1) {
        self.bytes = bytes
        self.limit = limit
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(limit, buffer.count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
}

/// Every byte `source` gives, read through `forEachChunk` with pieces of `size`.
func drain(_ source: ByteSource, size: Int = 4096) throws -> [UInt8] {
    var out: [UInt8] = []
    try source.forEachChunk(size: size) { out += $0; return true }
    return out
}

/// The one-line description an error prints as.
func message(of body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return "\(error)"
    }
}

/// Gzip members made by Python's `gzip.compress(..., mtime=0)`: "x,y\n1,2\n3,4\n" and "5,6\n".
enum GzipSamples {
    static let first: [UInt8] = [
        0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xAB, 0xD0, 0xA9, 0xE4, 0x32, 0xD4, 0x31, 0xE2, 0x32, 0xD6,
        0x31, 0xE1, 0x02, 0x00, 0x97, 0x44, 0x29, 0x80, 0x0C, 0x00, 0x00, 0x00,
    ]
    static let firstText = "x,y\n1,2\n3,4\n"
    static let second: [UInt8] = [
        0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x33, 0xD5, 0x31, 0xE3, 0x02, 0x00, 0x60, 0x10, 0x2F, 0xBE,
        0x04, 0x00, 0x00, 0x00,
    ]
    static let secondText = "5,6\n"
}
