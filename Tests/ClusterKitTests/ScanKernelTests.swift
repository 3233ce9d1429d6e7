import CKernels
import XCTest
@testable import ClusterKit

/// The first-pass byte scan (`ck_scan_bytes`, AVX2 where the CPU has it) counts line breaks and
/// flags quotes and bytes ≥ 0x80 exactly as a plain byte loop does, wherever in its 32- and
/// 64-byte steps (and the tail after them) those bytes fall, and at any alignment.
final class ScanKernelTests: XCTestCase {
    /// The Swift reference: one byte at a time.
    static func reference(_ bytes: ArraySlice<UInt8>) -> (breaks: Int, quote: Bool, high: Bool) {
        var breaks = 0, quote = false, high = false
        for b in bytes {
            if b == UInt8(ascii: "\n") { breaks += 1 }
            if b == UInt8(ascii: "\"") { quote = true }
            if b >= 0x80 { high = true }
        }
        return (breaks, quote, high)
    }

    static func check(_ bytes: [UInt8], from start: Int, to end: Int, file: StaticString = #filePath, line: UInt = #line) {
        let expected = reference(bytes[start..<end])
        bytes.withUnsafeBufferPointer { buf in
            let p = buf.baseAddress! + start
            for (name, got) in [("dispatched", ck_scan_bytes(p, end - start)), ("plain", ck_scan_bytes_plain(p, end - start))] {
                XCTAssertEqual(Int(got.breaks), expected.breaks, "\(name) breaks, \(start)..<\(end)", file: file, line: line)
                XCTAssertEqual(got.sawQuote != 0, expected.quote, "\(name) quote, \(start)..<\(end)", file: file, line: line)
                XCTAssertEqual(got.sawHighByte != 0, expected.high, "\(name) high byte, \(start)..<\(end)", file: file, line: line)
            }
        }
    }

    func testRandomBuffersMatchAPlainLoop() {
        var rng = SplitMix64(seed: 20261127)
        // Mostly digits and commas, with newlines common and quotes and high bytes rare, so that
        // many buffers have none of them and some have exactly one.
        let alphabet: [UInt8] = Array("0123456789.,-".utf8) + [10, 10, 10]
        for trial in 0..<3000 {
            let count = Int(rng.next() % 400)
            var bytes = (0..<count + 8).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            if trial % 3 == 0, count > 0 { bytes[Int(rng.next() % UInt64(count))] = UInt8(ascii: "\"") }
            if trial % 5 == 0, count > 0 { bytes[Int(rng.next() % UInt64(count))] = UInt8(0x80 + rng.next() % 0x80) }
            // A special byte just outside the range must not count.
            bytes[count] = trial % 2 == 0 ? UInt8(ascii: "\"") : 0xFF
            let start = Int(rng.next() % 8)
            Self.check(bytes, from: min(start, count), to: count)
        }
    }

    /// One quote, one high byte or one newline at every position around the 32- and 64-byte steps.
    func testASingleSpecialByteAtEveryPosition() {
        for count in [31, 32, 33, 63, 64, 65, 127, 128, 129, 200] {
            for special: UInt8 in [10, 0x22, 0x80, 0xFF, 0xC3] {
                for position in 0..<count {
                    var bytes = [UInt8](repeating: UInt8(ascii: "7"), count: count)
                    bytes[position] = special
                    Self.check(bytes, from: 0, to: count)
                }
            }
        }
        Self.check([], from: 0, to: 0)
    }

    /// `ByteScan.scanPart` (which the chunked load's first pass uses) keeps its results: the
    /// validator still runs, and still finds the first invalid byte, whenever there is a high byte.
    func testByteScanPartMatchesTheReference() {
        var rng = SplitMix64(seed: 7)
        let pieces: [[UInt8]] = [Array("1.5,".utf8), Array("\n".utf8), Array("é".utf8), [0xFF], Array("\"a\"".utf8),
                                 Array("€".utf8), [0xE2, 0x82], Array("12345678901234567890123456789012".utf8)]
        for _ in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 40) { bytes += pieces[Int(rng.next() % UInt64(pieces.count))] }
            let expected = Self.reference(bytes[...])
            bytes.withUnsafeBufferPointer { buf in
                let got = ByteScan.scanPart(buf)
                XCTAssertEqual(got.breaks, expected.breaks)
                XCTAssertEqual(got.quote, expected.quote)
                XCTAssertEqual(got.invalid, UTF8Validator.firstInvalidOffset(buf))
            }
        }
    }
}
