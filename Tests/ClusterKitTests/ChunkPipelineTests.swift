import Foundation
import XCTest
@testable import ClusterKit

/// `ChunkPipeline`: chunks formatted on several threads reach `emit` whole and in order; an
/// error from `emit` stops the writing and comes back to the caller.
final class ChunkPipelineTests: XCTestCase {
    static let format: @Sendable (Range<Int>, inout ByteBuffer) -> Void = { rows, out in
        for i in rows {
            // Uneven work per row, so helpers finish out of order.
            if i % 13 == 0 { usleep(200) }
            out.append("row \(i),\(Double(i) / 7)\n")
        }
    }

    static func expected(_ rows: Int) -> String {
        var out = ByteBuffer()
        format(0..<rows, &out)
        return out.text
    }

    func testChunksArriveWholeAndInOrder() {
        for (rows, perChunk, helpers) in [(1_000, 7, 1), (1_000, 7, 3), (1_000, 1, 2), (5, 100, 2), (0, 10, 2), (64, 8, 0)] {
            var written = [UInt8](), emits = 0
            ChunkPipeline.write(rows: rows, rowsPerChunk: perChunk, helpers: helpers, format: Self.format) {
                written += $0
                emits += 1
            }
            XCTAssertEqual(String(decoding: written, as: UTF8.self), Self.expected(rows), "rows=\(rows) per=\(perChunk) helpers=\(helpers)")
            XCTAssertEqual(emits, (rows + perChunk - 1) / perChunk, "one emit per chunk")
        }
    }

    struct Full: Error {}

    func testEmitErrorStopsAndPropagates() {
        var emits = 0
        XCTAssertThrowsError(try ChunkPipeline.write(rows: 10_000, rowsPerChunk: 10, helpers: 2, format: Self.format) { _ in
            emits += 1
            if emits == 5 { throw Full() }
        }) { XCTAssert($0 is Full) }
        XCTAssertEqual(emits, 5, "nothing is written after the error")
    }
}
