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

    /// The read that takes its parts and line counts from the `ByteScan` (what `Dataset.load` does)
    /// equals the sequential read, blank lines (gaps between parts) included.
    func testReadFromTheScanEqualsSequentialRead() throws {
        let bytes = sample(rows: 3000)
        let fromScan = try bytes.withUnsafeBufferPointer { buf -> CSVReadResult in
            let scan = ByteScan.run(buf, minimumPartBytes: 1)
            XCTAssertGreaterThan(scan.points.count, 2, "the file is split")
            let layout = try CSVLayout.detect(buf, source: "t.csv", delimiter: nil)
            let actions: [ColumnAction] = [.number(slot: 0), .number(slot: 1), .number(slot: 2), .text(slot: 0)]
            return try CSVReader.read(buf, layout: layout, source: "t.csv", actions: actions, minimumParallelBytes: 1, scan: scan)
        }
        let sequential = try read(bytes, minimum: .max)
        XCTAssertEqual(fromScan.rowLines, sequential.rowLines)
        XCTAssertEqual(fromScan.numbers.map(\.bitPattern), sequential.numbers.map(\.bitPattern))
        XCTAssertEqual(fromScan.textCodes, sequential.textCodes)
        XCTAssertEqual(fromScan.textNames, sequential.textNames)
        XCTAssertEqual(fromScan.census, sequential.census)
    }

    /// Property: the one-pass scan finds the same line breaks, first invalid UTF-8 byte and quotes
    /// as the separate checks, for random bytes split into any number of parts.
    func testByteScanAgreesWithTheSeparateChecks() {
        var rng = SplitMix64(seed: 21)
        let alphabet = Array("ab,1.5\n\n\r ".utf8) + [UInt8(ascii: "\""), 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xFF, 0x80]
        for round in 0..<400 {
            let length = Int(rng.next() % 3000)
            let exotic = round % 3
            let bytes: [UInt8] = (0..<length).map { _ in
                let k = Int(rng.next() % UInt64(exotic == 0 ? 8 : alphabet.count))
                return alphabet[k]
            }
            bytes.withUnsafeBufferPointer { buf in
                let scan = ByteScan.run(buf, minimumPartBytes: 1 + Int(rng.next() % 500))
                XCTAssertEqual(scan.lineBreaks.reduce(0, +), CSVReader.countLineBreaks(buf))
                XCTAssertEqual(scan.firstInvalidUTF8, UTF8Validator.firstInvalidOffset(buf), "round \(round)")
                XCTAssertEqual(scan.hasQuote, bytes.contains(UInt8(ascii: "\"")))
                XCTAssertEqual(scan.points.first, 0)
                XCTAssertEqual(scan.points.last, bytes.count)
                if let bad = scan.firstInvalidUTF8 {
                    XCTAssertEqual(scan.line(of: bad, in: buf), UTF8Validator.line(of: bad, in: buf))
                }
            }
        }
    }
}
