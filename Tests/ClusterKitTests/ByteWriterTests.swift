import XCTest
@testable import ClusterKit

/// `ByteBuffer.appendRow` (one reservation, then a `ByteWriter`) writes the same bytes as the
/// per-call `append`s, and integers are written as `String(v)` writes them.
final class ByteWriterTests: XCTestCase {
    func testIntegersMatchStringInit() {
        var random = SplitMix64(seed: 3)
        var values = [0, 1, -1, 9, 10, 99, 100, 12345, -98765, Int.max, Int.min, Int.max - 1, Int.min + 1]
        for p in 0...18 {
            let t = Int(pow(10, Double(p)).rounded())
            values += [t - 1, t, t + 1, -t, 1 - t]
        }
        for _ in 0..<20_000 { values.append(Int(bitPattern: UInt(random.next() >> (random.next() % 64)))) }
        var direct = ByteBuffer(capacity: 16), rows = ByteBuffer(capacity: 16)
        for v in values {
            direct.removeAll()
            direct.append(v)
            XCTAssertEqual(direct.text, String(v))
            rows.appendRow(reserving: DecimalInteger.scratchLength + 1) { $0.append(v); $0.append(byte: 10) }
        }
        XCTAssertEqual(rows.text, values.map { "\($0)\n" }.joined())
    }

    func testRowsMatchPerCallAppends() {
        var random = SplitMix64(seed: 4)
        var perCall = ByteBuffer(capacity: 8), perRow = ByteBuffer(capacity: 8)  // both must grow
        let separator = Array(",|".utf8)
        for row in 0..<5_000 {
            let values = (0..<Int(random.next() % 12)).map { _ in Double(bitPattern: random.next() >> (random.next() % 12)) }
            perCall.append(row)
            for v in values { perCall.append(byte: 44); perCall.append(v) }
            perCall.append(",|")
            perCall.append(byte: 10)
            perRow.appendRow(reserving: 32 + values.count * 33 + 3) { w in
                w.append(row)
                for v in values { w.append(byte: 44); w.append(v) }
                separator.withUnsafeBytes { w.append(bytes: $0) }
                w.append(byte: 10)
            }
        }
        XCTAssertEqual(perRow.count, perCall.count)
        XCTAssertEqual(perRow.text, perCall.text)
    }
}
