import XCTest
@testable import ClusterKit

/// The JSON tree behind saved models, read and written by Foundation's codec: numbers read back
/// bit for bit what `JSONEncoder` and `JSONText` wrote, and malformed documents are located by
/// line and column.
final class JSONValueTests: XCTestCase {
    // Shortest round-trip text → the same bits, for awkward doubles of every magnitude.
    func testNumbersRoundTripExactly() throws {
        var random = NumPyRandomState(seed: 11)
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 1e-300, .leastNonzeroMagnitude, 2.2250738585072014e-308, .greatestFiniteMagnitude,
                                 -.greatestFiniteMagnitude, 1.2345678901234568e17, 0.30000000000000004, 1e22, 1e23]
        for _ in 0..<5000 {
            let bits = UInt64(random.nextUInt32()) << 32 | UInt64(random.nextUInt32())
            let v = Double(bitPattern: bits)
            if v.isFinite { values.append(v) }
            values.append(random.nextDouble() * pow(10, Double(Int(random.nextUInt32() % 40)) - 20))
        }
        for text in [JSONText.array(values), JSONValue.array(values.map(JSONValue.number)).text()] {
            guard case .array(let items) = try JSONValue.parse(text) else { return XCTFail("not an array") }
            XCTAssertEqual(items.count, values.count)
            for (item, v) in zip(items, values) {
                guard case .number(let x) = item else { return XCTFail("not a number") }
                XCTAssertEqual(x.bitPattern, v.bitPattern, "\(v)")
            }
        }
        XCTAssertGreaterThan(values.count, 10_000)
    }

    func testStructuresStringsAndLiterals() throws {
        let v = try JSONValue.parse("\u{FEFF} {\"a\": [1, 2.5e-3, -0, true, false, null], \"b\": {\"c\": \"x\\\"\\\\\\/\\n\\u00e9\\ud83d\\ude00\"}} \n")
        XCTAssertEqual(v["a"], .array([.number(1), .number(0.0025), .number(-0.0), .bool(true), .bool(false), .null]))
        XCTAssertEqual(v["b"]?["c"], .string("x\"\\/\né😀"))
        XCTAssertEqual(try JSONValue.parse("[]"), .array([]))
        XCTAssertEqual(try JSONValue.parse("{}"), .object([]))
        XCTAssertEqual(JSONText.string("tab\there \u{1}"), "\"tab\\there \\u0001\"")
        XCTAssertEqual(try JSONValue.parse(JSONText.string("tab\there \u{1} \"q\"")), .string("tab\there \u{1} \"q\""))
    }

    func testErrorsSayWhere() {
        func assertError(_ text: String, line: Int, column: Int, _ message: String, file: StaticString = #filePath, l: UInt = #line) {
            XCTAssertThrowsError(try JSONValue.parse(text), file: file, line: l) { error in
                guard let e = error as? JSONSyntaxError else { return XCTFail("\(error)", file: file, line: l) }
                XCTAssertEqual([e.line, e.column], [line, column], "\(e)", file: file, line: l)
                XCTAssert(e.message.contains(message), "\(e)", file: file, line: l)
            }
        }
        assertError("", line: 1, column: 1, "end of file")
        assertError("{\"a\": 1,\n \"b\" 2}", line: 2, column: 6, "Invalid value")
        assertError("[1, 2", line: 1, column: 6, "end of file")
        assertError("[01]", line: 1, column: 3, "leading zero")
        assertError("[1.]", line: 1, column: 4, "Invalid value")
        assertError("[NaN]", line: 1, column: 2, "Invalid value")
        assertError("[1,\n 1e999]", line: 2, column: 2, "1e999 is out of range")
        assertError("[1] [2]", line: 1, column: 5, "Invalid value")
        assertError("\"abc", line: 1, column: 5, "end of file")
        // Deep nesting is refused by the codec, not by a stack overflow.
        assertError(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000), line: 1, column: 514, "nested")
    }
}
