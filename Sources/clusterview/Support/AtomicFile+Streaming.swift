import Foundation

extension AtomicFile {
    /// Like `write(_:to:overwrite:)`, but the text arrives in pieces through the `emit` function
    /// given to `body`, so a large output never sits in memory whole. Same guarantees: a reader
    /// never sees half a file, a failure leaves any previous file intact, and an existing file is
    /// replaced only with `overwrite`.
    static func write(to path: String, overwrite: Bool, _ body: ((String) throws -> Void) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw Refused(description: "\(path): already exists; pass --force to overwrite it")
        }
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary.path) else {
            throw Refused(description: "\(path): cannot be written: cannot create \(temporary.path)")
        }
        do {
            try body { piece in
                do {
                    try handle.write(contentsOf: Data(piece.utf8))
                } catch {
                    throw Refused(description: "\(path): cannot be written: \(error.localizedDescription)")
                }
            }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        let moved = overwrite ? rename(temporary.path, path) : link(temporary.path, path)
        let reason = moved == 0 ? "" : String(cString: strerror(errno))
        if !overwrite || moved != 0 { try? FileManager.default.removeItem(at: temporary) }
        guard moved == 0 else { throw Refused(description: "\(path): cannot be written: \(reason)") }
    }
}

extension OutputDestination {
    /// Writes text that arrives in pieces: to standard output as it comes, or atomically to the file.
    func stream(_ body: ((String) throws -> Void) throws -> Void) throws {
        if let path, path != "-" {
            try AtomicFile.write(to: path, overwrite: force, body)
        } else {
            try body { FileHandle.standardOutput.write(Data($0.utf8)) }
        }
    }
}
