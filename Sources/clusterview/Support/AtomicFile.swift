import Foundation

/// Writes output files atomically and never over an existing file unless asked.
enum AtomicFile {
    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes `text` to a temporary file beside `path`, then renames it into place, so a reader
    /// never sees half a file and a failure leaves any previous file intact.
    static func write(_ text: String, to path: String, overwrite: Bool) throws {
        let url = URL(fileURLWithPath: path)
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw Refused(description: "\(path): already exists; pass --force to overwrite it")
        }
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try Data(text.utf8).write(to: temporary)
            if !overwrite {
                // link(2) fails if the target appeared meanwhile: no race can clobber a file.
                guard link(temporary.path, path) == 0 else {
                    let reason = String(cString: strerror(errno))
                    try? FileManager.default.removeItem(at: temporary)
                    throw Refused(description: "\(path): cannot be written: \(reason)")
                }
                try? FileManager.default.removeItem(at: temporary)
            } else {
                guard rename(temporary.path, path) == 0 else {
                    let reason = String(cString: strerror(errno))
                    try? FileManager.default.removeItem(at: temporary)
                    throw Refused(description: "\(path): cannot be written: \(reason)")
                }
            }
        } catch let error as Refused {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw Refused(description: "\(path): cannot be written: \(IOFailure.reason(error))")
        }
    }

    /// `base` if free, else `stem-2.ext`, `stem-3.ext`, … in the same directory.
    static func freeName(_ base: String) -> String {
        guard FileManager.default.fileExists(atPath: base) else { return base }
        let url = URL(fileURLWithPath: base)
        let ext = url.pathExtension, stem = url.deletingPathExtension().path
        var n = 2
        while FileManager.default.fileExists(atPath: "\(stem)-\(n)\(ext.isEmpty ? "" : "." + ext)") { n += 1 }
        return "\(stem)-\(n)\(ext.isEmpty ? "" : "." + ext)"
    }
}
