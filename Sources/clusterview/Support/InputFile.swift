import Foundation
import ClusterKit

/// Reads the whole input: a file path, or `-` for standard input.
enum InputFile {
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError(file: path, "no such file")
        }
        guard !isDirectory.boolValue else { throw DataError(file: path, "is a directory, not a CSV file") }
        // Read straight into the byte array: no intermediate Data copy of a large file.
        guard let file = fopen(path, "rb") else {
            throw DataError(file: path, "cannot be read: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        // A regular file is read in one go into an array of its size; anything else (a pipe, a
        // device) in chunks until the end.
        if fseeko(file, 0, SEEK_END) == 0, case let size = Int(ftello(file)), size > 0, fseeko(file, 0, SEEK_SET) == 0 {
            var failed = false
            let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                count = fread(buffer.baseAddress, 1, size, file)
                failed = count < size && ferror(file) != 0
            }
            if failed { throw DataError(file: path, "cannot be read: \(String(cString: strerror(errno)))") }
            return bytes
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if got > 0 { bytes.append(contentsOf: chunk[0..<got]) }
            if got < chunk.count {
                if ferror(file) != 0 { throw DataError(file: path, "cannot be read: \(String(cString: strerror(errno)))") }
                break
            }
        }
        return bytes
    }
}
