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
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataError(file: path, "cannot be read (permission denied?)")
        }
        defer { try? handle.close() }
        do {
            return [UInt8](try handle.readToEnd() ?? Data())
        } catch {
            throw DataError(file: path, "cannot be read: \(error.localizedDescription)")
        }
    }
}
