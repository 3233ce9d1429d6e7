import Foundation
import XCTest
@testable import ClusterKit

/// Regression tests for what fuzzing found (scripts/fuzz; the inputs are also in Fuzz/corpus).
final class FuzzFindingTests: XCTestCase {
    // csv, crash-822fe5de: a quoted cell holding line breaks and control bytes, in a column that
    // is mostly numbers, was quoted verbatim in the error: a "one-line" error of three lines, with
    // raw control characters for the terminal to act on. Now escaped, and long cells cut short.
    func testErrorsQuotingCellsStayOnOneLine() throws {
        let csv = "a,b\n1,2\n3,4\n5,6\n\"x\n\u{1B}[31m\u{7}red\",8\n9,10\n"
        XCTAssertThrowsError(try Dataset.load(csv: Array(csv.utf8), source: "f.csv")) { error in
            let text = "\(error)"
            XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, text.debugDescription)
            XCTAssert(text.hasPrefix(#"f.csv:5:1: "x\n\u{1B}[31m\u{7}red" is not a number in numeric column 'a'"#), text)
        }
        let long = "a,b\n1,2\n3,4\n5,6\n\"" + String(repeating: "y", count: 10_000) + "\",8\n"
        XCTAssertThrowsError(try Dataset.load(csv: Array(long.utf8), source: "f.csv")) { error in
            XCTAssertLessThan("\(error)".count, 400, "\(error)")
            XCTAssert("\(error)".contains(String(repeating: "y", count: 60) + "…\""), "\(error)")
        }
        // The fuzzer's own input (kept in the csv seed corpus).
        let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("Fuzz/corpus/csv/crash-822fe5de.csv")))
        XCTAssertThrowsError(try Dataset.load(csv: bytes, source: "f.csv")) { error in
            XCTAssert("\(error)".hasPrefix("f.csv:3:5: "), "\(error)")
            XCTAssertFalse("\(error)".unicodeScalars.contains { $0.value < 0x20 }, "\(error)")
        }
        // Model errors quote the document's strings too.
        XCTAssertThrowsError(try SavedModel(json: #"{"format": "a\nb\u001b[2J"}"#, source: "m.json")) { error in
            XCTAssertEqual("\(error)", #"m.json: not a clusterview model (format 'a\nb\u{1B}[2J')"#)
        }
    }
}
