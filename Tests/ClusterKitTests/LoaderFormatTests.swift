import XCTest
import ClusterKit

/// File-format awkwardness: BOM, line endings, quoting, delimiters, blank lines, spaces.
final class LoaderFormatTests: XCTestCase {
    func testBOMIsSkipped() throws {
        let ds = try Dataset.load(csv: [0xEF, 0xBB, 0xBF] + Array("x,y\n1,2\n".utf8), source: "t.csv")
        XCTAssertEqual(ds.featureNames, ["x", "y"])
        XCTAssertEqual(ds.values, [1, 2])
    }

    func testCRLFAndLFAndMissingFinalNewline() throws {
        for text in ["a,b\r\n1,2\r\n3,4\r\n", "a,b\n1,2\n3,4", "a,b\r\n1,2\n3,4\r"] {
            let ds = try LoaderTest.load(text)
            XCTAssertEqual(ds.featureNames, ["a", "b"], text.debugDescription)
            XCTAssertEqual(ds.values, [1, 2, 3, 4], text.debugDescription)
            XCTAssertEqual(ds.lineNumbers, [2, 3], text.debugDescription)
        }
    }

    func testCRLFLabelHasNoCarriageReturn() throws {
        let ds = try LoaderTest.load("x,kind\r\n1,cat\r\n2,\"dog\"\r\n")
        XCTAssertEqual(ds.labelNames, ["cat", "dog"])
    }

