import XCTest
@testable import ClusterKit

/// Query points in the training file's units: `--point` text and query CSVs matched by header name.
final class QueryPointsTests: XCTestCase {
    let columns = ["sepal_length", "sepal_width", "petal_length", "petal_width"]

    func testPointText() throws {
        XCTAssertEqual(try QueryPoints.parse("5.9, 3.0,4.2 ,-1.5e0", columns: columns), [5.9, 3.0, 4.2, -1.5])
        XCTAssertThrowsError(try QueryPoints.parse("5.9,3.0,4.2", columns: columns)) {
            XCTAssertEqual("\($0)", "--point 5.9,3.0,4.2: expected 4 numbers (sepal_length, sepal_width, petal_length, petal_width), got 3")
        }
        XCTAssertThrowsError(try QueryPoints.parse("5.9,abc,4.2,1", columns: columns)) {
            XCTAssertEqual("\($0)", "--point 5.9,abc,4.2,1: 'abc' is not a finite number (column 'sepal_width')")
        }
        XCTAssertThrowsError(try QueryPoints.parse("5.9,,4.2,1", columns: columns))
        XCTAssertThrowsError(try QueryPoints.parse("5.9,inf,4.2,1", columns: columns))
    }

    func load(_ text: String, label: String? = "species") throws -> [(line: Int, point: [Double])] {
        try QueryPoints.load(csv: Array(text.utf8), source: "q.csv", columns: columns, label: label)
    }

    // Columns are matched by name in any order; the training label may be there and is ignored.
    func testQueryFileByHeaderName() throws {
        let rows = try load("species;petal_width;petal_length;sepal_width;sepal_length\nsetosa;0.2;1.4;3.5;5.1\n\n?;1.5;4.2;3.0;5.9\n")
        XCTAssertEqual(rows.map(\.line), [2, 4])
        XCTAssertEqual(rows.map(\.point), [[5.1, 3.5, 1.4, 0.2], [5.9, 3.0, 4.2, 1.5]])
        XCTAssertEqual(try load("sepal_length,sepal_width,petal_length,petal_width\n1,2,3,4\n", label: nil).map(\.point), [[1, 2, 3, 4]])
    }

    func testMissingAndExtraColumnsAreNamed() {
        XCTAssertThrowsError(try load("sepal_length,sepal_width,petal_length,colour\n1,2,3,red\n")) {
            XCTAssertEqual("\($0)", "q.csv: missing column 'petal_width'; extra column 'colour' "
                + "(the model's columns: sepal_length, sepal_width, petal_length, petal_width)")
        }
        XCTAssertThrowsError(try load("sepal_length,petal_length,id,x\n1,2,3,4\n")) {
            XCTAssert("\($0)".hasPrefix("q.csv: missing columns 'sepal_width', 'petal_width'; extra columns 'id', 'x'"), "\($0)")
        }
        XCTAssertThrowsError(try load("1,2,3,4\n5,6,7,8\n")) {
            XCTAssert("\($0)".hasPrefix("q.csv:1: no header row"), "\($0)")
        }
    }

    func testBadValuesAreLocated() {
        XCTAssertThrowsError(try load("sepal_length,sepal_width,petal_length,petal_width\n1,2,3,4\n1,,3,4\n")) {
            XCTAssertEqual("\($0)", "q.csv:3: a query row with a missing or non-finite value")
        }
        XCTAssertThrowsError(try load("sepal_length,sepal_width,petal_length,petal_width\n1,2,3,4\n1,x,3,4\n")) {
            XCTAssert("\($0)".hasPrefix("q.csv:3:2:"), "\($0)")
        }
    }
}
