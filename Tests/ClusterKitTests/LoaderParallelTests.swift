import XCTest
@testable import ClusterKit

/// The parallel read of large quote-free files gives exactly the sequential read's result: rows,
/// line numbers, numbers, label codes in order of first appearance, and the first error in the file.
final class LoaderParallelTests: XCTestCase {
    /// A file with CRLF and LF lines, blank lines, missing values, empty and repeated labels.
    func sample(rows: Int, badLine: Int? = nil, raggedLine: Int? = nil) -> [UInt8] {
        var random = NumPyRandomState(seed: 4)
        var text = "a,b,c,kind\n"
        for i in 0..<rows {
            let label = i % 17 == 0 ? "" : "k\(random.nextUInt32() % UInt32(3 + i / 400))"
            let b = i % 29 == 0 ? "NA" : "\(random.nextDouble() * 100)"
            text += "\(Double(i) * 0.5),\(b),\(-random.nextDouble()),\(label)" + (i % 3 == 0 ? "\r\n" : "\n")
            if i % 101 == 0 { text += "\n" }
            if let badLine, i == badLine { text += "1,2,x,kind\n" }
            if let raggedLine, i == raggedLine { text += "1,2,kind\n" }
        }
        return Array(text.utf8)
    }

    func read(_ bytes: [UInt8], minimum: Int) throws -> CSVReadResult {
        try bytes.withUnsafeBufferPointer { buf in
            let layout = try CSVLayout.detect(buf, source: "t.csv", delimiter: nil)
            let actions: [ColumnAction] = [.number(slot: 0), .number(slot: 1), .number(slot: 2), .text(slot: 0)]
            return try CSVReader.read(buf, layout: layout, source: "t.csv", actions: actions, minimumParallelBytes: minimum)
        }
    }

    func testParallelReadEqualsSequentialRead() throws {
        let bytes = sample(rows: 3000)
        bytes.withUnsafeBufferPointer { buf in
            XCTAssertGreaterThan(CSVReader.splitPoints(buf, from: 11, minimumBytes: 1).count, 2, "the file is split")
        }
        let sequential = try read(bytes, minimum: .max), parallel = try read(bytes, minimum: 1)
        XCTAssertEqual(parallel.rowCount, 3000)
        XCTAssertEqual(parallel.rowLines, sequential.rowLines)
        XCTAssertEqual(parallel.numbers.map(\.bitPattern), sequential.numbers.map(\.bitPattern))
        XCTAssertEqual(parallel.textCodes, sequential.textCodes)
        XCTAssertEqual(parallel.textNames, sequential.textNames)
        XCTAssertEqual(parallel.census, sequential.census)
    }

    func testFirstErrorInTheFileWins() throws {
        let bytes = sample(rows: 3000, raggedLine: 2500)
        func error(minimum: Int) -> DataError? {
            do {
                _ = try read(bytes, minimum: minimum)
                return nil
            } catch {
                return error as? DataError
            }
        }
        let parallel = try XCTUnwrap(error(minimum: 1)), sequential = try XCTUnwrap(error(minimum: .max))
        XCTAssertEqual(parallel, sequential)
        XCTAssertEqual(parallel.message, "line \(parallel.line!) has 3 fields, expected 4")
    }

    /// Text in a numeric column is counted, not thrown, by both reads: the census (counts and the
    /// first text cells in file order) is the same, so the loader's verdict and message are too.
    func testTextCellsAreCountedAlikeInBothReads() throws {
        let bytes = sample(rows: 3000, badLine: 2500)
        let sequential = try read(bytes, minimum: .max), parallel = try read(bytes, minimum: 1)
        XCTAssertEqual(parallel.census, sequential.census)
        let c = parallel.census[2]
        XCTAssertEqual(c.texts, 1)
        XCTAssertEqual(c.firstTexts.map(\.value), ["x"])
        XCTAssertEqual(c.firstTexts.first?.field, 2)
        // The label column's values are all text; its census keeps the first three in file order.
        XCTAssertEqual(parallel.census[3].firstTexts.map(\.line), sequential.census[3].firstTexts.map(\.line))
        XCTAssertEqual(parallel.census[3].firstTexts.count, 3)
        XCTAssertEqual(parallel.census[1].missing, sequential.census[1].missing)
        XCTAssertEqual(parallel.census[1].missing, (0..<3000).filter { $0 % 29 == 0 }.count)
    }

    func testQuotesKeepTheReadSequential() throws {
        var bytes = sample(rows: 500)
        bytes += Array("1,2,3,\"quoted\"\n".utf8)
        bytes.withUnsafeBufferPointer { buf in
            XCTAssertEqual(CSVReader.splitPoints(buf, from: 11, minimumBytes: 1).count, 2)
        }
    }
}
