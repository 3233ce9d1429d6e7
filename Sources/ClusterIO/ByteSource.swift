import CZlib
import ClusterKit
import Foundation

/// The input's bytes, front to back, a chunk at a time: what a streaming pass (`--sample`) reads
/// and what a whole read collects. Gzip and folders of part files are undone here, so the loader
/// sees one plain CSV.
public protocol ByteSource: AnyObject {
    /// Fills `buffer` from its start; returns how many bytes, 0 only at the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A file descriptor (a file or standard input), read as it comes.
public final class FileSource: ByteSource {
    public let path: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    private let calls: SystemCalls

    /// Opens `path`, or takes standard input for `-`.
    public init(_ path: String, calls: SystemCalls = .live) throws {
        self.path = path
        self.calls = calls
        if path == "-" {
            fd = STDIN_FILENO
            ownsDescriptor = false
        } else {
            fd = calls.open(path, O_RDONLY | O_CLOEXEC, 0)
            guard fd >= 0 else { throw DataError(file: path, "cannot be read: \(SystemCalls.describe(errno))") }
            ownsDescriptor = true
        }
    }

    deinit { if ownsDescriptor { _ = calls.close(fd) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let got = calls.readSome(fd, into: buffer)
        guard got >= 0 else { throw DataError(file: InputFile.sourceName(path), "cannot be read: \(SystemCalls.describe(errno))") }
        return got
    }
}

/// Bytes already read (to look at the magic number) put back in front of the rest.
public final class PrefixedSource: ByteSource {
    private var prefix: [UInt8]
    private var offset = 0
    private let rest: ByteSource

    public init(prefix: [UInt8], rest: ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if offset < prefix.count {
            let n = min(buffer.count, prefix.count - offset)
            prefix.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
            offset += n
            if offset == prefix.count {
                prefix = []
                offset = 0
            }
            return n
        }
        return try rest.read(into: buffer)
    }
}

/// A gzip stream inflated through zlib, concatenated members included (as `gzip -d` reads them).
public final class GzipSource: ByteSource {
    public let path: String
    private let compressed: ByteSource
    private var stream = z_stream()
    private var input = [UInt8](repeating: 0, count: 1 << 18)
    /// Where the unconsumed part of `input` starts; `stream.avail_in` bytes from there.
    private var inputOffset = 0
    private var inputEnded = false
    private var streamEnded = false

    public init(_ compressed: ByteSource, path: String) throws {
        self.compressed = compressed
        self.path = path
        guard cz_inflate_init_gzip(&stream) == Z_OK else { throw DataError(file: path, "cannot start zlib") }
    }

    deinit { inflateEnd(&stream) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let out = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count > 0 else { return 0 }
        while true {
            if stream.avail_in == 0 && !inputEnded {
                let got = try input.withUnsafeMutableBytes { try compressed.read(into: $0) }
                if got == 0 { inputEnded = true }
                stream.avail_in = UInt32(got)
                inputOffset = 0
            }
            if stream.avail_in == 0 && inputEnded {
                if streamEnded { return 0 }
                throw DataError(file: path, "the gzip data ends too early (truncated file?)")
            }
            if streamEnded {
                // Another gzip member follows the one that ended.
                guard inflateReset(&stream) == Z_OK else { throw DataError(file: path, "cannot restart zlib") }
                streamEnded = false
            }
            let produced: Int = input.withUnsafeMutableBufferPointer { inBuf in
                let available = Int(stream.avail_in)
                let room = min(buffer.count, Int(UInt32.max))
                stream.next_in = inBuf.baseAddress! + inputOffset
                stream.next_out = out
                stream.avail_out = UInt32(room)
                let status = inflate(&stream, Z_NO_FLUSH)
                inputOffset += available - Int(stream.avail_in)
                let made = room - Int(stream.avail_out)
                if status == Z_STREAM_END { streamEnded = true }
                if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR { return -1 }
                return made
            }
            if produced < 0 {
                let detail = stream.msg.map { String(cString: $0) } ?? "corrupt data"
                throw DataError(file: path, "is not valid gzip data (\(detail))")
            }
            if produced > 0 { return produced }
        }
    }
}

extension ByteSource {
    /// Reads to the end in pieces of up to `size` bytes, handing each to `body` as it comes (a
    /// pipe's piece may be short); `body` returns false to stop before the end.
    public func forEachChunk(size: Int = 4 << 20, _ body: (UnsafeRawBufferPointer) throws -> Bool) throws {
        var chunk = [UInt8](repeating: 0, count: size)
        while true {
            let got = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if got == 0 { return }
            guard try chunk.withUnsafeBytes({ try body(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }) else { return }
        }
    }
}
