import Foundation
import XCTest
@testable import ClusterKit

/// The repository root, found from this file's path (tests never depend on the working directory).
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// One scikit-learn reference case (see Fixtures/make_fixtures.py), with its data loaded by clusterview.
struct Fixture {
    let name: String
    let json: [String: Any]
    let prepared: PreparedData

    static let names = ["iris_raw", "iris_std", "iris_emptyinit", "wine_raw", "wine_std",
                        "blobs_2d_raw", "blobs_2d_std", "penguins_raw", "penguins_std"]

    init(_ name: String) throws {
        self.name = name
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let file = try XCTUnwrap(json["dataset"] as? String)
        let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/\(file)")))
        let dataset = try Dataset.load(csv: bytes, source: file)
        prepared = PreparedData(dataset, standardize: json["standardize"] as? Bool ?? false)
    }

    var k: Int { json["k"] as! Int }

    /// The fixture's init rows (file row indices) mapped to matrix positions.
    var initPositions: [Int] {
        (json["init_rows"] as! [Int]).map { prepared.position(ofFileRow: $0)! }
    }

    func object(_ path: String...) -> [String: Any] {
        var o = json
        for p in path { o = o[p] as! [String: Any] }
        return o
    }
}

func doubles(_ v: Any?) -> [Double] { (v as! [Any]).map { ($0 as! NSNumber).doubleValue } }
func doubleMatrix(_ v: Any?) -> [[Double]] { (v as! [Any]).map { doubles($0) } }
func ints(_ v: Any?) -> [Int] { (v as! [Any]).map { ($0 as! NSNumber).intValue } }
func flat(_ v: Any?) -> [Double] {
    if let n = v as? NSNumber { return [n.doubleValue] }
    return (v as! [Any]).flatMap { flat($0) }
}

/// Asserts |a − b| ≤ rel·max(|b|, floor) elementwise, where `floor` is `relativeFloor` times the
/// largest |b| (so entries near zero are judged on the array's own scale) or `absoluteFloor`.
func assertClose(_ actual: [Double], _ expected: [Double], rel: Double = 1e-9, relativeFloor: Double = 1e-6,
                 absoluteFloor: Double = 0, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "\(what): count", file: file, line: line)
    guard actual.count == expected.count else { return }
    let scale = expected.map(abs).max() ?? 0
    let floor = max(scale * relativeFloor, absoluteFloor)
    var worst = 0.0, worstIndex = -1
    for i in actual.indices {
        let err = abs(actual[i] - expected[i]) / max(abs(expected[i]), floor, .leastNormalMagnitude)
        if !(err <= worst) || err.isNaN { worst = err.isNaN ? .infinity : err; worstIndex = i }
    }
    XCTAssert(worst <= rel, "\(what): worst relative error \(worst) at \(worstIndex): \(worstIndex >= 0 ? "\(actual[worstIndex]) vs \(expected[worstIndex])" : "")",
              file: file, line: line)
}

func assertClose(_ actual: Double, _ expected: Double, rel: Double = 1e-9, _ what: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    assertClose([actual], [expected], rel: rel, what, file: file, line: line)
}
