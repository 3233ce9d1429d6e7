import Foundation
import XCTest

/// Issue 16's edges through the command line: 1 row × 10,000 columns, 10 rows × 50,000 columns and
/// a single line wider than the column limit answer within seconds (each command under `timeout`,
/// so a hang fails instead of stalling the suite) with a result or one clear line, never a crash.
/// The 200 MB single-row file itself is in bench/wide.py (`edges`); here its one-line analogue just
/// past `CSVLayout.maxColumns` (1,000,001 fields, ~4 MB).
final class WideEdgeTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("clusterview-wide-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A header c0…c{d−1} and `n` rows of small numbers (deterministic).
    private func writeWide(_ name: String, rows n: Int, columns d: Int) throws -> String {
        var text = (0..<d).map { "c\($0)" }.joined(separator: ",") + "\n"
        for i in 0..<n {
            let cells: [String] = (0..<d).map { (j: Int) -> String in
                let v: Int = (i * 7 + j * 13) % 97 - 48
                return "\(v).5"
            }
            text += cells.joined(separator: ",")
            text += "\n"
        }
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Runs clusterview under `timeout`: a status 124 (timed out) or a signal fails the test.
    private func run(_ arguments: [String], seconds: Int = 60) throws -> Subprocess.Result {
        let r = try Subprocess.run("/usr/bin/timeout", ["\(seconds)", try BuiltProduct.clusterview().path] + arguments)
        XCTAssertNotEqual(r.status, 124, "timed out: \(arguments.joined(separator: " "))")
        XCTAssert(r.status == 0 || r.status == 1, "status \(r.status): \(arguments.joined(separator: " ")): \(r.errors)")
        return r
    }

    private func assertResult(_ r: Subprocess.Result, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 0, "\(what): \(r.errors)", file: file, line: line)
        XCTAssertFalse(r.output.isEmpty, what, file: file, line: line)
    }

    private func assertOneLine(_ r: Subprocess.Result, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 1, r.errors, file: file, line: line)
        XCTAssertEqual(r.errors.split(separator: "\n").count, 1, r.errors, file: file, line: line)
        XCTAssert(r.errors.contains(expected), r.errors, file: file, line: line)
    }

    func testOneRowTenThousandColumns() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/timeout") else { throw XCTSkip("no /usr/bin/timeout") }
        let csv = try writeWide("one.csv", rows: 1, columns: 10_000)
        assertResult(try run(["fit", csv, "-k", "1", "--format", "json"]), "fit")
        assertOneLine(try run(["fit", csv, "-k", "2"]), "only 1 usable rows, fewer than k = 2")
        assertResult(try run(["features", csv, "-k", "1"]), "features")
        assertResult(try run(["membership", csv, "-k", "1", "--row", "0"]), "membership")
        assertResult(try run(["render", csv, "-k", "1", "--size", "80x24"]), "render")
    }

    func testTenRowsFiftyThousandColumns() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/timeout") else { throw XCTSkip("no /usr/bin/timeout") }
        let csv = try writeWide("ten.csv", rows: 10, columns: 50_000)
        assertResult(try run(["fit", csv, "-k", "3", "--format", "json"]), "fit")
        assertResult(try run(["features", csv, "-k", "2:3"]), "features")
        assertResult(try run(["membership", csv, "-k", "3", "--row", "4"]), "membership")
        assertResult(try run(["render", csv, "-k", "3", "--size", "80x24"]), "render")
    }

    func testASingleLinePastTheColumnLimitIsRefusedAtOnce() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/timeout") else { throw XCTSkip("no /usr/bin/timeout") }
        // One header-less line of 1,000,001 numbers.
        let url = directory.appendingPathComponent("line.csv")
        let line = [String](repeating: "1.5", count: 1_000_001).joined(separator: ",") + "\n"
        try line.write(to: url, atomically: true, encoding: .utf8)
        let expected = "line.csv:1: the first record has more than 1,000,000 fields (1,000,001+)"
        for arguments in [["fit", url.path, "-k", "1"], ["render", url.path, "-k", "1"], ["features", url.path, "-k", "1"],
                          ["membership", url.path, "-k", "1", "--row", "0"]] {
            assertOneLine(try run(arguments, seconds: 60), expected)
        }
    }
}
