import XCTest
@testable import ClusterKit

/// Issue 16's edges: a file wider than `CSVLayout.maxColumns` is refused from its first record,
/// in one line, without reading the rest of the line (the limit lowered here to keep it small).
final class ColumnLimitTests: XCTestCase {
    private func detect(_ text: String, limit: Int) throws -> CSVLayout {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { try CSVLayout.detect($0, source: "w.csv", delimiter: nil, maxColumns: limit) }
    }

    func testAtTheLimitIsRead() throws {
        XCTAssertEqual(try detect("a,b,c,d,e\n1,2,3,4,5\n", limit: 5).names, ["a", "b", "c", "d", "e"])
        // A delimiter inside quotes does not count.
        XCTAssertEqual(try detect("\"a,b\",c,d,e,f\n1,2,3,4,5\n", limit: 5).names.count, 5)
    }

    func testPastTheLimitIsRefusedNamingTheLine() {
        XCTAssertThrowsError(try detect("\n\na,b,c,d,e,f\n1,2,3,4,5,6\n", limit: 5)) { error in
            let e = error as? DataError
            XCTAssertEqual(e?.line, 3)
            XCTAssertEqual(e?.description, "w.csv:3: the first record has more than 5 fields (6+), more than clusterview reads: "
                + "keep the feature columns you need (e.g. with cut -d, -f)")
        }
    }

    func testTheCountStopsAtTheLimit() {
        // A long line: the count stops one field past the limit, whatever follows.
        let line = Array(repeating: "1", count: 100_000).joined(separator: ",")
        let bytes = Array(line.utf8)
        let count = bytes.withUnsafeBufferPointer { recordFieldCount($0, from: 0, delimiter: UInt8(ascii: ","), exceeding: 10) }
        XCTAssertEqual(count, 11)
        XCTAssertNil(bytes.withUnsafeBufferPointer { recordFieldCount($0, from: 0, delimiter: UInt8(ascii: ","), exceeding: 100_000) })
    }
}
