import Foundation
import XCTest
@testable import ClusterKit

/// The one JSON writer (`ByteBuffer.appendJSON`): in the `.encoder` dialect it writes the bytes
/// `JSONEncoder` (sorted keys, slashes unescaped) wrote for saved models; in `.swift` the bytes
/// of `"\(v)"` and the reports' own escapes.
final class JSONWriterTests: XCTestCase {
    private func encoderText(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private func randomDouble(_ random: inout SplitMix64) -> Double {
        switch random.next() % 4 {
        case 0: return Double(Int(random.next() % 2001) - 1000)  // whole numbers: `1` not `1.0`
        case 1:
            let x = Double(bitPattern: random.next())
            return x.isFinite ? x : 0.5
        case 2: return Double(random.next() % 1_000_000) * 1e-9
        default:
            // Shifted bit patterns: subnormals, tiny and huge magnitudes (never NaN or infinite).
            let x = -Double(bitPattern: random.next() >> (random.next() % 12 + 1))
            return x.isFinite ? x : -1.5
        }
    }

    private func randomString(_ random: inout SplitMix64) -> String {
        let pieces = ["a", "Z", "_", "/", "\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{0}", "\u{1F}", "\u{7F}",
                      "é", "\u{2028}", "😀", " ", "10", "9"]
        return (0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    private func randomTree(_ random: inout SplitMix64, depth: Int) -> JSONValue {
        switch random.next() % (depth > 3 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(random.next() % 2 == 0)
        case 2: return .number(randomDouble(&random))
        case 3: return .string(randomString(&random))
        case 4: return .array((0..<Int(random.next() % 5)).map { _ in randomTree(&random, depth: depth + 1) })
        default:
            // Distinct keys in no particular order: the writer sorts them as the encoder does.
            var keys: [String] = []
            for _ in 0..<Int(random.next() % 5) {
                let key = randomString(&random)
                if !keys.contains(key) { keys.append(key) }
            }
            return .object(keys.map { (key: $0, value: randomTree(&random, depth: depth + 1)) })
        }
    }

    func testEncoderDialectIsJSONEncodersBytes() throws {
        var random = SplitMix64(seed: 18)
        for _ in 0..<3_000 {
            let tree = randomTree(&random, depth: 0)
            XCTAssertEqual(tree.text(), try encoderText(tree))
        }
        for x in [1.0, -0.0, 0.0, 100.0, 1e16, 1e22, 5e-324, 1e-05, 4503599627370496.0, .greatestFiniteMagnitude] {
            XCTAssertEqual(JSONValue.number(x).text(), try encoderText(.number(x)), "\(x)")
        }
    }

    func testSwiftDialectIsInterpolation() {
        var random = SplitMix64(seed: 19)
        for _ in 0..<20_000 {
            let x = randomDouble(&random)
            var out = ByteBuffer(capacity: 8)
            out.appendJSON(x)
            XCTAssertEqual(out.text, "\(x)")
        }
        var out = ByteBuffer(capacity: 8)
        out.appendJSON([Double.nan, .infinity, 1])
        XCTAssertEqual(out.text, "[null,null,1.0]")
        XCTAssertEqual(JSONText.string("\u{8}\u{C}\u{1F}/é"), "\"\\u0008\\u000c\\u001f/é\"")
    }

    /// `JSONDocument` lays an object out one key a line, as `JSONText.object(_:indent:)` does.
    func testDocumentLayoutMatchesIndentedObject() {
        var doc = JSONDocument()
        doc.field("a"); doc.out.append(1)
        doc.field("b\"c"); doc.out.appendJSON([1.5, 2])
        doc.finish()
        XCTAssertEqual(doc.out.text, JSONText.object([("a", "1"), ("b\"c", "[1.5,2.0]")], indent: true) + "\n")
    }
}

/// `ByteBuffer` is a value: a copy, or a buffer written on another thread, never sees another's
/// writes, and a buffer reused after `removeAll` writes from its start.
final class ByteBufferTests: XCTestCase {
    func testCopiesAreIndependent() {
        var a = ByteBuffer(capacity: 8)
        a.append("shared")
        var b = a
        b.append(byte: UInt8(ascii: "!"))
        a.append(42)
        XCTAssertEqual(a.text, "shared42")
        XCTAssertEqual(b.text, "shared!")
        var c = a
        c.removeAll()
        c.append("x")
        XCTAssertEqual(a.text, "shared42")
        XCTAssertEqual(c.text, "x")
    }

    func testRowsAcrossThreadsAndReuse() {
        let chunks = 64
        var buffers = (0..<chunks).map { _ in ByteBuffer(capacity: 16) }
        for round in 0..<3 {
            buffers.withUnsafeMutableBufferPointer { b in
                let base = b.baseAddress!
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    base[c].removeAll()
                    for i in 0..<200 { base[c].append(values: [Double(c), Double(i)]); base[c].append(byte: 10) }
                }
            }
            for (c, buffer) in buffers.enumerated() {
                XCTAssertEqual(buffer.text, (0..<200).map { ",\(Double(c)),\(Double($0))\n" }.joined(), "round \(round)")
            }
        }
        var row = ByteBuffer(capacity: 8)
        row.append(7); row.append(byte: UInt8(ascii: ","))
        row.appendCopy(from: 0, count: 2)
        row.appendEmpty(3)
        XCTAssertEqual(row.text, "7,7,,,,")
    }
}
