import XCTest
@testable import ClusterKit

/// `ShortestDouble` writes exactly the bytes of `"\(v)"`: its whole reason to exist is speed, so
/// any difference from Swift's own formatting is a bug.
final class ShortestDoubleTests: XCTestCase {
    func written(_ v: Double) -> String {
        var buffer = ByteBuffer(capacity: 64)
        buffer.append(v)
        return buffer.text
    }

    func assertSame(_ values: [Double], file: StaticString = #filePath, line: UInt = #line) {
        var mismatches: [String] = []
        for v in values where written(v) != v.description {
            if mismatches.count < 10 { mismatches.append("\(v.bitPattern): \(written(v)) vs \(v.description)") }
        }
        XCTAssert(mismatches.isEmpty, mismatches.joined(separator: "\n"), file: file, line: line)
    }

    // Layout boundaries (positional vs exponential at 1e-4 and 2^53), zeros, extremes, non-finite.
    func testEdgesMatchDescription() {
        var values: [Double] = [0, 1, 1e15, 1e16, 9007199254740992, 9007199254740994, 18014398509481984,
                                1e-4, 0.00009999999999999999, 1e-5, 0.1, 0.2, 0.3, 2.5, 123.456, 1e22, 1e23,
                                100, 1e100, 0.5, 2, 1024, .greatestFiniteMagnitude, .leastNonzeroMagnitude,
                                .leastNormalMagnitude, .nan, .infinity]
        values += values.map { -$0 }
        for e in -1074...1023 {
            let v = Double(sign: .plus, exponent: e, significand: 1)
            values += [v, v.nextUp, v.nextDown]
        }
        for p in -323...308 { if let v = Double("1e\(p)") { values += [v, v.nextUp, v.nextDown] } }
        assertSame(values)
    }

    // Seeded random doubles: every bit pattern (any exponent) and the [0, 1] / [−10, 10] values
    // that probabilities and distances are.
    func testRandomValuesMatchDescription() {
        var random = NumPyRandomState(seed: 7)
        var values: [Double] = []
        for _ in 0..<100_000 {
            let bits = UInt64(random.nextUInt32()) << 32 | UInt64(random.nextUInt32())
            let v = Double(bitPattern: bits)
            if v.isFinite { values.append(v) }
            values.append(random.nextDouble())
            values.append(random.nextDouble() * 20 - 10)
            values.append(Double(Float(random.nextDouble() * 100)))
            values.append((random.nextDouble() * 1000).rounded() / 100)
        }
        assertSame(values)
    }

    func testIntegersMatchStringInit() {
        for v in [0, 1, -1, 9, 10, 99, 100, 12345, -98765, Int.max, Int.min, Int(Int32.max)] {
            var buffer = ByteBuffer(capacity: 8)
            buffer.append(v)
            XCTAssertEqual(buffer.text, String(v))
        }
    }
}
