import Foundation
import XCTest

/// Issue 10, "nothing important happens out of sight", and the command-line details people trip
/// on, through the built binary.
final class NothingOutOfSightTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("clusterview-sight-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    private func dataset(_ name: String) -> String { BuiltProduct.shippedDataset(name) }

    /// Runs clusterview in `directory`; returns status, stdout and stderr.
    private func clusterview(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = try BuiltProduct.clusterview()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile(), err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    func testDroppedRowsAreOnTheScreen() throws {
        let result = try clusterview(["render", dataset("penguins.csv"), "--size", "80x24"])
        XCTAssertEqual(result.status, 0, result.errors)
        XCTAssertTrue(result.output.contains("342 of 344 rows: 2 dropped (lines 5, 273)"), result.output)
    }

    func testExportDirectoryIsCheckedAtStartUp() throws {
        for command in [["render"], ["explore"]] {
            let missing = try clusterview(command + [dataset("iris.csv"), "--export-dir", "/nonexistent/exports"])
            XCTAssertNotEqual(missing.status, 0)
            XCTAssertTrue(missing.errors.contains("--export-dir /nonexistent/exports: no such directory"), missing.errors)
        }
        XCTAssertTrue(FileManager.default.createFile(atPath: directory.appendingPathComponent("plain").path, contents: Data()))
        let file = try clusterview(["render", dataset("iris.csv"), "--export-dir", "plain"])
        XCTAssertTrue(file.errors.contains("--export-dir plain: is a file, not a directory"), file.errors)
    }

    // Export paths are shown one way: relative to where the program started.
    func testExportPathsAreShownRelativeToTheStartingDirectory() throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("out"), withIntermediateDirectories: true)
        for exportDir in ["out", "./out", directory.appendingPathComponent("out").path, "out/../out"] {
            let result = try clusterview(["render", dataset("iris.csv"), "--keys", "e", "--export-dir", exportDir, "--size", "200x40"])
            XCTAssertEqual(result.status, 0, result.errors)
            XCTAssertTrue(result.output.contains("exported out/clusterview-iris-iter0-3k"), "\(exportDir): \(result.output)")
        }
        let here = try clusterview(["render", dataset("iris.csv"), "--keys", "e", "--size", "200x40"])
        XCTAssertTrue(here.output.contains("exported clusterview-iris-iter0-3k-2.txt") || here.output.contains("exported clusterview-iris-iter0-3k.txt"),
                      here.output)
    }

    func testKeysMayStartWithADash() throws {
        let result = try clusterview(["render", dataset("iris.csv"), "--keys", "- + n", "--size", "120x40"])
        XCTAssertEqual(result.status, 0, result.errors)
        XCTAssertTrue(result.output.contains("k=3"), result.output)
        XCTAssertTrue(result.output.contains("iter 1"), result.output)
        let alias = try clusterview(["render", dataset("iris.csv"), "--keys", "Tab S-Tab ? Escape", "--size", "120x40"])
        XCTAssertEqual(alias.status, 0, alias.errors)
    }

    func testSoftKMeansAtLowBetaSaysItsCentroidsMerged() throws {
        let low = try clusterview(["render", dataset("iris.csv"), "--method", "soft", "--beta", "0.01", "--keys", "r", "--size", "120x40"])
        XCTAssertTrue(low.output.contains("centroids merged: 3 clusters → 1; raise beta"), low.output)
        let fine = try clusterview(["render", dataset("iris.csv"), "--method", "soft", "--beta", "2", "--keys", "r", "--size", "120x40"])
        XCTAssertFalse(fine.output.contains("merged"), fine.output)
    }

    func testKeysCommandPrintsTheTable() throws {
        let result = try clusterview(["keys"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.output.contains("Shift-drag"), result.output)
        XCTAssertTrue(result.output.contains("? F1"), result.output)
    }
}

/// Every command's --help: examples one per line or continued with `\`, never wrapped mid-command
/// at 80 columns; the -k help states the range defaults.
final class HelpTextTests: XCTestCase {
    func testExamplesNeverWrapMidCommand() throws {
        let binary = try BuiltProduct.clusterview()
        for command in ["", "explore", "fit", "membership", "features", "sweep", "render", "keys"] {
            let result = try Subprocess.run(binary.path, (command.isEmpty ? [] : [command]) + ["--help"])
            let lines = result.output.components(separatedBy: "\n")
            guard let start = lines.firstIndex(of: "Examples:") else { XCTFail("\(command) --help has examples"); continue }
            var continued = false
            for line in lines[(start + 1)...].prefix(while: { !$0.isEmpty }) {
                XCTAssertLessThanOrEqual(line.count, 80, "\(command): \(line)")
                if continued {
                    XCTAssertTrue(line.hasPrefix("      "), "\(command): continuation is indented: \(line)")
                } else {
                    XCTAssertTrue(line.hasPrefix("  clusterview") || line.hasPrefix("  cat "), "\(command): wrapped: '\(line)'")
                }
                continued = line.hasSuffix("\\")
            }
        }
    }

    func testKHelpStatesTheRangeDefaults() throws {
        let result = try Subprocess.run(try BuiltProduct.clusterview().path, ["sweep", "--help"])
        let flat = result.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(flat.contains("both ends included"), result.output)
        XCTAssertTrue(flat.contains("sweep's default is 2:10"), result.output)
    }
}

/// A saved model reopens where its fit ended (issue 10).
final class SavedModelReopenTests: XCTestCase {
    func testConvergedModelOpensConvergedAndDoesNotStepOn() throws {
        let binary = try BuiltProduct.clusterview().path
        let iris = BuiltProduct.shippedDataset("iris.csv")
        let model = FileManager.default.temporaryDirectory.appendingPathComponent("reopen-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: model) }
        for method in ["kmeans", "gmm"] {
            let fit = try Subprocess.run(binary, ["fit", iris, "--method", method, "--save-model", model, "--force", "--format", "json"])
            XCTAssertEqual(fit.status, 0, fit.errors)
            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(fit.output.utf8)) as? [String: Any])
            let iterations = try XCTUnwrap(report["n_iter"] as? Int)
            let opened = try Subprocess.run(binary, ["render", iris, "--model", model, "--size", "120x40"])
            XCTAssertTrue(opened.output.contains("iter \(iterations) converged"), opened.output)
            let stepped = try Subprocess.run(binary, ["render", iris, "--model", model, "--keys", "n", "--size", "120x40"])
            XCTAssertTrue(stepped.output.contains("iter \(iterations) converged"), stepped.output)
            XCTAssertTrue(stepped.output.contains("converged at iter \(iterations)"), stepped.output)
        }
    }
}
