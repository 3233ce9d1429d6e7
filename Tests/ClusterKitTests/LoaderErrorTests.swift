import XCTest
import ClusterKit

/// Every error names the file and, where it applies, the line and column; no input may crash or hang.
final class LoaderErrorTests: XCTestCase {
    func testEmptyFile() {
        XCTAssertEqual(LoaderTest.error("")?.description, "t.csv: empty file")
        XCTAssertEqual(LoaderTest.error("\n\r\n  \n")?.description, "t.csv: empty file")
        XCTAssertEqual(LoaderTest.error([0xEF, 0xBB, 0xBF])?.description, "t.csv: empty file")
    }

    func testHeaderOnly() {
        XCTAssertEqual(LoaderTest.error("a,b,c\n")?.description, "t.csv:1: header only, no data rows")
        XCTAssertEqual(LoaderTest.error("\na,b,c\n\n")?.description, "t.csv:2: header only, no data rows")
    }

    func testNoNumericColumn() {
        XCTAssertEqual(LoaderTest.error("name,city\nbob,paris\n")?.description,
                       "t.csv: no numeric column to use as a feature (columns: 'name', 'city')")
    }

    func testRaggedRows() {
        XCTAssertEqual(LoaderTest.error("a,b,c\n1,2,3\n4,5\n")?.description, "t.csv:3: line 3 has 2 fields, expected 3")
        XCTAssertEqual(LoaderTest.error("a,b,c\n1,2,3\n4,5,6,7\n")?.description, "t.csv:3: line 3 has 4 fields, expected 3")
        let e = LoaderTest.error("a,b\n1,2\n\"x\ny\",3,4\n")
        XCTAssertEqual(e?.line, 3)
        XCTAssertEqual(e?.message, "line 3 has 3 fields, expected 2")
    }

    func testTextInNumericColumnGivesLineColumnNameAndValue() {
        // Half of petal_length's values are numbers: a numeric column with a bad cell (issue 11's message).
        let e = LoaderTest.error("sepal_length,sepal_width,petal_length\n1,2,3\n4,5,abc\n", source: "iris.csv")
        let message = "\"abc\" is not a number in numeric column 'petal_length' (1 of 2 values are numbers); "
            + "use --columns to choose features or --label petal_length to make it the label"
        XCTAssertEqual(e, DataError(file: "iris.csv", line: 3, column: 3, message))
        XCTAssertEqual(e?.description, "iris.csv:3:3: " + message)
    }

    func testInvalidUTF8GivesLine() {
        let bytes = Array("a,kind\n1,x\n2,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        XCTAssertEqual(LoaderTest.error(bytes)?.description, "t.csv:3: invalid UTF-8")
        for bad: [UInt8] in [[0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF]] {
            XCTAssertEqual(LoaderTest.error(Array("a\n1\n".utf8) + bad)?.description, "t.csv:3: invalid UTF-8", "\(bad)")
        }
    }

    func testUnterminatedQuote() {
        XCTAssertEqual(LoaderTest.error("a,b\n1,2\n3,\"oops\n4,5\n")?.description, "t.csv:3: unterminated quoted field")
    }

    /// Property: random bytes and random cuts of a valid file either load or throw a `DataError`.
    func testRandomInputsNeverCrash() {
        var rng = LoaderTest.random(seed: 5)
        let alphabet = Array("0123456789.,;\t\"\n\r -eE+naNINF\u{7F}x".utf8) + [0xC3, 0xA9, 0xEF, 0xBB, 0xBF, 0xFF]
        let valid = Array("\"x\",y,kind\n1.5,\"2\",a\n\"3\n\",4,b\r\n5,NA,\"c\"\"d\"\n".utf8)
        for round in 0..<3000 {
            let bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int(rng.next() % 40)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            } else {
                bytes = Array(valid.prefix(Int(rng.next() % UInt64(valid.count + 1))))
            }
            let options = LoadOptions(impute: rng.next() % 2 == 0 ? .none : .mean)
            do {
                let ds = try Dataset.load(csv: bytes, source: "r.csv", options: options)
                XCTAssertEqual(ds.values.count, ds.count * ds.dimension)
                XCTAssertTrue(ds.values.allSatisfy(\.isFinite))
                XCTAssertGreaterThan(ds.count, 0)
            } catch is DataError {
            } catch {
                XCTFail("\(error)")
            }
            _ = try? CSVTable(csv: bytes, source: "r.csv")
        }
    }
}
