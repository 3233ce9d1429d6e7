import Foundation

/// Standard output, or a file written atomically that is never overwritten without `--force`.
struct OutputDestination {
    var path: String?
    var force: Bool

    func write(_ text: String) throws {
        if let path, path != "-" {
            try AtomicFile.write(text, to: path, overwrite: force)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
