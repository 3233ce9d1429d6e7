import ClusterIO
import ClusterKit
import Foundation
import XCTest

/// Gzip inputs: found by their magic number, inflated through any read size, several members
/// read as one, and a damaged file a clear one-line error, never a crash or silent garbage.
final class GzipTests: XCTestCase {
    func testOneByteAtATimeInflates() throws {
        let source = try GzipSource(TricklingSource(GzipSamples.first, limit: 1), path: "t.csv.gz")
        XCTAssertEqual(String(decoding: try drain(source, size: 1), as: UTF8.self), GzipSamples.firstText)
    }

    func testConcatenatedMembersReadAsOne() throws {
        let source = try GzipSource(TricklingSource(GzipSamples.first + GzipSamples.second, limit: 3), path: "t.csv.gz")
        XCTAssertEqual(String(decoding: try drain(source), as: UTF8.self), GzipSamples.firstText + GzipSamples.secondText)
    }

    /// The file's name does not matter: the magic number does, with one-byte reads from the descriptor.
    func testInputFileDetectsGzipByMagicNumber() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("data.txt", GzipSamples.first)
        XCTAssertEqual(String(decoding: try InputFile.read(path, budget: nil, calls: .stuttering(limit: 1)), as: UTF8.self),
                       GzipSamples.firstText)
        let dataset = try InputFile.loadDataset(path, source: "data.txt", options: LoadOptions(), budget: nil)
        XCTAssertEqual(dataset.featureNames, ["x", "y"])
        XCTAssertEqual(dataset.count, 2)
    }

    func testTruncatedGzipIsAClearError() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("cut.csv.gz", Array(GzipSamples.first.dropLast(6)))
        XCTAssertEqual(message { _ = try InputFile.read(path, budget: nil) }, "\(path): the gzip data ends too early (truncated file?)")
    }

    func testCorruptGzipIsAClearError() throws {
        let dir = try TemporaryDirectory()
        var bytes = GzipSamples.first
        bytes[bytes.count - 8] ^= 0xFF  // the CRC-32 of the data
        let path = try dir.write("bad.csv.gz", bytes)
        XCTAssertEqual(message { _ = try InputFile.read(path, budget: nil) }, "\(path): is not valid gzip data (incorrect data check)")
    }

    /// Only the two magic bytes, nothing after: truncated, not an empty file.
    func testMagicBytesAloneAreTruncated() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("stub.gz", [0x1F, 0x8B])
        XCTAssertEqual(message { _ = try InputFile.read(path, budget: nil) }, "\(path): the gzip data ends too early (truncated file?)")
    }
}

extension GzipTests {
    /// Standard input is named `<stdin>` in a gzip error, as in every other message about it.
    func testAGzipErrorOnStandardInputSaysStdin() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("cut.csv.gz", Array(GzipSamples.first.dropLast(6)))
        var calls = SystemCalls.live
        let live = SystemCalls.live
        let descriptor = live.open(path, O_RDONLY, 0)
        defer { _ = live.close(descriptor) }
        // "-" reads descriptor 0; the seam hands it the file instead.
        calls.read = { fd, buffer, count in live.read(fd == STDIN_FILENO ? descriptor : fd, buffer, count) }
        XCTAssertEqual(message { _ = try drain(try InputFile.open("-", calls: calls)) },
                       "<stdin>: the gzip data ends too early (truncated file?)")
    }
}
