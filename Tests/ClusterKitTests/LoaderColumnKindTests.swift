import XCTest
@testable import ClusterKit

/// Column kinds come from every value of a column, not its first one (issue 11): a mostly-numeric
/// column with a few text cells is an error naming the first of them, wherever they are; a text
/// column with a few number-like values stays text; decimal commas get `--decimal ,`.
final class LoaderColumnKindTests: XCTestCase {
    /// Issue 11's file: the text is on the first data row, which used to make `y` the label.
    func testTextOnTheFirstRowOfANumericColumnIsAnError() {
        let e = LoaderTest.error("x,y\n1,abc\n3,4\n5,6\n7,8\n", source: "a.csv")
        XCTAssertEqual(e?.description, "a.csv:2:2: \"abc\" is not a number in numeric column 'y' (3 of 4 values are numbers); "
                       + "use --columns to choose features or --label y to make it the label")
    }

    /// The same cell on a later row gives the same message, at its own line.
    func testTextOnALaterRowGivesTheSameMessage() {
        let e = LoaderTest.error("x,y\n3,4\n5,6\n1,abc\n7,8\n", source: "a.csv")
        XCTAssertEqual(e?.line, 4)
        XCTAssertEqual(e?.column, 2)
        XCTAssertEqual(e?.message, "\"abc\" is not a number in numeric column 'y' (3 of 4 values are numbers); "
                       + "use --columns to choose features or --label y to make it the label")
    }

    /// Several bad cells: the first in the file is the error's place, the next two are named too;
    /// missing markers are not counted as values.
    func testFirstOffendingCellInTheFileWinsAndOthersAreNamed() {
        let text = "a,b,c\n1,2,3\n4,NA,?\n5,x,6\n7,8,9\n1,2,-\n3,4,5\n6,7,8\n9,1,2\n"
        let e = LoaderTest.error(text)
        XCTAssertEqual(e?.line, 3)
        XCTAssertEqual(e?.column, 3)
        XCTAssertEqual(e?.message, "\"?\" is not a number in numeric column 'c' (6 of 8 values are numbers; also \"-\" on line 6); "
                       + "use --columns to choose features or --label c to make it the label")
    }

    func testLabelOrColumnsResolveTheError() throws {
        let asLabel = try LoaderTest.load("x,y\n1,abc\n3,4\n5,6\n7,8\n", LoadOptions(label: "y"))
        XCTAssertEqual(asLabel.featureNames, ["x"])
        XCTAssertEqual(asLabel.labelNames, ["abc", "4", "6", "8"])
        let chosen = try LoaderTest.load("x,y,z\n1,abc,2\n3,4,5\n5,6,7\n", LoadOptions(columns: ["x", "z"]))
        XCTAssertEqual(chosen.featureNames, ["x", "z"])
        XCTAssertNil(chosen.labelName, "a mixed column is never guessed to be the label")
    }

    func testChosenMixedColumnSaysToLeaveItOut() {
        let e = LoaderTest.error("x,y\n1,2\n3,oops\n5,6\n", LoadOptions(columns: ["x", "y"]))
        XCTAssertEqual(e?.description, "t.csv:3:2: \"oops\" is not a number in numeric column 'y' (2 of 3 values are numbers); "
                       + "correct the value or leave 'y' out of --columns")
    }

    /// A label whose first value looks like a number is still a text column when most values are text.
    func testTextColumnWithAFewNumbersStaysText() throws {
        let ds = try LoaderTest.load("v,code\n1,7\n2,A1\n3,B2\n4,C3\n5,7\n")
        XCTAssertEqual(ds.featureNames, ["v"])
        XCTAssertEqual(ds.labelName, "code")
        XCTAssertEqual(ds.labelNames, ["7", "A1", "B2", "C3"])
        let table = try CSVTable(csv: Array("v,code\n1,7\n2,A1\n3,B2\n".utf8), source: "t.csv")
        XCTAssertEqual(table.kinds, [.numeric, .text])
        XCTAssertEqual(table.columns[1], .text(codes: [0, 1, 2], names: ["7", "A1", "B2"]))
    }

    /// The rule's boundary: half numbers is mixed (an error), fewer is text.
    func testHalfNumbersIsMixedFewerIsText() throws {
        XCTAssertEqual(ColumnVerdict(ColumnCensus(missing: 1, texts: 2), rows: 5), .mixed)
        XCTAssertEqual(ColumnVerdict(ColumnCensus(missing: 0, texts: 3), rows: 6), .mixed)
        XCTAssertEqual(ColumnVerdict(ColumnCensus(missing: 0, texts: 3), rows: 5), .text)
        XCTAssertEqual(ColumnVerdict(ColumnCensus(missing: 4, texts: 0), rows: 4), .empty)
        XCTAssertEqual(ColumnVerdict(ColumnCensus(missing: 1, texts: 0), rows: 4), .numeric)
        XCTAssertEqual(ColumnVerdict(ColumnCensus(missing: 0, texts: 4, decimalCommas: 2), rows: 4), .mixed)
        let ds = try LoaderTest.load("v,k\n1,a\n2,b\n3,4\n")
        XCTAssertEqual(ds.labelName, "k")
    }

