import Foundation
import XCTest

/// The README's commands use files a reader has: every `datasets/…` file it names is shipped, and
/// the files the old examples assumed (data.tsv, new-samples.csv) are gone from it (issue 10).
final class ReadmeExamplesTests: XCTestCase {
    func testEveryDatasetTheReadmeNamesIsShipped() throws {
        let readme = try String(contentsOf: BuiltProduct.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"datasets/[A-Za-z0-9_.-]+\.(csv|tsv)"#)
        let names = Set(pattern.matches(in: readme, range: NSRange(readme.startIndex..., in: readme))
            .map { String(readme[Range($0.range, in: readme)!]) })
        XCTAssertFalse(names.isEmpty)
        for name in names {
            XCTAssertTrue(FileManager.default.fileExists(atPath: BuiltProduct.packageRoot.appendingPathComponent(name).path), name)
        }
        for unshipped in ["data.tsv", "new-samples.csv"] { XCTAssertFalse(readme.contains(unshipped), unshipped) }
    }

    func testInstallStepCreatesTheFolderAndMentionsPath() throws {
        let readme = try String(contentsOf: BuiltProduct.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        XCTAssertTrue(readme.contains("mkdir -p ~/.local/bin"))
        XCTAssertTrue(readme.contains("PATH"))
        XCTAssertTrue(readme.contains("pkg-config"))
        XCTAssertTrue(readme.contains("80×24"))
        XCTAssertTrue(readme.contains("include both ends"))
    }
}
