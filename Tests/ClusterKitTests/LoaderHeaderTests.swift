import XCTest
import ClusterKit

/// Header detection, column kinds and column choice.
final class LoaderHeaderTests: XCTestCase {
    func testNumbersOnlyFileGetsGeneratedNames() throws {
        let ds = try LoaderTest.load("1,2,3\n4,5,6\n")
        XCTAssertEqual(ds.featureNames, ["c0", "c1", "c2"])
        XCTAssertEqual(ds.count, 2)
        XCTAssertEqual(ds.rowIndices, [0, 1])
        XCTAssertEqual(ds.lineNumbers, [1, 2])
        XCTAssertNil(ds.labelName)
        XCTAssertNil(ds.labelCodes)
    }

    func testHeaderlessWithTextLabel() throws {
        let ds = try LoaderTest.load("1,2,a\n3,4,b\n")
        XCTAssertEqual(ds.featureNames, ["c0", "c1"])
        XCTAssertEqual(ds.labelName, "c2")
        XCTAssertEqual(ds.labelNames, ["a", "b"])
    }

    func testHeaderFoundByOneTextNameOverNumbers() throws {
        // `2019` looks numeric but `b` is text over a numeric column: this is a header.
        let table = try CSVTable(csv: Array("2019,b\n1,2\n".utf8), source: "t.csv")
        XCTAssertTrue(table.hasHeader)
        XCTAssertEqual(table.names, ["2019", "b"])
        XCTAssertEqual(table.rowCount, 1)
    }

    func testAllTextFirstRowIsAHeader() throws {
        let table = try CSVTable(csv: Array("name,city\nbob,paris\n".utf8), source: "t.csv")
        XCTAssertTrue(table.hasHeader)
        XCTAssertEqual(table.kinds, [.text, .text])
    }

    func testFirstRowWithMissingFieldOverTextIsData() throws {
        // Not all text (an empty field) and no text over a numeric column: data, not a header.
        let table = try CSVTable(csv: Array("x,\ny,z\n".utf8), source: "t.csv")
        XCTAssertFalse(table.hasHeader)
        XCTAssertEqual(table.names, ["c0", "c1"])
    }

    func testKindFromFirstNonMissingValue() throws {
        let table = try CSVTable(csv: Array("a,b,c\n,NA,x\n,2,y\n5,3,z\n".utf8), source: "t.csv")
        XCTAssertEqual(table.kinds, [.numeric, .numeric, .text])
        guard case .numeric(let a) = table.columns[0] else { return XCTFail("a should be numeric") }
        XCTAssertTrue(a[0].isNaN && a[1].isNaN)
        XCTAssertEqual(a[2], 5)
        XCTAssertEqual(table.columns[2], .text(codes: [0, 1, 2], names: ["x", "y", "z"]))
        XCTAssertEqual(table.rowLines, [2, 3, 4])
    }

    func testColumnsPickAndOrderFeatures() throws {
        let ds = try LoaderTest.load("a,b,c,kind\n1,2,3,x\n4,5,6,y\n", LoadOptions(columns: ["c", "a"]))
        XCTAssertEqual(ds.featureNames, ["c", "a"])
        XCTAssertEqual(ds.dimension, 2)
        XCTAssertEqual(ds.values, [3, 1, 6, 4])
        XCTAssertEqual(ds.labelName, "kind")
    }

    func testNumericLabelIsNotAFeature() throws {
        let ds = try LoaderTest.load("a,b,cluster\n1,2,0\n3,4,1\n5,6,0\n7,8,\n", LoadOptions(label: "cluster"))
        XCTAssertEqual(ds.featureNames, ["a", "b"])
        XCTAssertEqual(ds.labelName, "cluster")
        XCTAssertEqual(ds.labelNames, ["0", "1"])
        XCTAssertEqual(ds.labelCodes, [0, 1, 0, -1])
        XCTAssertNil(ds.label(of: 3))
    }

    func testLabelDefaultsToLastTextColumn() throws {
        let ds = try LoaderTest.load("id,a,kind,b\nr1,1,x,2\nr2,3,y,4\n")
        XCTAssertEqual(ds.labelName, "kind")
        XCTAssertEqual(ds.featureNames, ["a", "b"])
    }

    func testLabelCodesInOrderOfFirstAppearanceAndEmptyIsMinusOne() throws {
        let ds = try LoaderTest.load("v,k\n1,b\n2,a\n3,\n4,b\n5,\"\"\n")
        XCTAssertEqual(ds.labelNames, ["b", "a"])
        XCTAssertEqual(ds.labelCodes, [0, 1, -1, 0, -1])
    }

    func testManyDistinctLabels() throws {
        // Enough distinct labels to make the interner's table grow several times.
        var text = "v,id\n"
        for i in 0..<5000 { text += "\(i),id\(i % 3000)\n" }
        let ds = try LoaderTest.load(text)
        XCTAssertEqual(ds.labelNames.count, 3000)
        XCTAssertEqual(ds.labelNames[2999], "id2999")
        XCTAssertEqual(ds.labelCodes?[4999], 1999)
    }

    func testUnknownColumnListsAvailableNames() {
        let e = LoaderTest.error("a,b,kind\n1,2,x\n", LoadOptions(columns: ["a", "zz"]))
        XCTAssertEqual(e?.description, "t.csv: unknown column 'zz' (columns: 'a', 'b', 'kind')")
    }

    func testUnknownLabel() {
        let e = LoaderTest.error("a,b\n1,2\n", LoadOptions(label: "class"))
        XCTAssertEqual(e?.description, "t.csv: unknown label column 'class' (columns: 'a', 'b')")
    }

    func testLabelAlsoChosenAsFeature() {
        let e = LoaderTest.error("a,b\n1,2\n", LoadOptions(columns: ["a", "b"], label: "b"))
        XCTAssertEqual(e?.description, "t.csv: column 'b' cannot be both the label and a feature")
    }

    func testColumnChosenTwice() {
        let e = LoaderTest.error("a,b\n1,2\n", LoadOptions(columns: ["a", "a"]))
        XCTAssertEqual(e?.description, "t.csv: column 'a' is chosen twice")
    }

    func testChoosingATextColumnReportsItsFirstValue() {
        let e = LoaderTest.error("a,kind\n1,x\n", LoadOptions(columns: ["a", "kind"]))
        XCTAssertEqual(e?.description, "t.csv:2:2: \"x\" is not a number (column 'kind')")
    }
}
