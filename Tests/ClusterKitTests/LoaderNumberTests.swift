import XCTest
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
@testable import ClusterKit

/// Number parsing: every value must be the correctly rounded double, bit for bit.
final class LoaderNumberTests: XCTestCase {
    private func parse(_ s: String) -> Double? {
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBufferPointer { b in
            b.baseAddress.flatMap { FastFloat.parse($0, b.count) }
        }
    }

    private func strtodValue(_ s: String) -> Double {
        s.withCString { strtod($0, nil) }
    }

    func testRandomBitPatternsRoundTripThroughDescription() {
        var rng = SplitMix64(seed: 42)
        var checked = 0
        while checked < 20_000 {
            let d = Double(bitPattern: rng.next())
            guard d.isFinite else { continue }
            let text = "\(d)"
            XCTAssertEqual(parse(text)?.bitPattern, d.bitPattern, text)
            checked += 1
        }
    }

    func testRandomOrdinaryValuesRoundTrip() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let scale = [1e-3, 1, 1e3, 1e6, 1e15][Int(rng.next() % 5)]
            let d = Double.random(in: -1...1, using: &rng) * scale
            XCTAssertEqual(parse("\(d)")?.bitPattern, d.bitPattern, "\(d)")
        }
    }

    /// Long random decimal strings (beyond 19 digits, extreme exponents) must agree with strtod.
    func testLongDecimalsAgreeWithStrtod() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<5_000 {
            let digits = 1 + Int(rng.next() % 30)
            var s = rng.next() % 2 == 0 ? "-" : ""
            for k in 0..<digits {
                if k == Int(rng.next() % UInt64(digits)) && !s.contains(".") { s += "." }
                s += String(rng.next() % 10)
            }
            if s.hasSuffix(".") || s == "-" { s += "0" }
            if rng.next() % 2 == 0 { s += "e\(Int(rng.next() % 700) - 350)" }
            XCTAssertEqual(parse(s)?.bitPattern, strtodValue(s).bitPattern, s)
        }
    }

    /// The same property through the whole loader (its cursor has its own one-pass number path).
    func testLoadedValuesRoundTripBitForBit() throws {
        var rng = SplitMix64(seed: 3)
        var expected: [Double] = [0.1, -0.0, 1.2345678901234568e23, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        while expected.count < 30_000 {
            let d = Double(bitPattern: rng.next())
            if d.isFinite { expected.append(d) }
        }
        var text = "a,b,c\n"
        for r in 0..<(expected.count / 3) {
            text += "\(expected[3 * r]),\(expected[3 * r + 1]),\(expected[3 * r + 2])\(r % 2 == 0 ? "\n" : "\r\n")"
        }
        let ds = try LoaderTest.load(text)
        XCTAssertEqual(ds.values.map(\.bitPattern), expected.map(\.bitPattern))
        let written = try LoaderTest.load("x\n1e-320\n0.1\n-0\n123456789012345678901234\n")
        XCTAssertEqual(written.values.map(\.bitPattern),
                       [strtodValue("1e-320"), 0.1, -0.0, 123456789012345678901234.0].map(\.bitPattern))
    }

    func testSpecialValues() {
        XCTAssertEqual(parse("0.1"), 0.1)
        XCTAssertEqual(parse("1e-320")?.bitPattern, strtodValue("1e-320").bitPattern)
        XCTAssertEqual(parse("1e-320")?.isSubnormal, true)
        XCTAssertEqual(parse("-0")?.sign, .minus)
        XCTAssertEqual(parse("-0")?.isZero, true)
        XCTAssertEqual(parse("0")?.sign, .plus)
        XCTAssertEqual(parse("123456789012345678901234"), 123456789012345678901234.0)
        XCTAssertEqual(parse("9007199254740993"), 9007199254740992.0)  // 2^53 + 1 rounds to even
        XCTAssertEqual(parse("1e30"), 1e30)
        XCTAssertEqual(parse("1e23"), 1e23)  // classic fast-path trap: 1e23 is not 1e22 * 10
        XCTAssertEqual(parse("2.2250738585072011e-308")?.bitPattern, 0x000F_FFFF_FFFF_FFFF)  // hung old Java and PHP
        XCTAssertEqual(parse("1.7976931348623157e308"), .greatestFiniteMagnitude)
        XCTAssertEqual(parse("1e400"), .infinity)
        XCTAssertEqual(parse("-1e400"), -.infinity)
        XCTAssertEqual(parse("1e-400")?.isZero, true)
        XCTAssertEqual(parse("5."), 5)
        XCTAssertEqual(parse(".5"), 0.5)
        XCTAssertEqual(parse("+3E2"), 300)
        XCTAssertEqual(parse("0.000000000000000000000000000001"), 1e-30)
        XCTAssertEqual(parse("1e99999999999999999999"), .infinity)
    }

    func testRejectsNonNumbers() {
        for s in ["", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1,5", "0x10", "1_000", " 1", "1 ", "inf", "nan", "--1", "1e5.0", "abc"] {
            XCTAssertNil(parse(s), s)
        }
    }
}
