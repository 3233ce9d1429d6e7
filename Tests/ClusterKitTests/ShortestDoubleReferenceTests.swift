import XCTest
@testable import ClusterKit

/// `ShortestDouble` (Schubfach) must write exactly the bytes of the formatter it replaced
/// (`GrisuShortestDouble`, Grisu3 with `description` as its fallback, kept in the test target),
/// and what it writes must read back as the very same double.
final class ShortestDoubleReferenceTests: XCTestCase {
    /// Compares new against old bytes and checks the read-back; returns the first failures.
    final class Comparison {
        var checked = 0
        var failures: [String] = []
        private var new = [UInt8](repeating: 0, count: 64), old = [UInt8](repeating: 0, count: 64)

        func check(_ v: Double) {
            checked += 1
            let n = new.withUnsafeMutableBufferPointer { ShortestDouble.write(v, to: $0.baseAddress!) }
            let o = old.withUnsafeMutableBufferPointer { GrisuShortestDouble.write(v, to: $0.baseAddress!) }
            let text = String(decoding: new[0..<n], as: UTF8.self)
            var problem: String?
            if n > ShortestDouble.maxLength {
                problem = "longer than maxLength"
            } else if !new[0..<n].elementsEqual(old[0..<o]) {
                problem = "old formatter wrote \(String(decoding: old[0..<o], as: UTF8.self))"
            } else if v.isFinite, Double(text)?.bitPattern != v.bitPattern {
                problem = "reads back as \(Double(text).map { String($0.bitPattern) } ?? "nothing")"
            }
            if let problem, failures.count < 10 { failures.append("bits \(v.bitPattern): \(text): \(problem)") }
            else if problem != nil { failures.append("…") }
        }

        func assertClean(file: StaticString = #filePath, line: UInt = #line) {
            XCTAssert(failures.isEmpty, "\(failures.count) of \(checked) differ:\n" + failures.prefix(10).joined(separator: "\n"),
                      file: file, line: line)
        }
    }

    // Over a million random bit patterns (every exponent, and each sign), plus random subnormals,
    // integers up to 2^53, 15–17 significant digits at every scale, and the value kinds of exports.
    func testRandomValuesMatchPreviousFormatterAndReadBack() {
        var random = SplitMix64(seed: 2026)
        let compare = Comparison()
        for _ in 0..<160_000 {
            compare.check(Double(bitPattern: random.next()))                              // any bits (nan/inf too)
            compare.check(Double(bitPattern: random.next() >> 12))                        // subnormals and tiny normals
            compare.check(Double(bitPattern: random.next() >> (random.next() % 64)))      // exponents, low-biased
            compare.check(Double(random.next() >> (11 + random.next() % 53)))              // integers ≤ 2^53
            compare.check(random.unit())                                                   // probabilities
            compare.check((random.unit() * 64).squareRoot())                               // distances
            let digits = 15 + Int(random.next() % 3)                                       // 15–17 digits
            let significand = Double(random.next() % 100_000_000_000_000_000)
            compare.check(-significand * pow(10, Double(Int(random.next() % 600) - 300 - digits)))
        }
        XCTAssertGreaterThanOrEqual(compare.checked, 1_000_000)
        compare.assertClean()
    }

    // Powers of two and ten with their neighbours (the asymmetric interval at a power of two,
    // the layout switches at 1e-4 and 2^53), the smallest subnormals, and special values.
    func testEdgeValuesMatchPreviousFormatterAndReadBack() {
        let compare = Comparison()
        for e in -1074...1023 {
            let v = Double(sign: .plus, exponent: e, significand: 1)
            for x in [v, v.nextUp, v.nextDown, v.nextUp.nextUp, v.nextDown.nextDown] { compare.check(x); compare.check(-x) }
        }
        for p in -325...309 {
            guard let v = Double("1e\(p)") else { continue }
            for x in [v, v.nextUp, v.nextDown, 5 * v, 2.5 * v] { compare.check(x); compare.check(-x) }
        }
        for c in UInt64(1)...20_000 { compare.check(Double(bitPattern: c)) }
        for i in 0...100_000 {
            compare.check(Double(i)); compare.check(Double(i) + 0.5); compare.check(Double(i) / 1000)
        }
        var n: UInt64 = 1
        while n <= 1 << 54 {
            for x in [n - 1, n, n + 1] { compare.check(Double(x)) }
            n = n &* 3
        }
        for v in [0.0, -0.0, 1, -1, 0.1, 0.2, 0.3, 1 - 1e-10, 0.9999999999, 1.2e-37, 3.5895112292690867, 5,
                  9007199254740992, 9007199254740994, 9007199254740996, 4503599627370496, 4503599627370497,
                  1e-4, 0.00009999999999999999, 1e-5, 123456.78901234, 1234567.8901234, 12345678.901234,
                  123456789.01234, 1e22, 1e23, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
                  .infinity, -.infinity, .nan, -.nan, .signalingNaN] {
            compare.check(v); compare.check(-v)
        }
        compare.assertClean()
    }

    // The eight-digits-per-word conversion and its trailing-zero count, on their own.
    func testEightDigitWords() {
        var random = SplitMix64(seed: 8)
        for _ in 0..<20_000 {
            let x = UInt32(random.next() % 100_000_000) / [1, 10, 1000, 100_000][Int(random.next() % 4)]
            let word = ShortestDouble.eightDigits(x)
            let text = String(decoding: withUnsafeBytes(of: word.littleEndian) { Array($0) }, as: UTF8.self)
            let expected = String(repeating: "0", count: 8 - String(x).count) + String(x)
            XCTAssertEqual(text, expected)
            let zeros = x == 0 ? 8 : expected.reversed().prefix { $0 == "0" }.count
            XCTAssertEqual(ShortestDouble.trailingZeroDigits(word), zeros, "\(x)")
        }
    }
}
