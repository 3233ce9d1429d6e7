import ClusterKit
import Foundation

/// Reads an input (a file, or `-` for standard input) in pieces of up to `size` bytes, for
/// commands that answer as they read and so work in a pipe over input of any size.
public enum InputChunks {
    public static func read(_ path: String, size: Int = 4 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let descriptor: Int32
        if path == "-" {
            descriptor = STDIN_FILENO
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw DataError(file: path, "no such file")
            }
            guard !isDirectory.boolValue else { throw DataError(file: path, "is a directory, not a CSV file") }
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw DataError(file: path, "cannot be read: \(String(cString: strerror(errno)))") }
        }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var buffer = [UInt8](repeating: 0, count: size)
        while true {
            let got = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress!, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw DataError(file: InputFile.sourceName(path), "cannot be read: \(String(cString: strerror(errno)))")
            }
            if got == 0 { return }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
        }
    }
}
