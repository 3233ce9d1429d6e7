import Foundation

/// Finds executables built by this package, for tests that run them.
enum BuiltProduct {
    /// The `clusterview` executable: `$CLUSTERVIEW_BIN` when set, else the one next to the test
    /// bundle (`.build/<triple>/debug`), else the one in `swift build --show-bin-path`.
    static func clusterview() throws -> URL {
        try locate("clusterview")
    }

    static func locate(_ name: String) throws -> URL {
        let files = FileManager.default
        if let override = ProcessInfo.processInfo.environment["CLUSTERVIEW_BIN"], name == "clusterview" {
            return URL(fileURLWithPath: override)
        }
        let candidates = [Bundle.main.executableURL, Bundle.main.bundleURL,
                          URL(fileURLWithPath: CommandLine.arguments[0])]
            .compactMap { $0?.deletingLastPathComponent().appendingPathComponent(name) }
        if let found = candidates.first(where: { files.isExecutableFile(atPath: $0.path) }) { return found }
        let binPath = try run("swift", ["build", "--show-bin-path"], in: packageRoot)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let built = URL(fileURLWithPath: binPath).appendingPathComponent(name)
        guard files.isExecutableFile(atPath: built.path) else {
            throw BuiltProductError.notBuilt(name, searched: candidates.map(\.path) + [built.path])
        }
        return built
    }

    /// The package's root folder, from this file's place in `Tests/EndToEndTests`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The path of a dataset shipped in `datasets/`.
    static func shippedDataset(_ name: String) -> String {
        packageRoot.appendingPathComponent("datasets/\(name)").path
    }

    private static func run(_ tool: String, _ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

enum BuiltProductError: Error, CustomStringConvertible {
    case notBuilt(String, searched: [String])

    var description: String {
        switch self {
        case .notBuilt(let name, let searched):
            return "\(name) is not built (run swift build); looked in:\n" + searched.joined(separator: "\n")
        }
    }
}
