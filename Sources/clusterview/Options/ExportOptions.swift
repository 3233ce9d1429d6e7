import ArgumentParser
import Foundation

/// Where the explorer's `e` and `E` exports go: checked when the program starts, so a typo is
/// reported before the screen is taken over, not at the first export.
struct ExportOptions: ParsableArguments {
    @Option(help: "Where e and E exports go (default: the current directory); it must exist and be writable.")
    var exportDir: String = "."

    func validate() throws {
        if let problem = Self.problem(with: exportDir) { throw ValidationError("--export-dir \(exportDir): \(problem)") }
    }

    /// Why `path` cannot take exports, or nil when it can.
    static func problem(with path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such directory" }
        guard isDirectory.boolValue else { return "is a file, not a directory" }
        guard access(path, W_OK | X_OK) == 0 else { return "cannot write there: \(String(cString: strerror(errno)))" }
        return nil
    }

    /// How an export's path is shown: relative to the directory the program was started in when
    /// it lies below it (`out/clusterview-iris-iter3-3k.txt`), else absolute; one way for all.
    static func displayPath(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }
}
