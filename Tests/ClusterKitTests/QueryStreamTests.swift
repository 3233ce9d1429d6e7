import XCTest
@testable import ClusterKit

/// A query file fed in pieces (any cut, even inside a number or a quoted field) gives exactly
/// the rows, line numbers and error places of the same file read whole (except that no rows at
/// all, or a header alone, answer nothing where the whole-file reader refuses them).
final class QueryStreamTests: XCTestCase {
    let columns = ["a", "b"]

    func streamed(_ text: String, pieces: [Int], label: String? = "y") throws -> [(line: Int, point: [Double])] {
        var stream = QueryStream(source: "q.csv", columns: columns, label: label)
        let bytes = Array(text.utf8)
        var rows: [(line: Int, point: [Double])] = []
        var at = 0, i = 0
        while at < bytes.count {
            let n = min(pieces[i % pieces.count], bytes.count - at)
            rows += try bytes[at..<(at + n)].withUnsafeBytes { try stream.feed($0) }
            at += n
            i += 1
        }
        return rows + (try stream.finish())
    }

    func whole(_ text: String, label: String? = "y") throws -> [(line: Int, point: [Double])] {
        try QueryPoints.load(csv: Array(text.utf8), source: "q.csv", columns: columns, label: label)
    }

    func assertSame(_ a: [(line: Int, point: [Double])], _ b: [(line: Int, point: [Double])], _ message: String) {
        XCTAssertEqual(a.map(\.line), b.map(\.line), message)
        XCTAssertEqual(a.map(\.point), b.map(\.point), message)
    }

    func testEveryCutGivesTheWholeFileRows() throws {
        let texts = [
            "b,a,y\n1,2,x\n3.5,4e3,\"two\nlines\"\n\n5,6,z\n-7,8,w",         // no final line break, a blank line
            "a;b\r\n1;2\r\n3;4\r\n",                                            // CRLF and another delimiter
            "y,a,b\n\"q,\"\"x\"\"\",0.1,0.2\n" + (0..<300).map { "r\($0),\($0),\(Double($0) / 7)" }.joined(separator: "\n") + "\n",
        ]
        for text in texts {
            let expected = try whole(text)
            for pieces in [[1], [2, 3], [7], [64, 1], [1 << 20]] {
                assertSame(try streamed(text, pieces: pieces), expected, "\(pieces) \(text.prefix(12))")
            }
        }
    }

    /// A distributed engine's empty partition pipes in nothing, or only the header: no queries,
    /// no answers, no error (the whole-file reader still refuses a header-only data file).
    func testNothingOrAHeaderOnlyGivesNoRows() throws {
        for text in ["", "\n", "a,b\n", "a,b", "a,b\n\n"] {
            for pieces in [[1], [1 << 20]] {
                XCTAssertTrue(try streamed(text, pieces: pieces, label: nil).isEmpty, "\(text.debugDescription) \(pieces)")
            }
        }
        XCTAssertThrowsError(try whole("a,b\n"))
    }

    func testErrorsNameTheFileLine() throws {
        let text = "a,b\n" + (0..<50).map { "\($0),1" }.joined(separator: "\n") + "\n7,abc\n8,9\n"
        var wholeError: DataError?
        XCTAssertThrowsError(try whole(text, label: nil)) { wholeError = $0 as? DataError }
        for pieces in [[3], [100], [1 << 20]] {
            XCTAssertThrowsError(try streamed(text, pieces: pieces, label: nil), "\(pieces)") { error in
                // The place is the whole file's; the message's counts ("n of m values") are the batch's.
                let e = error as? DataError
                XCTAssertEqual(e?.file, wholeError?.file)
                XCTAssertEqual(e?.line, 52)
                XCTAssertEqual(e?.line, wholeError?.line)
                XCTAssertEqual(e?.column, wholeError?.column)
                XCTAssert(e?.message.hasPrefix("\"abc\" is not a number") == true, "\(error)")
            }
        }
        // A header only, or nothing at all, is no error here: see testNothingOrAHeaderOnlyGivesNoRows.
    }
}