    /// A CSVTable keeps a mixed column numeric, with NaN for its text cells.
    func testTableKeepsMixedColumnNumeric() throws {
        let table = try CSVTable(csv: Array("x,y\n1,abc\n3,4\n5,6\n".utf8), source: "t.csv")
        XCTAssertEqual(table.kinds, [.numeric, .numeric])
        guard case .numeric(let y) = table.columns[1] else { return XCTFail("y should be numeric") }
        XCTAssertTrue(y[0].isNaN)
        XCTAssertEqual(Array(y[1...]), [4, 6])
    }

    /// Issue 11: one `2,25` in the first row of a TSV used to drop the column silently.
    func testDecimalCommaInATSVGetsTheHint() {
        let e = LoaderTest.error("x\ty\n1\t2,25\n3\t4\n5\t6\n", source: "d.tsv")
        XCTAssertEqual(e?.description, "d.tsv:2:2: \"2,25\" is not a number in numeric column 'y' (2 of 3 values are numbers); "
                       + "if ',' is the decimal mark, use --decimal ,")
        let all = LoaderTest.error("x\ty\n1\t2,25\n3\t4,5\n", source: "d.tsv")
        XCTAssertEqual(all?.line, 2)
        XCTAssertTrue(all?.message.hasSuffix("use --decimal ,") ?? false, all?.message ?? "")
    }

    func testDecimalCommaOptionReadsThem() throws {
        let tsv = try LoaderTest.load("x\ty\tk\n1\t2,25\ta\n3\t-4,5\tb\n5\t6\ta\n", LoadOptions(decimalComma: true))
        XCTAssertEqual(tsv.values, [1, 2.25, 3, -4.5, 5, 6])
        XCTAssertEqual(tsv.labelName, "k")
        // Sniffed: `;` wins although splitting at `,` would give more fields.
        let semicolons = try LoaderTest.load("x;y\n1,5;2,25\n3;\"4,5\"\n", LoadOptions(decimalComma: true))
        XCTAssertEqual(semicolons.values, [1.5, 2.25, 3, 4.5])
    }

    /// The verdicts do not depend on the read being split: a large file whose only bad cell is in
    /// the last part gives the same error through the parallel and the sequential read.
    func testLateBadCellFoundByParallelAndSequentialRead() throws {
        var text = "a,b,kind\n"
        for i in 0..<20_000 { text += "\(i),\(i % 7).5,k\(i % 3)\n" }
        text += "1,bad,k0\n"
        let bytes = Array(text.utf8)
        var errors: [DataError] = []
        for minimum in [1, Int.max] {
            try bytes.withUnsafeBufferPointer { buf in
                let layout = try CSVLayout.detect(buf, source: "p.csv", delimiter: nil)
                XCTAssertEqual(CSVReader.splitPoints(buf, from: layout.dataStart, minimumBytes: minimum).count > 2, minimum == 1)
                let read = try CSVReader.read(buf, layout: layout, source: "p.csv",
                                              actions: [.number(slot: 0), .number(slot: 1), .text(slot: 0)],
                                              minimumParallelBytes: minimum)
                let verdicts = read.census.map { ColumnVerdict($0, rows: read.rowCount) }
                XCTAssertEqual(verdicts, [.numeric, .mixed, .text])
                do {
                    try ColumnChoice.checkFeatures([0, 1], verdicts: verdicts, census: read.census, rows: read.rowCount,
                                                   names: layout.names, options: LoadOptions(), source: "p.csv")
                } catch let e as DataError {
                    errors.append(e)
                }
            }
        }
        XCTAssertEqual(errors.count, 2)
        XCTAssertEqual(errors.first, errors.last)
        XCTAssertEqual(errors.first?.description, "p.csv:20002:2: \"bad\" is not a number in numeric column 'b' "
                       + "(20000 of 20001 values are numbers); use --columns to choose features or --label b to make it the label")
        XCTAssertEqual(LoaderTest.error(bytes, source: "p.csv"), errors.first)
    }

    /// A wide file's "no numeric column" message names ten columns and the count, not 2,000 names.
    func testWideFileColumnListIsCut() {
        let names = (0..<2000).map { "name\($0)" }
        let text = names.joined(separator: ",") + "\n" + names.map { _ in "t" }.joined(separator: ",") + "\n"
        let e = LoaderTest.error(text)
        XCTAssertEqual(e?.description, "t.csv: no numeric column to use as a feature (columns: "
                       + (0..<10).map { "'name\($0)'" }.joined(separator: ", ") + ", … (2000 columns))")
    }
}
