import ClusterKit
import Foundation

/// Where a command's main output goes: standard output, or a file written atomically that is
/// never overwritten without `--force`.
struct OutputDestination {
    var path: String?
    var force: Bool

    var isStandardOutput: Bool { path == nil || path == "-" }

    func write(_ text: String) throws {
        let output = try open()
        try output.finish { emit in
            var text = text
            try text.withUTF8 { try emit(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Checks the destination and, for a file, creates its temporary: call it for every output
    /// of a command before writing any, so a refusal leaves nothing written.
    func open() throws -> Opened {
        Opened(file: isStandardOutput ? nil : try AtomicFile.Writer(path: path!, overwrite: force))
    }

    /// An output ready to be written.
    struct Opened {
        /// nil: standard output.
        let file: AtomicFile.Writer?

        /// Hands `body` a function that writes bytes, then commits the file; on error the file is
        /// abandoned (nothing is left) and the error passed on.
        func finish(_ body: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
            guard let file else {
                // Standard output gets the bytes in pieces of ~1 MB: an output smaller than that is
                // written whole or (on an error) not at all; a larger one streams.
                var out = StandardOutput(), pending = ByteBuffer(capacity: 1 << 20)
                try body { bytes in
                    if pending.count + bytes.count > 1 << 20 {
                        try pending.withBytes { try out.write($0) }
                        pending.removeAll()
                    }
                    if bytes.count >= 1 << 20 { try out.write(bytes) } else { pending.append(bytes: bytes) }
                }
                try pending.withBytes { try out.write($0) }
                return
            }
            do {
                try body { try file.write($0) }
                try file.commit()
            } catch {
                file.abandon()
                throw error
            }
        }

        func abandon() { file?.abandon() }
    }
}

/// Bytes to standard output with write(2), no Foundation buffering or copies.
struct StandardOutput {
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw AtomicFile.Refused(description: "standard output: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }
}