    func testQuotedFieldsWithDelimitersQuotesAndNewlines() throws {
        let text = #"""
        x,"name, full",y
        1,"a, b",2
        3,"say ""hi""",4
        5,"two
        lines",6
        7,plain,8

        """#
        let ds = try LoaderTest.load(text, LoadOptions(label: "name, full"))
        XCTAssertEqual(ds.featureNames, ["x", "y"])
        XCTAssertEqual(ds.values, [1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(ds.labelNames, ["a, b", "say \"hi\"", "two\nlines", "plain"])
        // The multi-line field starts on line 4; the next record is on physical line 6.
        XCTAssertEqual(ds.lineNumbers, [2, 3, 4, 6])
        XCTAssertEqual(ds.rowIndices, [0, 1, 2, 3])
    }

    func testErrorLineAfterMultiLineField() {
        let text = "x,note,y\n1,\"a\nb\nc\",2\n3,ok,zz\n"
        XCTAssertEqual(LoaderTest.error(text)?.description, "t.csv:5:3: \"zz\" is not a number in numeric column 'y' "
                       + "(1 of 2 values are numbers); use --columns to choose features or --label y to make it the label")
    }

    func testSemicolonFileIsSniffed() throws {
        let ds = try LoaderTest.load("a;b;kind\n1,5;2;x\n3;4;y\n".replacingOccurrences(of: "1,5", with: "1.5"))
        XCTAssertEqual(ds.featureNames, ["a", "b"])
        XCTAssertEqual(ds.values, [1.5, 2, 3, 4])
        XCTAssertEqual(ds.labelNames, ["x", "y"])
    }

    func testSemicolonWithDecimalCommasIsNotReadAsComma() throws {
        // Decimal commas make the comma count vary per line, so `;` wins; the values are then text.
        let text = "a;b\n1,5;2\n3;4,25\n"
        let table = try CSVTable(csv: Array(text.utf8), source: "t.csv")
        XCTAssertEqual(table.delimiter, UInt8(ascii: ";"))
        XCTAssertEqual(table.names, ["a", "b"])
    }

    func testTabFileWithCommasInsideFields() throws {
        let ds = try LoaderTest.load("x\ty\tnote\n1\t2\ta,b\n3\t4\tc,d,e\n")
        XCTAssertEqual(ds.featureNames, ["x", "y"])
        XCTAssertEqual(ds.values, [1, 2, 3, 4])
        XCTAssertEqual(ds.labelNames, ["a,b", "c,d,e"])
    }

    func testGivenDelimiterOverridesSniffing() throws {
        let ds = try LoaderTest.load("a|b\n1|2\n", LoadOptions(delimiter: UInt8(ascii: "|")))
        XCTAssertEqual(ds.featureNames, ["a", "b"])
        XCTAssertEqual(ds.values, [1, 2])
    }

    func testDelimiterThatCanBePartOfANumber() throws {
        // With `e` as the delimiter, `1e5` is two fields, not 100000.
        let ds = try LoaderTest.load("1e5\n2e6\n", LoadOptions(delimiter: UInt8(ascii: "e")))
        XCTAssertEqual(ds.values, [1, 5, 2, 6])
    }

    func testQuoteOrLineBreakCannotBeTheDelimiter() {
        XCTAssertEqual(LoaderTest.error("a\n1\n", LoadOptions(delimiter: UInt8(ascii: "\"")))?.description,
                       "t.csv: the delimiter cannot be a quote or a line break")
    }

    func testTableKeepsBadValuesAsNaNWithoutError() throws {
        let table = try CSVTable(csv: Array("a,b\n1,x\n2,3\noops,4\n".utf8), source: "t.csv")
        // b is numeric from its whole column (2 of 3 values), not text from its first value (issue 11).
        XCTAssertEqual(table.kinds, [.numeric, .numeric])
        guard case .numeric(let a) = table.columns[0] else { return XCTFail("a should be numeric") }
        XCTAssertEqual(a.count, 3)
        XCTAssertEqual(Array(a.prefix(2)), [1, 2])
        XCTAssertTrue(a[2].isNaN)
        guard case .numeric(let b) = table.columns[1] else { return XCTFail("b should be numeric") }
        XCTAssertTrue(b[0].isNaN)
        XCTAssertEqual(Array(b.suffix(2)), [3, 4])
    }

    func testQuoteAwareSniffing() throws {
        // Semicolons inside quotes must not make `;` look like the delimiter.
        let ds = try LoaderTest.load("a,b,c\n1,\"x;y;z\",2\n3,\"p;q;r\",4\n")
        XCTAssertEqual(ds.featureNames, ["a", "c"])
        XCTAssertEqual(ds.labelNames, ["x;y;z", "p;q;r"])
    }

    func testBlankLinesAreSkippedButCountedAsLines() throws {
        let ds = try LoaderTest.load("\n\na,b\n\n1,2\n   \n\r\n3,4\n\n")
        XCTAssertEqual(ds.values, [1, 2, 3, 4])
        XCTAssertEqual(ds.lineNumbers, [5, 8])
        XCTAssertEqual(ds.rowIndices, [0, 1])
    }

    func testSpacesAroundNumbersAreTolerated() throws {
        let ds = try LoaderTest.load("a, b ,kind\n 1 ,\t2.5, x \n\" 3\",4 , y\n")
        XCTAssertEqual(ds.featureNames, ["a", "b"])
        XCTAssertEqual(ds.values, [1, 2.5, 3, 4])
        XCTAssertEqual(ds.labelNames, ["x", "y"])
    }

    func testQuotedHeaderNamesWithSpacesAreKeptVerbatim() throws {
        let ds = try LoaderTest.load("\"sepal length (cm)\",\" padded \",\"say \"\"x\"\"\"\n1,2,3\n",
                                     LoadOptions(columns: [" padded ", "sepal length (cm)"]))
        XCTAssertEqual(ds.featureNames, [" padded ", "sepal length (cm)"])
        XCTAssertEqual(ds.values, [2, 1])
        let all = try LoaderTest.load("\"sepal length (cm)\",\" padded \",\"say \"\"x\"\"\"\n1,2,3\n")
        XCTAssertEqual(all.featureNames, ["sepal length (cm)", " padded ", "say \"x\""])
    }

    func testQuotedNumbersAreNumbers() throws {
        let ds = try LoaderTest.load("a,b\n\"1.5\",\"-2e3\"\n")
        XCTAssertEqual(ds.values, [1.5, -2000])
    }

    func testTrailingDelimiterMakesAnEmptyColumn() throws {
        // Every line ends in a comma: an all-empty third column, which is not a default feature.
        let table = try CSVTable(csv: Array("a,b,\n1,2,\n3,4,\n".utf8), source: "t.csv")
        XCTAssertEqual(table.kinds, [.numeric, .numeric, .empty])
        XCTAssertEqual(table.names, ["a", "b", "c2"])
        let ds = try LoaderTest.load("a,b,\n1,2,\n3,4,\n")
        XCTAssertEqual(ds.featureNames, ["a", "b"])
        XCTAssertEqual(ds.count, 2)
    }

    func testUTF8NamesAndLabels() throws {
        let ds = try LoaderTest.load("größe,espèce\n1.5,château\n2,東京\n")
        XCTAssertEqual(ds.featureNames, ["größe"])
        XCTAssertEqual(ds.labelName, "espèce")
        XCTAssertEqual(ds.labelNames, ["château", "東京"])
    }

    /// Property: any table of random numbers and texts, written with random delimiter, quoting and
    /// line endings, reads back to the same values, labels and line numbers.
    func testRandomTablesRoundTrip() throws {
        var rng = LoaderTest.random(seed: 2024)
        let delimiters = [",", ";", "\t"]
        for round in 0..<200 {
            let d = delimiters[Int(rng.next() % 3)]
            let eol = rng.next() % 2 == 0 ? "\n" : "\r\n"
            let columns = 1 + Int(rng.next() % 4)
            let rows = 1 + Int(rng.next() % 12)
            var text = (0..<columns).map { "f\($0)" }.joined(separator: d) + d + "\"the label\"" + eol
            var line = 2
            var expectedValues: [Double] = []
            var expectedLabels: [String] = []
            var expectedLines: [Int] = []
            for _ in 0..<rows {
                expectedLines.append(line)
                var fields: [String] = []
                for _ in 0..<columns {
                    let v = Double(Int64(bitPattern: rng.next() % 2_000_001) - 1_000_000) / 1000
                    expectedValues.append(v)
                    fields.append(rng.next() % 4 == 0 ? "\"\(v)\"" : "\(v)")
                }
                let label = ["plain", "with \(d) delim", "with \"\" quote", "multi\(eol)line"][Int(rng.next() % 4)]
                expectedLabels.append(label.replacingOccurrences(of: "\"\"", with: "\""))
                fields.append(label == "plain" ? label : "\"\(label)\"")
                text += fields.joined(separator: d) + eol
                line += label.hasPrefix("multi") ? 2 : 1
            }
            let ds = try LoaderTest.load(text)
            XCTAssertEqual(ds.values, expectedValues, "round \(round)")
            XCTAssertEqual(ds.lineNumbers, expectedLines, "round \(round)")
            XCTAssertEqual(ds.labelName, "the label")
            XCTAssertEqual(ds.labelCodes?.map { ds.labelNames[$0] }, expectedLabels, "round \(round)")
        }
    }
}
