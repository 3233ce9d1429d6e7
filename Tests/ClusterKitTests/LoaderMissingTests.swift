import XCTest
import ClusterKit

/// Missing values and infinities: dropping, imputing and the summaries.
final class LoaderMissingTests: XCTestCase {
    func testEveryMissingMarkerDropsTheRow() throws {
        let markers = ["", "NA", "na", "N/A", "n/a", "NaN", "nan", "NAN", "null", "NULL", "Null", " ", "-nan"]
        var text = "a,b\n"
        for m in markers { text += "1,\(m)\n" }
        text += "2,3\n"
        let ds = try LoaderTest.load(text)
        XCTAssertEqual(ds.count, 1)
        XCTAssertEqual(ds.values, [2, 3])
        XCTAssertEqual(ds.rowIndices, [markers.count])
        XCTAssertEqual(ds.dropped.map(\.line), Array(2..<(2 + markers.count)))
        XCTAssertEqual(ds.dropped.map(\.rowIndex), Array(0..<markers.count))
    }

    func testInfinitiesAndOverflowAreMissing() throws {
        let ds = try LoaderTest.load("a,b\n1,inf\n2,-inf\n3,Infinity\n4,-INFINITY\n5,1e999\n6,-1e400\n7,1e308\n")
        XCTAssertEqual(ds.values, [7, 1e308])
        XCTAssertEqual(ds.dropped.count, 6)
        XCTAssertTrue(ds.values.allSatisfy(\.isFinite))
    }

    func testMissingInUnchosenColumnKeepsTheRow() throws {
        let ds = try LoaderTest.load("a,b,c\n1,,3\n4,5,6\n", LoadOptions(columns: ["a", "c"]))
        XCTAssertEqual(ds.values, [1, 3, 4, 6])
        XCTAssertTrue(ds.dropped.isEmpty)
    }

    func testBadValueInUnchosenColumnIsNoError() throws {
        let ds = try LoaderTest.load("a,b,c\n1,2,3\n4,oops,6\n", LoadOptions(columns: ["c", "a"]))
        XCTAssertEqual(ds.values, [3, 1, 6, 4])
    }

    func testDroppedRowsLeaveGapsInRowIndices() throws {
        let ds = try LoaderTest.load("a,kind\n1,x\nNA,y\n3,z\n\n,x\n5,x\n")
        XCTAssertEqual(ds.rowIndices, [0, 2, 4])
        XCTAssertEqual(ds.lineNumbers, [2, 4, 7])
        XCTAssertEqual(ds.dropped, [DroppedRow(rowIndex: 1, line: 3), DroppedRow(rowIndex: 3, line: 6)])
        // `y` only appeared on a dropped row, so it is not a label name.
        XCTAssertEqual(ds.labelNames, ["x", "z"])
        XCTAssertEqual(ds.labelCodes, [0, 1, 0])
        XCTAssertEqual(ds.droppedSummary, "dropped 2 rows with missing values (lines 3, 6)")
    }

    func testDroppedSummaryWording() throws {
        XCTAssertNil(try LoaderTest.load("a\n1\n").droppedSummary)
        XCTAssertEqual(try LoaderTest.load("a\n1\nNA\n").droppedSummary, "dropped 1 row with missing values (line 3)")
        let many = "a\n1\n" + String(repeating: "NA\n", count: 7)
        XCTAssertEqual(try LoaderTest.load(many).droppedSummary,
                       "dropped 7 rows with missing values (lines 3, 4, 5, 6, 7, …)")
    }

    func testImputeMeanFillsWithColumnMeanOfFiniteValues() throws {
        let ds = try LoaderTest.load("a,b\n1,10\nNA,20\n3,inf\n,\n", LoadOptions(impute: .mean))
        XCTAssertEqual(ds.count, 4)
        XCTAssertEqual(ds.values, [1, 10, 2, 20, 3, 15, 2, 15])
        XCTAssertEqual(ds.imputedCount, 4)
        XCTAssertTrue(ds.dropped.isEmpty)
        XCTAssertEqual(ds.imputedSummary, "filled 4 missing values with column means")
    }

    func testImputeMeanWithNothingToAverage() {
        let e = LoaderTest.error("a,b\n1,\n2,NA\n", LoadOptions(columns: ["a", "b"], impute: .mean))
        XCTAssertEqual(e?.description, "t.csv: column 'b' has no values to take a mean from")
    }

    func testNoUsableRows() {
        XCTAssertEqual(LoaderTest.error("a,b\n1,NA\n,2\n")?.description, "t.csv: no usable rows: all 2 rows have missing values")
    }
}
