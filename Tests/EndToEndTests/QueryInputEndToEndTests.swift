import Foundation
import XCTest

/// `membership --query` reads through the same input layer as every data FILE: standard input
/// (`-`), a `.csv.gz` and a Spark part folder answer exactly as the plain query file does, and a
/// damaged one is one clear line.
final class QueryInputEndToEndTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("clusterview-query-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Runs the binary in the package root (for datasets/), `stdin` as its standard input.
    func run(_ arguments: [String], stdin: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let binary = try XCTUnwrap(HeadlessCommandsTests.binary, "the clusterview executable was not built")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = BuiltProduct.packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin { process.standardInput = FileHandle(forReadingAtPath: stdin) }
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// The query rows: iris rows in a different column order, with the label (as a query file may have).
    let header = "petal_width,species,sepal_length,sepal_width,petal_length\n"
    let rows = (0..<40).map { i in "\(0.1 + Double(i % 25) * 0.1),s\(i % 3),\(4.5 + Double(i) * 0.09),\(2.2 + Double(i % 9) * 0.2),\(1.0 + Double(i) * 0.14)\n" }

    func gzip(_ name: String) throws {
        let result = try Subprocess.run("/bin/sh", ["-c", "gzip -kf '\(path(name))'"])
        XCTAssertEqual(result.status, 0, result.errors)
    }

    /// The plain file's answers with the source column's name swapped: query numbers, line
    /// numbers and every value are the same bytes.
    func testStdinGzipAndPartFoldersAnswerAsThePlainFile() throws {
        try (header + rows.joined()).write(toFile: path("q.csv"), atomically: true, encoding: .utf8)
        try gzip("q.csv")
        let parts = path("parts")
        try FileManager.default.createDirectory(atPath: parts, withIntermediateDirectories: true)
        try (header + rows[0..<15].joined()).write(toFile: parts + "/part-00000-x-c000.csv", atomically: true, encoding: .utf8)
        try "".write(toFile: parts + "/part-00001-x-c000.csv", atomically: true, encoding: .utf8)
        try (header + rows[15...].joined()).write(toFile: parts + "/part-00002-x-c000.csv", atomically: true, encoding: .utf8)
        try gzip("parts/part-00002-x-c000.csv")
        try FileManager.default.removeItem(atPath: parts + "/part-00002-x-c000.csv")
        try "".write(toFile: parts + "/_SUCCESS", atomically: true, encoding: .utf8)

        let common = ["membership", "datasets/iris.csv", "--seed", "3", "--rules", "softmax,gmm,fuzzy"]
        for format in ["csv", "json"] {
            let plain = try run(common + ["--format", format, "--query", path("q.csv")])
            XCTAssertEqual(plain.status, 0, plain.stderr)
            XCTAssertEqual(plain.stdout.components(separatedBy: "q.csv:").count - 1, 40 * (format == "csv" ? 4 : 1),
                           "every query row is answered, with its line")
            let cases: [(name: String, arguments: [String], stdin: String?)] = [
                ("<stdin>", ["--query", "-"], path("q.csv")),
                ("<stdin>", ["--query", "-"], path("q.csv.gz")),
                (path("q.csv.gz"), ["--query", path("q.csv.gz")], nil),
                (parts, ["--query", parts], nil),
            ]
            for (name, arguments, stdin) in cases {
                let result = try run(common + ["--format", format] + arguments, stdin: stdin)
                XCTAssertEqual(result.status, 0, result.stderr)
                XCTAssertEqual(result.stderr, plain.stderr)
                XCTAssertEqual(result.stdout, plain.stdout.replacingOccurrences(of: path("q.csv") + ":", with: name + ":"),
                               "\(format) \(arguments) \(stdin ?? "")")
            }
        }
    }

    func testADamagedGzipQueryIsOneLine() throws {
        try (header + rows.joined()).write(toFile: path("q.csv"), atomically: true, encoding: .utf8)
        try gzip("q.csv")
        let whole = try Data(contentsOf: URL(fileURLWithPath: path("q.csv.gz")))
        try whole.prefix(whole.count - 10).write(to: URL(fileURLWithPath: path("cut.csv.gz")))
        let result = try run(["membership", "datasets/iris.csv", "--query", path("cut.csv.gz"), "--output", path("out.csv")])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "clusterview: error: \(path("cut.csv.gz")): the gzip data ends too early (truncated file?)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out.csv")), "nothing written on an error")
    }

    func testAFolderWithoutPartsIsOneLine() throws {
        try FileManager.default.createDirectory(atPath: path("empty"), withIntermediateDirectories: true)
        let result = try run(["membership", "datasets/iris.csv", "--query", path("empty")])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "clusterview: error: \(path("empty")): is a folder without part-*.csv or part-*.csv.gz files\n")
    }
}
