import Foundation
import XCTest

/// The cases of "hostile input" through the command line: each gives finite output or one line
/// on stderr with exit status 1, never a crash, `inf` or `nan`.
final class HostileInputTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("clusterview-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func run(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(try BuiltProduct.clusterview().path, arguments)
    }

    func assertOneLineError(_ r: Subprocess.Result, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 1, r.errors, file: file, line: line)
        let lines = r.errors.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, r.errors, file: file, line: line)
        XCTAssert(r.errors.contains(expected), r.errors, file: file, line: line)
    }

    func assertFinite(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let lowered = text.lowercased()
        XCTAssertFalse(lowered.contains("nan") || lowered.contains("inf"), text, file: file, line: line)
    }

    // The issue's crash: the largest double in a column. Raw: an error naming the value, line,
    // column and remedy, for every command. Standardised: finite results.
    func testLargestDoubleInTheInput() throws {
        let csv = try write("m.csv", "x\n1\n1.7976931348623157e308\n")
        for arguments in [["fit", csv, "-k", "1"], ["fit", csv, "-k", "1", "--method", "soft"], ["fit", csv, "-k", "1", "--method", "gmm"],
                          ["sweep", csv, "-k", "1"], ["membership", csv, "-k", "1", "--row", "0"]] {
            assertOneLineError(try run(arguments), "m.csv:3: the value 1.7976931348623157e+308 in column 'x' is too large to cluster "
                + "without overflow")
        }
        for method in ["kmeans", "soft", "gmm"] {
            let r = try run(["fit", csv, "-k", "1", "--standardize", "--method", method, "--format", "json"])
            XCTAssertEqual(r.status, 0, r.errors)
            assertFinite(r.output)
            XCTAssert(r.output.contains("\"scale\":[8.988465674311579e+307]"), r.output)
        }
        let big = try write("big.csv", "x,y\n1e300,1\n-1e300,2\n5e299,3\n-2e299,4\n")
        let r = try run(["fit", big, "-k", "2", "--standardize", "--method", "gmm"])
        XCTAssertEqual(r.status, 0, r.errors)
        assertFinite(r.output)
    }

    // Models from strangers: a 1 GB file, and a file larger than its declared shape can be, are
    // refused before they are read; a subnormal scale and
    // all-zero weights are refused; a point too far for distances is refused, naming it.
    func testHostileModels() throws {
        let csv = try write("d.csv", "a,b\n1,2\n2,1\n8,9\n9,8\n")
        let model = directory.appendingPathComponent("m.json").path
        let fitted = try run(["fit", csv, "-k", "2", "--save-model", model, "--output", directory.appendingPathComponent("fit.csv").path])
        XCTAssertEqual(fitted.status, 0, fitted.errors)
        let text = try String(contentsOfFile: model, encoding: .utf8)

        let huge = directory.appendingPathComponent("huge.json").path
        XCTAssert(FileManager.default.createFile(atPath: huge, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: huge))
        try handle.truncate(atOffset: 1 << 30)  // sparse: no disk used
        try handle.close()
        // No fixed cap any more: the size is checked against the shape the file declares, and this
        // one (zero bytes) declares none.
        assertOneLineError(try run(["membership", "--model", huge, "--point", "1,2"]), "the file is 1024.0 MB and declares no shape to bound it")
        // The explorer's --model (through render, which builds the same first state).
        assertOneLineError(try run(["render", csv, "--model", huge]), "the file is 1024.0 MB and declares no shape to bound it")
        // A real model padded to 1 GB with an unknown key: larger than its declared 2 × 2 shape can be.
        let padded = directory.appendingPathComponent("padded.json").path
        XCTAssert(FileManager.default.createFile(atPath: padded, contents: Data(text.replacingOccurrences(
            of: "\"format\":", with: "\"padding\": \"\(String(repeating: " ", count: 3 << 20))\",\n  \"format\":").utf8)))
        assertOneLineError(try run(["membership", "--model", padded, "--point", "1,2"]),
                           "the file is 3.0 MB, more than the 1.0 MB a model of its declared shape (kmeans, k = 2, D = 2, full) can be")

        let subnormal = try write("sub.json", text.replacingOccurrences(
            of: #""scale":\[[^\]]*\]"#, with: #""scale":[1e-320,1]"#, options: .regularExpression))
        assertOneLineError(try run(["membership", "--model", subnormal, "--point", "1,2", "--rules", "inverse-power"]),
                           "'scaler.scale[0]' is 1e-320, too small to divide by")
        let zeroWeights = try write("w.json", text.replacingOccurrences(
            of: #""weights": \[[^\]]*\]"#, with: #""weights": [0,0]"#, options: .regularExpression))
        assertOneLineError(try run(["membership", "--model", zeroWeights, "--point", "1,2"]), "'weights' are all zero")
        assertOneLineError(try run(["render", csv, "--model", zeroWeights]), "'weights' are all zero")
        assertOneLineError(try run(["membership", "--model", model, "--point", "1e308,-1e308"]),
                           "--point 1: a point with coordinates as large as 1e+308 is too far from the centroids")
        // Near the limit but finite: every rule answers with finite numbers (cosine included).
        let far = try run(["membership", "--model", model, "--point", "1e150,-1e150", "--rules", "softmax,gmm,inverse-power,cosine,linear,fuzzy"])
        XCTAssertEqual(far.status, 0, far.errors)
        assertFinite(far.output)
    }
}
