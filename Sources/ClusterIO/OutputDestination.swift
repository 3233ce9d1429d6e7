import ClusterKit
import Foundation

/// Where a command's main output goes: standard output, or a file written atomically that is
/// never overwritten without `--force`.
public struct OutputDestination {
    public var path: String?
    public var force: Bool
    public var calls: SystemCalls

    public init(path: String?, force: Bool, calls: SystemCalls = .live) {
        self.path = path
        self.force = force
        self.calls = calls
    }

    public var isStandardOutput: Bool { path == nil || path == "-" }

    public func write(_ text: String) throws {
        let output = try open()
        try output.finish { emit in
            var text = text
            try text.withUTF8 { try emit(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Checks the destination and, for a file, creates its temporary: call it for every output
    /// of a command before writing any, so a refusal leaves nothing written.
    public func open() throws -> Opened {
        Opened(file: isStandardOutput ? nil : try AtomicFile.Writer(path: path!, overwrite: force, calls: calls), calls: calls)
    }

    /// An output ready to be written.
    public struct Opened {
        /// nil: standard output.
        public let file: AtomicFile.Writer?
        let calls: SystemCalls

        /// Hands `body` a function that writes bytes, then commits the file; on error the file is
        /// abandoned (nothing is left) and the error passed on.
        public func finish(_ body: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
            guard let file else {
                // Standard output gets the bytes in pieces of ~1 MB: an output smaller than that is
                // written whole or (on an error) not at all; a larger one streams.
                var out = StandardOutput(calls: calls), pending = ByteBuffer(capacity: 1 << 20)
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
            try file.committing { try body { try file.write($0) } }
        }

        public func abandon() { file?.abandon() }
    }
}

/// Bytes to standard output with write(2), no Foundation buffering or copies.
public struct StandardOutput {
    let calls: SystemCalls

    public init(calls: SystemCalls = .live) { self.calls = calls }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let failure = calls.writeAll(STDOUT_FILENO, bytes) {
            throw AtomicFile.Refused(description: "standard output: \(SystemCalls.describe(failure))")
        }
    }
}
