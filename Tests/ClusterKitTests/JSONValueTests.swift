import XCTest
@testable import ClusterKit

/// The JSON reader behind saved models: numbers read back bit for bit what `JSONText` wrote, and
/// malformed documents are located by line and column.
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
        let text = JSONText.array(values)
        guard case .array(let items) = try JSONValue.parse(text) else { return XCTFail("not an array") }
        XCTAssertEqual(items.count, values.count)
        for (item, v) in zip(items, values) {
            guard case .number(let x) = item else { return XCTFail("not a number") }
            XCTAssertEqual(x.bitPattern, v.bitPattern, "\(v)")
        }
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
        assertError("", line: 1, column: 1, "unexpected end")
        assertError("{\"a\": 1,\n \"b\" 2}", line: 2, column: 6, "expected ':'")
        assertError("[1, 2", line: 1, column: 6, "unexpected end inside an array")
        assertError("[01]", line: 1, column: 2, "cannot start with 0")
        assertError("[1.]", line: 1, column: 4, "digits after '.'")
        assertError("[NaN]", line: 1, column: 2, "expected a value")
        assertError("{\"a\": 1, \"a\": 2}", line: 1, column: 10, "appears twice")
        assertError("[1] [2]", line: 1, column: 5, "after the document")
        assertError("\"abc", line: 1, column: 5, "unterminated string")
        assertError("\"\\ud800\"", line: 1, column: 8, "lone surrogate")
        assertError(String(repeating: "[", count: 600), line: 1, column: 513, "nested too deeply")
    }
}
