import Foundation
import XCTest

/// `--image WxH` through the built binary (issue 16): plain text and `e` exports draw pictures with
/// the shade ramp, `--ansi` with grey half blocks, and a shape that does not fit the data is one
/// line naming both.
final class ImageOptionEndToEndTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("clusterview-image-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    private var digits: String { BuiltProduct.shippedDataset("digits.csv") }

    private func clusterview(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(try BuiltProduct.clusterview().path, arguments)
    }

    func testExportAndPlainTextDrawShadesAndAnsiDrawsGreys() throws {
        let plain = try clusterview(["render", digits, "--image", "8x8", "-k", "10", "--keys", "n n e",
                                     "--export-dir", directory.path, "--size", "80x24", "--bootstrap-runs", "2"])
        XCTAssertEqual(plain.status, 0, plain.errors)
        let exported = try String(contentsOf: directory.appendingPathComponent("clusterview-digits-iter2-10k.txt"), encoding: .utf8)
        for text in [plain.output, exported] {
            XCTAssertFalse(text.contains("▀"), text)
            XCTAssertTrue(text.contains("│ row      c"), text)
            XCTAssertTrue(text.contains("#") && text.contains("%"), "shades of ink:\n" + text)
        }
        // The export is the screen as it was when e was pressed: the same pictures.
        func panel(_ text: String) -> [String] { text.components(separatedBy: "\n").prefix(12).map { String($0.split(separator: "│").last ?? "") } }
        XCTAssertEqual(panel(exported), panel(plain.output))

        // --color always: NO_COLOR may be set where the tests run.
        let ansi = try clusterview(["render", digits, "--image", "8x8", "-k", "10", "--ansi", "--color", "always", "--size", "80x24", "--bootstrap-runs", "2"])
        XCTAssertEqual(ansi.status, 0, ansi.errors)
        XCTAssertTrue(ansi.output.contains("▀"))
        XCTAssertTrue(ansi.output.contains(#/\e\[0;38;5;(23\d|24\d|25[0-5]|16|231);48;5;\d+m▀/#), "grey half blocks")
    }

    func testAShapeThatDoesNotFitIsOneLine() throws {
        let wrong = try clusterview(["render", digits, "--image", "28x28"])
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertEqual(wrong.errors, "clusterview: error: --image 28x28 is 784 pixels, but \(digits) has 64 feature columns (try --image 8x8)\n")
        XCTAssertEqual(wrong.output, "")
        let malformed = try clusterview(["render", digits, "--image", "8by8"])
        XCTAssertNotEqual(malformed.status, 0)
        XCTAssertTrue(malformed.errors.hasPrefix("Error: --image must be WIDTHxHEIGHT in pixels, e.g. 8x8 (got '8by8')"), malformed.errors)
    }

    func testTheHeaderHintWithoutImage() throws {
        let result = try clusterview(["render", digits, "-k", "10", "--size", "80x24", "--bootstrap-runs", "2"])
        XCTAssertEqual(result.status, 0, result.errors)
        XCTAssertTrue(result.output.contains("looks like 8×8 images: --image 8x8"), result.output)
    }
}
