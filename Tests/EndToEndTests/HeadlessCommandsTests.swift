import Foundation
import XCTest

/// The headless commands through the built binary: what only the command line can show (option
/// wiring, files written, exit codes and one-line errors). The numbers themselves are tested in
/// ClusterKitTests.
final class HeadlessCommandsTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The clusterview executable beside this test bundle (`swift test` builds it).
    static let binary: URL? = {
        let bundle = Bundle(for: HeadlessCommandsTests.self).bundleURL
        let candidates = [bundle.deletingLastPathComponent(), bundle, Bundle.main.bundleURL,
                          root.appendingPathComponent(".build/debug")]
        return candidates.map { $0.appendingPathComponent("clusterview") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("clusterview-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> Result {
        let binary = try XCTUnwrap(Self.binary, "the clusterview executable was not built")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = Self.root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting, so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    // fit prints exactly the same with --save-model; the model then answers membership as the fit
    // did, for points, query-file rows and data rows, in CSV and JSON, bit for bit.
    func testSaveModelThenMembershipFromTheModelMatchesMembershipOnTheData() throws {
        let query = path("query.csv")
        try "petal_width,petal_length,sepal_width,sepal_length,species\n1.5,4.2,3.0,5.9,?\n0.2,1.4,3.5,5.1,setosa\n"
            .write(toFile: query, atomically: true, encoding: .utf8)
        for (n, fitOptions) in [["--method", "gmm", "--covariance", "diag"], ["--standardize", "--method", "soft", "--beta", "2"],
                                ["-k", "4", "--seed", "3"]].enumerated() {
            for format in ["csv", "json"] {
                let plain = try run(["fit", "datasets/iris.csv", "--format", format] + fitOptions)
                let model = path("model-\(format)-\(n).json")
                let saving = try run(["fit", "datasets/iris.csv", "--format", format, "--save-model", model,
                                      "--bootstrap-runs", "10"] + fitOptions)
                XCTAssertEqual(plain.status, 0, plain.stderr)
                XCTAssertEqual(saving.status, 0, saving.stderr)
                XCTAssertEqual(saving.stdout, plain.stdout, "\(fitOptions) \(format): fit output unchanged by --save-model")
                let queries = ["--point", "6.1,2.8,4.7,1.2", "--point", "-100,0,1e3,2", "--query", query, "--row", "70", "--row", "0"]
                var onData = try run(["membership", "datasets/iris.csv", "--rules", "all", "--bootstrap-runs", "10", "--format", format]
                    + fitOptions + queries)
                let fromModel = try run(["membership", "datasets/iris.csv", "--model", model, "--rules", "all", "--format", format] + queries)
                XCTAssertEqual(onData.status, 0, onData.stderr)
                XCTAssertEqual(fromModel.status, 0, fromModel.stderr)
                XCTAssertEqual(fromModel.stdout, onData.stdout, "\(fitOptions) \(format)")
                // Without the data file: the same for points and query files.
                let pointsOnly = ["--point", "6.1,2.8,4.7,1.2", "--query", query]
                onData = try run(["membership", "datasets/iris.csv", "--format", format] + fitOptions + pointsOnly)
                let modelOnly = try run(["membership", "--model", model, "--format", format] + pointsOnly)
                XCTAssertEqual(modelOnly.stdout, onData.stdout, "\(fitOptions) \(format) without FILE")
            }
        }
    }

    func testMembershipOutputShapes() throws {
        let csv = try run(["membership", "datasets/iris.csv", "--point", "5.9,3.0,4.2,1.5", "--row", "3", "--rules", "softmax,gmm"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.split(separator: "\n")
        XCTAssertEqual(lines[0], "query,source,rule,cluster,v_0,v_1,v_2")
        XCTAssertEqual(lines.map { $0.split(separator: ",")[2] }, ["rule", "distance", "softmax", "gmm", "distance", "softmax", "gmm"])
        XCTAssert(lines[4].hasPrefix("1,row 3,distance,"), String(lines[4]))
        let json = try run(["membership", "datasets/iris.csv", "--point", "5.9,3.0,4.2,1.5", "--format", "json"])
        let array = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(array.count, 1)
        XCTAssertEqual(Set(array[0].keys), ["query", "source", "point", "distances", "cluster", "softmax", "gmm",
                                           "inverse-power", "cosine", "linear", "fuzzy"])
    }

    // Every refusal is one line on stderr and exit status 1 (or 64 for a usage error).
    func testRefusalsAreOneLine() throws {
        let model = path("m.json")
        XCTAssertEqual(try run(["fit", "datasets/iris.csv", "--save-model", model]).status, 0)
        let text = try String(contentsOfFile: model, encoding: .utf8)
        let other = path("other.json"), damaged = path("damaged.json")
        try text.replacingOccurrences(of: "clusterview-model/1", with: "clusterview-model/9").write(toFile: other, atomically: true, encoding: .utf8)
        try String(text.prefix(300)).write(toFile: damaged, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["membership", "--model", other, "--point", "1,2,3,4"], "model format 'clusterview-model/9' is not supported"),
            (["membership", "--model", damaged, "--point", "1,2,3,4"], "damaged model: not valid JSON"),
            (["membership", "datasets/wine.csv", "--model", model, "--row", "1"], "the model was fitted on columns sepal_length"),
            (["membership", "--model", model, "--point", "1,2,3"], "expected 4 numbers"),
            (["membership", "--model", model, "--point", "1,2,3,4", "--rules", "bootstrap"], "no bootstrap centroid sets"),
            (["membership", "datasets/iris.csv", "--row", "150", "--point", "1,2,3,4"], "--row 150: out of range"),
            (["fit", "datasets/iris.csv", "--save-model", model], "already exists; pass --force"),
            (["fit", "datasets/iris.csv", "-k", "2:5"], "-k 2:5 is a range"),
        ]
        for (arguments, expected) in cases {
            let r = try run(arguments)
            XCTAssertEqual(r.status, 1, "\(arguments): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(arguments): \(r.stderr)")
            XCTAssert(r.stderr.hasPrefix("clusterview: error: ") && r.stderr.contains(expected), "\(arguments): \(r.stderr)")
        }
        XCTAssertEqual(try run(["membership", "datasets/iris.csv"]).status, 64, "no query is a usage error")
        XCTAssertEqual(try run(["membership", "--point", "1,2,3,4"]).status, 64, "neither FILE nor --model")
    }

    // features with -k 2:10:2 writes the documented columns; its distances are fit's.
    func testFeaturesOnWine() throws {
        let output = path("features.csv")
        let r = try run(["features", "datasets/wine.csv", "-k", "2:10:2", "--output", output])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",") }
        var header = ["row"]
        for k in stride(from: 2, through: 10, by: 2) { header += (0..<k).map { "k\(k)_d\($0)" } }
        XCTAssertEqual(rows[0].map(String.init), header + ["cultivar"])
        let fit = try run(["fit", "datasets/wine.csv", "-k", "4"]).stdout.split(separator: "\n").map { $0.split(separator: ",") }
        XCTAssertEqual(fit[0][6...9].map(String.init), ["d_0", "d_1", "d_2", "d_3"])
        for i in 1..<rows.count { XCTAssertEqual(Array(rows[i][3...6]), Array(fit[i][6...9]), "row \(i)") }
        XCTAssertEqual(try run(["features", "datasets/wine.csv", "-k", "2:10:2", "--output", output]).status, 1, "no overwrite without --force")
    }

    func testSweepFormats() throws {
        let table = try run(["sweep", "datasets/iris.csv", "--k", "2:5"])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssert(table.stdout.hasPrefix("k  inertia"), table.stdout)
        XCTAssert(table.stdout.contains("<- elbow"), table.stdout)
        let csv = try run(["sweep", "datasets/wine.csv", "--standardize", "-k", "2:4", "--format", "csv"])
        XCTAssertEqual(csv.stdout.split(separator: "\n").count, 4, csv.stdout)
        XCTAssertEqual(table.stderr, "", "no progress when stderr is not a terminal")
    }
}
