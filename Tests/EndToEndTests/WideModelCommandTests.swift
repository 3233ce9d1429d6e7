import Foundation
import XCTest

/// Wide data through the command line (issue 16): a k-means model's gmm rule is diagonal from
/// 128 features on unless --covariance names a type, said once on stderr; the saved model reads
/// back and answers as the fit; the D²-priced work is announced before it starts.
final class WideModelCommandTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("clusterview-wide-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func run(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(try BuiltProduct.clusterview().path, arguments)
    }

    /// 60 rows × `columns` pixel-like integers around three prototypes.
    func writePixels(columns: Int) throws -> String {
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % 256
        }
        var text = (0..<columns).map { "px\($0)" }.joined(separator: ",") + "\n"
        for i in 0..<60 {
            text += (0..<columns).map { f in String(((f + i % 3 * 40) % 120 < 40 ? 200 : 0) + next() % 40) }.joined(separator: ",") + "\n"
        }
        let url = directory.appendingPathComponent("pixels.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testKMeansModelOfWideDataIsDiagonalUnlessAskedAndRoundTrips() throws {
        let csv = try writePixels(columns: 130)
        let model = directory.appendingPathComponent("m.json").path
        let fit = try run(["fit", csv, "-k", "3", "--save-model", model, "--output", directory.appendingPathComponent("fit.csv").path])
        XCTAssertEqual(fit.status, 0, fit.errors)
        let notes = fit.errors.split(separator: "\n").filter { $0.contains("the gmm rule of this k-means model uses a mixture with diagonal covariances") }
        XCTAssertEqual(notes.count, 1, fit.errors)
        XCTAssert(notes.first?.hasPrefix("clusterview: 130 features:") == true, fit.errors)
        let text = try String(contentsOfFile: model, encoding: .utf8)
        XCTAssert(text.contains("\"covariance_type\": \"diag\""), String(text.prefix(200)))

        // Answers from the saved model equal those of the same fit done in membership itself.
        let rows = ["--row", "0", "--row", "31", "--row", "59"]
        let saved = try run(["membership", csv, "--model", model] + rows)
        let fitted = try run(["membership", csv, "-k", "3"] + rows)
        XCTAssertEqual(saved.status, 0, saved.errors)
        XCTAssertEqual(fitted.status, 0, fitted.errors)
        XCTAssert(saved.output.contains(",gmm,"), saved.output)
        XCTAssertEqual(saved.output, fitted.output)

        // Asked for: full covariances, no note about diag.
        let full = try run(["fit", csv, "-k", "3", "--covariance", "full", "--save-model", model, "--force",
                            "--output", directory.appendingPathComponent("fit2.csv").path])
        XCTAssertEqual(full.status, 0, full.errors)
        XCTAssertFalse(full.errors.contains("diagonal covariances"), full.errors)
        XCTAssert(try String(contentsOfFile: model, encoding: .utf8).contains("\"covariance_type\": \"full\""))

        // Narrow data: no note, full as ever.
        let narrow = try run(["fit", try writePixels(columns: 8), "-k", "3"])
        XCTAssertEqual(narrow.status, 0, narrow.errors)
        XCTAssertEqual(narrow.errors, "")
    }

    func testHelpSaysWhatCovarianceMeansForKMeans() throws {
        let help = try run(["fit", "--help"])
        let flat = help.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        XCTAssert(flat.contains("For kmeans and soft, the type of the mixture their gmm rule estimates from the clusters"), flat)
        XCTAssert(flat.contains("diag from 128 features on"), flat)
    }
}
