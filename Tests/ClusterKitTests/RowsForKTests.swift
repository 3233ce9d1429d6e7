import XCTest
@testable import ClusterKit

/// The one rows-vs-k check (issue 18): commands throw it with their source, the explorer shows
/// it without one, and both say the same words.
final class RowsForKTests: XCTestCase {
    func testEnoughRowsPassAndTooFewAreWordedOnce() throws {
        XCTAssertTrue(RowsForK.suffice(rows: 3, k: 3))
        XCTAssertFalse(RowsForK.suffice(rows: 2, k: 3))
        XCTAssertNil(RowsForK.problem(rows: 3, k: 3))
        XCTAssertEqual(RowsForK.problem(rows: 2, k: 3), "only 2 usable rows, fewer than k = 3")
        XCTAssertEqual(RowsForK.problem(rows: 1, k: 4, savedModel: true), "only 1 usable rows, fewer than the model's k = 4")
        XCTAssertNoThrow(try RowsForK.check(rows: 5, k: 5, source: "a.csv"))
        XCTAssertThrowsError(try RowsForK.check(rows: 2, k: 3, source: "a.csv")) {
            XCTAssertEqual("\($0)", "a.csv: only 2 usable rows, fewer than k = 3")
        }
        XCTAssertThrowsError(try RowsForK.check(rows: 2, k: 3, source: "m.csv", savedModel: true)) {
            XCTAssertEqual("\($0)", "m.csv: only 2 usable rows, fewer than the model's k = 3")
        }
    }
}
