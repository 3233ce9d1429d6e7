import ClusterIO
import ClusterKit
import Foundation
import XCTest

/// Reading inputs: short reads and EINTR anywhere give the same bytes and datasets as plain reads.
final class ReadingTests: XCTestCase {
    private let csv = (0..<500).map { "\($0),\(Double($0) * 0.5),\($0 % 3 == 0 ? "a" : "b")\n" }.joined()

    private func csvFile(_ dir: TemporaryDirectory) throws -> String { try dir.write("data.csv", "i,x,kind\n" + csv) }

    /// A descriptor that gives one byte per read(2) still yields the whole file, through the stream path.
    func testOneByteReadsGiveTheWholeStream() throws {
        let dir = try TemporaryDirectory()
        let path = try csvFile(dir)
        let source = try InputFile.open(path, calls: .stuttering(limit: 1))
        XCTAssertEqual(try drain(source, size: 7), Array(("i,x,kind\n" + csv).utf8))
    }

    /// The whole-file read (pread into an array of the file's size) continues short and interrupted reads.
    func testWholeFileReadSurvivesShortReadsAndEINTR() throws {
        let dir = try TemporaryDirectory()
        let path = try csvFile(dir)
        let counter = CallCounter()
        let bytes = try InputFile.read(path, budget: nil, calls: .stuttering(limit: 13, interruptEvery: 3, counter: counter))
        XCTAssertEqual(bytes, Array(("i,x,kind\n" + csv).utf8))
        XCTAssertGreaterThan(counter.value, 100, "the reads really were short")
    }

    /// Every third read failing with EINTR loses no byte and repeats none, in the stream path.
    func testInterruptedReadsAreRetried() throws {
        let dir = try TemporaryDirectory()
        let path = try csvFile(dir)
        let source = try InputFile.open(path, calls: .stuttering(limit: 5, interruptEvery: 3))
        XCTAssertEqual(try drain(source), Array(("i,x,kind\n" + csv).utf8))
    }

    /// A read error other than EINTR is one line naming the file and the cause.
    func testAReadErrorNamesTheFileAndCause() throws {
        let dir = try TemporaryDirectory()
        let path = try csvFile(dir)
        var calls = SystemCalls.live
        calls.read = { _, _, _ in errno = EIO; return -1 }
        calls.pread = { _, _, _, _ in errno = EIO; return -1 }
        XCTAssertEqual(message { _ = try drain(try InputFile.open(path, calls: calls)) }, "\(path): cannot be read: Input/output error")
        XCTAssertEqual(message { _ = try InputFile.read(path, budget: nil, calls: calls) }, "\(path): cannot be read: Input/output error")
    }

    func testMissingFileAndUnreadableFile() throws {
        let dir = try TemporaryDirectory()
        XCTAssertEqual(message { _ = try InputFile.read(dir.file("nope.csv")) }, "\(dir.file("nope.csv")): no such file")
        let path = try csvFile(dir)
        var calls = SystemCalls.live
        calls.open = { _, _, _ in errno = EACCES; return -1 }
        XCTAssertEqual(message { _ = try InputFile.read(path, calls: calls) }, "\(path): cannot be read: Permission denied")
    }

    /// A file past ChunkedLoad's threshold is loaded in chunks over pread: with reads cut short and
    /// interrupted, the dataset equals the one read plainly.
    func testChunkedLoadSurvivesShortReadsAndEINTR() throws {
        let dir = try TemporaryDirectory()
        var text = "a,b,c\n"
        var row = 0
        while text.utf8.count < ChunkedLoad.defaultMinimumBytes + 1000 {
            text += "\(row),\(row % 97).25,\(row % 13)\n"
            row += 1
        }
        let path = try dir.write("big.csv", text)
        let plain = try InputFile.loadDataset(path, source: path, options: LoadOptions(), budget: nil)
        let counter = CallCounter()
        let stuttered = try InputFile.loadDataset(path, source: path, options: LoadOptions(), budget: nil,
                                                  calls: .stuttering(limit: 4093, interruptEvery: 5, counter: counter))
        XCTAssertEqual(stuttered.count, row)
        XCTAssertEqual(stuttered.count, plain.count)
        XCTAssertEqual(stuttered.featureNames, ["a", "b", "c"])
        XCTAssertEqual(stuttered.row(row - 1).map { $0 }, plain.row(row - 1).map { $0 })
        XCTAssertEqual(stuttered.row(row / 2).map { $0 }, [Double(row / 2), Double((row / 2) % 97) + 0.25, Double((row / 2) % 13)])
        // ChunkedLoad reads the file twice (a scan, then the parse): over 2 × 8 MB / 4,093 reads.
        XCTAssertGreaterThan(counter.value, 4000, "the chunked reads went through the seam")
    }

    /// The put-back magic bytes come first, then the rest, whatever the buffer sizes.
    func testPrefixedSourceGivesThePrefixThenTheRest() throws {
        let source = PrefixedSource(prefix: [1, 2, 3], rest: TricklingSource([4, 5, 6, 7], limit: 2))
        XCTAssertEqual(try drain(source, size: 2), [1, 2, 3, 4, 5, 6, 7])
    }
}
