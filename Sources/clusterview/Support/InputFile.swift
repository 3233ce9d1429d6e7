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
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        if fseeko(file, 0, SEEK_END) == 0 {
            let size = ftello(file)
            if size > 0 { bytes.reserveCapacity(Int(size)) }
            rewind(file)
        }
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
