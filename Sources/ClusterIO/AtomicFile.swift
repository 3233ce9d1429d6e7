import Foundation

/// Writes output files atomically and never over an existing file unless asked.
///
/// A file is written to a temporary beside it (`.NAME.PID.tmp`) and moved into place only when
/// complete, so a reader never sees half a file, a failure (full disk, read-only folder, an
/// error later in the command) leaves any previous file intact and no temporary behind.
/// A path that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe) is
/// written directly: nothing there can be overwritten.
public enum AtomicFile {
    public struct Refused: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// Writes `text` to `path` (see the type's note).
    public static func write(_ text: String, to path: String, overwrite: Bool, calls: SystemCalls = .live) throws {
        let file = try Writer(path: path, overwrite: overwrite, calls: calls)
        var text = text
        try file.committing { try text.withUTF8 { try file.write(UnsafeRawBufferPointer($0)) } }
    }

    /// An output file being written: `write` appends, `commit` moves it into place, `abandon`
    /// removes every trace. Opening checks the destination, so a command can open all its
    /// outputs before writing any and fail with nothing written.
    public final class Writer {
        public let path: String
        public let overwrite: Bool
        /// nil when the destination is written directly (not a regular file).
        private let temporary: String?
        private var descriptor: Int32
        private var finished = false
        private var committed = false
        private let calls: SystemCalls

        public init(path: String, overwrite: Bool, calls: SystemCalls = .live) throws {
            self.path = path
            self.overwrite = overwrite
            self.calls = calls
            var info = stat()
            if stat(path, &info) == 0 {
                let type = info.st_mode & S_IFMT
                if type == S_IFDIR { throw Refused(description: "\(path): is a directory") }
                if type != S_IFREG {
                    descriptor = calls.open(path, O_WRONLY, 0)
                    guard descriptor >= 0 else { throw Refused(description: "\(path): cannot be written: \(Self.reason())") }
                    temporary = nil
                    return
                }
                if !overwrite { throw Refused(description: "\(path): already exists; pass --force to overwrite it") }
            }
            let url = URL(fileURLWithPath: path)
            let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
            descriptor = calls.open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw Refused(description: "\(path): cannot be written: \(Self.reason())") }
            temporary = temp
        }

        deinit { if !finished { abandon() } }

        public func write(_ bytes: UnsafeRawBufferPointer) throws {
            if let failure = calls.writeAll(descriptor, bytes) {
                throw Refused(description: "\(path): cannot be written: \(SystemCalls.describe(failure))")
            }
        }

        /// Closes the file and moves it into place (refusing, with `overwrite` false, a file that
        /// appeared meanwhile: link(2) never replaces).
        public func commit() throws {
            finished = true
            let closed = calls.close(descriptor)
            descriptor = -1
            guard let temporary else {
                if closed != 0 { throw Refused(description: "\(path): cannot be written: \(Self.reason())") }
                return
            }
            guard closed == 0 else {
                let reason = Self.reason()
                unlink(temporary)
                throw Refused(description: "\(path): cannot be written: \(reason)")
            }
            let moved = overwrite ? rename(temporary, path) : link(temporary, path)
            let reason = moved == 0 ? "" : Self.reason()
            if !overwrite || moved != 0 { unlink(temporary) }
            committed = moved == 0
            if moved != 0 {
                throw Refused(description: errno == EEXIST ? "\(path): already exists; pass --force to overwrite it"
                                                           : "\(path): cannot be written: \(reason)")
            }
        }

        /// Closes and removes the temporary; the destination is untouched.
        /// Runs `body` (the writes), then commits; on any error removes every trace and rethrows.
        public func committing(_ body: () throws -> Void) throws {
            do {
                try body()
                try commit()
            } catch {
                abandon()
                throw error
            }
        }

        public func abandon() {
            finished = true
            if descriptor >= 0 { _ = calls.close(descriptor); descriptor = -1 }
            if let temporary { unlink(temporary) }
        }

        /// Undoes a commit made without `overwrite` (the file was new): for all-or-nothing when a
        /// later output of the same command fails.
        public func retract() {
            if committed && temporary != nil && !overwrite { unlink(path) }
        }

        private static func reason() -> String { String(cString: strerror(errno)) }
    }

    /// `base` if free, else `stem-2.ext`, `stem-3.ext`, … in the same directory.
    public static func freeName(_ base: String) -> String {
        guard FileManager.default.fileExists(atPath: base) else { return base }
        let url = URL(fileURLWithPath: base)
        let ext = url.pathExtension, stem = url.deletingPathExtension().path
        var n = 2
        while FileManager.default.fileExists(atPath: "\(stem)-\(n)\(ext.isEmpty ? "" : "." + ext)") { n += 1 }
        return "\(stem)-\(n)\(ext.isEmpty ? "" : "." + ext)"
    }
}
