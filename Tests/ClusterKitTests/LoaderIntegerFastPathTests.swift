import XCTest
@testable import ClusterKit

/// The loader's fast path for short unsigned integers (`CSVCursor.nextNumber`: up to 15 digits
/// and a field end) and its run of number fields (`RecordReader.readNumbers`) change nothing but
/// speed: every value is bit for bit what the general parser gives, every field that is not such
/// an integer is read as before (a sign, `.`, an exponent, more digits, a space or a letter after
/// the digits), and line numbers, record ends and column kinds are unchanged.
final class LoaderIntegerFastPathTests: XCTestCase {
    // MARK: - The cursor against the general path it short-cuts

    /// Property: from any position, `nextNumber` returns what `referenceNextNumber` (the general
    /// path alone, as `nextNumber` was before the fast path) returns, bit for bit, and leaves the
    /// cursor in the same state (position, line, record end); on random fields made of digits
    /// (leading zeros, 1–20 of them), signs, points, exponents, spaces, letters and every field end
    /// (`,`, `\n`, `\r\n`, a lone `\r`, the end of the buffer), over every prefix of each buffer so
    /// that a number is also cut at the buffer's end after any of its bytes.
    func testNextNumberMatchesTheGeneralPathEverywhere() {
        var rng = SplitMix64(seed: 2024)
        var compared = 0, fastTaken = 0
        for round in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 6) + 1 {
                bytes += Array(Self.randomField(&rng).utf8)
                bytes += Array(["," , ",", "\n", "\r\n", "\r", ";"][Int(rng.next() % 6)].utf8)
            }
            if rng.next() % 2 == 0 { bytes.removeLast() }
            if bytes.isEmpty { continue }
            for cut in 1...bytes.count {
                let prefix = Array(bytes[0..<cut])
                prefix.withUnsafeBufferPointer { buf in
                    var cursor = CSVCursor(buf, delimiter: UInt8(ascii: ","))
                    while !cursor.atEnd {
                        var fast = cursor, general = cursor
                        let a = fast.nextNumber(), b = general.referenceNextNumber()
                        compared += 1
                        let text = String(decoding: prefix, as: UTF8.self)
                        XCTAssertEqual(a?.bitPattern, b?.bitPattern, "round \(round), \(text.debugDescription) at \(cursor.pos)")
                        XCTAssertEqual(fast.pos, general.pos, "round \(round), \(text.debugDescription) at \(cursor.pos)")
                        XCTAssertEqual(fast.line, general.line, "round \(round), \(text.debugDescription) at \(cursor.pos)")
                        XCTAssertEqual(fast.recordEnded, general.recordEnded, "round \(round), \(text.debugDescription)")
                        if a != nil {
                            if Self.isShortInteger(buf, from: cursor.pos) { fastTaken += 1 }
                            cursor = fast
                        } else {
                            _ = cursor.nextField()
                        }
                    }
                }
            }
        }
        // Both paths were exercised many times.
        XCTAssertGreaterThan(fastTaken, 10_000)
        XCTAssertGreaterThan(compared, 3 * fastTaken / 2)
    }

    /// Property: for random unsigned integer strings of 1 to 20 digits (with and without leading
    /// zeros), `nextNumber` gives `Double(String)`'s value bit for bit and ends the field.
    func testRandomIntegersMatchDoubleParsing() {
        var rng = SplitMix64(seed: 77)
        for _ in 0..<50_000 {
            let length = Int(rng.next() % 20) + 1
            var text = String((0..<length).map { _ in Character(String(rng.next() % 10)) })
            if rng.next() % 8 == 0 { text = "0" + text }
            let end = ["", ",", "\n", "\r\n", "\r"][Int(rng.next() % 5)]
            let bytes = Array((text + end).utf8)
            let (value, pos, recordEnded) = bytes.withUnsafeBufferPointer { buf in
                var cursor = CSVCursor(buf, delimiter: UInt8(ascii: ","))
                let v = cursor.nextNumber()
                return (v, cursor.pos, cursor.recordEnded)
            }
            XCTAssertEqual(value?.bitPattern, Double(text)!.bitPattern, text)
            XCTAssertEqual(pos, bytes.count, text + end.debugDescription)
            XCTAssertEqual(recordEnded, end != ",", text + end.debugDescription)
        }
    }

    /// The cases that must not take the fast path, each with the value (or refusal) it had.
    func testFieldsBesideTheFastPath() {
        func next(_ text: String) -> (value: Double?, pos: Int) {
            Array(text.utf8).withUnsafeBufferPointer { buf in
                var cursor = CSVCursor(buf, delimiter: UInt8(ascii: ","))
                let v = cursor.nextNumber()
                return (v, cursor.pos)
            }
        }
        XCTAssertEqual(next("0,").value?.bitPattern, (0.0).bitPattern)
        XCTAssertEqual(next("-0,").value?.bitPattern, (-0.0).bitPattern)  // the sign survives
        XCTAssertEqual(next("007,").value, 7)
        XCTAssertEqual(next("+5,").value, 5)
        XCTAssertEqual(next("1e3,").value, 1000)
        XCTAssertEqual(next("1E3\n").value, 1000)
        XCTAssertEqual(next("1.,").value, 1)
        XCTAssertEqual(next(".5,").value, 0.5)
        XCTAssertEqual(next("12.25\r\n").value, 12.25)
        XCTAssertEqual(next("999999999999999,").value, 999_999_999_999_999)  // 15 digits: fast
        XCTAssertEqual(next("9007199254740993,").value, 9_007_199_254_740_992)  // 16: general, rounds to even
        XCTAssertEqual(next("12345678901234567890123").value, 12345678901234567890123.0)
        for text in ["12 ,", "12x,", "1\r2,", "12\r3\n", "1-2,", "1e,", "1e+,", "12;3,", ",", "\n", " 1,"] {
            let (value, pos) = next(text)
            XCTAssertNil(value, text.debugDescription)
            XCTAssertEqual(pos, 0, "a refused field is left unread: \(text.debugDescription)")
        }
    }

    /// Line counting at field ends: `\n`, `\r\n`, a `\r` at the buffer's end (no line after it) and
    /// the buffer's end itself.
    func testLineCountingAtFieldEnds() {
        func state(_ text: String) -> (pos: Int, line: Int, recordEnded: Bool) {
            Array(text.utf8).withUnsafeBufferPointer { buf in
                var cursor = CSVCursor(buf, delimiter: UInt8(ascii: ","), line: 5)
                XCTAssertNotNil(cursor.nextNumber(), text.debugDescription)
                return (cursor.pos, cursor.line, cursor.recordEnded)
            }
        }
        XCTAssertTrue(state("42,7") == (3, 5, false))
        XCTAssertTrue(state("42\n7") == (3, 6, true))
        XCTAssertTrue(state("42\r\n7") == (4, 6, true))
        XCTAssertTrue(state("42\r") == (3, 5, true))
        XCTAssertTrue(state("42") == (2, 5, true))
    }

    // MARK: - Whole loads

    func testIntegerColumnsLoadExactly() throws {
        var rng = SplitMix64(seed: 5)
        var expected: [Double] = []
        var text = "a,b,c,d\n"
        for r in 0..<2_000 {
            var fields: [String] = []
            for _ in 0..<4 {
                let length = Int(rng.next() % 20) + 1
                var field = String((0..<length).map { _ in Character(String(rng.next() % 10)) })
                if rng.next() % 10 == 0 { field = "00" + field }
                fields.append(field)
                expected.append(Double(field)!)
            }
            text += fields.joined(separator: ",") + (r % 3 == 0 ? "\r\n" : "\n")
        }
        for body in [text, String(text.dropLast()), String(text.dropLast()) + "\r"] {
            let ds = try LoaderTest.load(body)
            XCTAssertEqual(ds.values.map(\.bitPattern), expected.map(\.bitPattern))
            XCTAssertEqual(ds.lineNumbers, Array(2...2_001))
        }
    }

    func testSpecialFieldsKeepTheirValues() throws {
        let ds = try LoaderTest.load("a,b,c,d,e,f,g\n0,-0,007,+5,1e3,1.,.5\n255,0,0,0,0,0,0")
        XCTAssertEqual(ds.values.map(\.bitPattern), [0, -0.0, 7, 5, 1000, 1, 0.5, 255, 0, 0, 0, 0, 0, 0].map(\.bitPattern))
    }

    /// The last field of the file, with and without a final line break (`\n`, `\r\n`, a lone `\r`).
    func testLastFieldOfTheFile() throws {
        for end in ["", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n"] {
            let ds = try LoaderTest.load("a,b\n1,2\n3,45" + end)
            XCTAssertEqual(ds.values, [1, 2, 3, 45], end.debugDescription)
            XCTAssertEqual(ds.lineNumbers, [2, 3], end.debugDescription)
        }
    }

    /// A space after the digits is trimmed by the general path (a number); a letter makes text.
    func testIntegersFollowedBySpaceOrLetter() throws {
        let spaced = try LoaderTest.load("a,b\n1,2 \n3 ,4\n")
        XCTAssertEqual(spaced.values, [1, 2, 3, 4])
        // Mostly numbers and one "4x": a numeric column with a bad cell, named with its line.
        XCTAssertEqual(LoaderTest.error("a,b\n1,2\n3,4x\n5,6\n")?.description,
                       "t.csv:3:2: \"4x\" is not a number in numeric column 'b' (2 of 3 values are numbers); "
                       + "use --columns to choose features or --label b to make it the label")
    }

    /// A lone `\r` inside a line is part of a field, not a field end, so "1\r2" is one text cell.
    func testLoneCarriageReturnInsideALine() throws {
        XCTAssertEqual(LoaderTest.error("a,b\n1,2\n3,4\r5\n6,7\n8,9\n")?.description,
                       "t.csv:3:2: \"4\\r5\" is not a number in numeric column 'b' (3 of 4 values are numbers); "
                       + "use --columns to choose features or --label b to make it the label")
    }

    /// A column of integers with text in a minority of rows is mixed (an error as a feature); one
    /// with text in most rows is text (the label), however many integers it holds.
    func testColumnKindsFromIntegersAndText() throws {
        let ds = try LoaderTest.load("x,y,tag\n1,10,7\n2,20,a\n3,30,b\n4,40,c\n")
        XCTAssertEqual(ds.featureNames, ["x", "y"])
        XCTAssertEqual(ds.labelName, "tag")
        XCTAssertEqual(ds.labelNames, ["7", "a", "b", "c"])
        XCTAssertEqual(ds.values, [1, 10, 2, 20, 3, 30, 4, 40])
        XCTAssertEqual(LoaderTest.error("x,y\n1,10\n2,20\n3,n/a0\n4,40\n")?.description,
                       "t.csv:4:2: \"n/a0\" is not a number in numeric column 'y' (3 of 4 values are numbers); "
                       + "use --columns to choose features or --label y to make it the label")
    }

    /// Columns that are only counted (not chosen) and a numeric label between number fields:
    /// the run of numbers stops at each and resumes after it.
    func testRunsStopAtColumnsOfOtherActions() throws {
        let text = "a,b,c,d,e\n1,2,3,4,5\n6,7,8,9,10\n11,12,13,14,15\n"
        let picked = try LoaderTest.load(text, LoadOptions(columns: ["b", "d"]))
        XCTAssertEqual(picked.values, [2, 4, 7, 9, 12, 14])
        let labelled = try LoaderTest.load(text, LoadOptions(columns: ["a", "b", "d", "e"], label: "c"))
        XCTAssertEqual(labelled.values, [1, 2, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15])
        XCTAssertEqual(labelled.labelNames, ["3", "8", "13"])
    }

    /// Too many or too few fields in a record of integers: the same error, with its line.
    func testRaggedIntegerRecords() {
        XCTAssertEqual(LoaderTest.error("a,b\n1,2\n3,4,5\n6,7\n")?.description, "t.csv:3: line 3 has 3 fields, expected 2")
        XCTAssertEqual(LoaderTest.error("a,b,c\n1,2,3\n4,5\n6,7,8\n")?.description, "t.csv:3: line 3 has 2 fields, expected 3")
        XCTAssertEqual(LoaderTest.error("a,b\n1,2\n3,4,\n")?.description, "t.csv:3: line 3 has 3 fields, expected 2")
        XCTAssertEqual(LoaderTest.error("a,b\n1,2\r\n3,4\r\n5\r\n")?.description, "t.csv:4: line 4 has 1 fields, expected 2")
    }

    /// Wide integer data through the chunked and parallel loads: the same as the whole-buffer load.
    func testWideIntegerFileLoadsTheSameInChunks() throws {
        var rng = SplitMix64(seed: 9)
        let columns = 300
        var text = (0..<columns).map { "px\($0)" }.joined(separator: ",") + "\n"
        for r in 0..<400 {
            text += (0..<columns).map { _ in rng.next() % 10 < 9 ? "0" : String(rng.next() % 256) }.joined(separator: ",")
            text += r % 7 == 0 ? "\r\n" : "\n"
        }
        let bytes = Array(text.utf8)
        let whole = try Dataset.load(csv: bytes, source: "t.csv", options: LoadOptions())
        XCTAssertEqual(whole.count, 400)
        for (chunk, cores) in [(4096, 2), (10_000, 3), (1 << 18, 2)] {
            let chunked = try ChunkedLoad.load(size: bytes.count, source: "t.csv", options: LoadOptions(),
                                               readAt: LoaderChunkedTests.reader(bytes), minimumBytes: 0, chunkBytes: chunk,
                                               cores: cores, minimumPartBytes: 1)
            XCTAssertEqual(chunked?.values.map(\.bitPattern), whole.values.map(\.bitPattern), "chunk \(chunk)")
            XCTAssertEqual(chunked?.lineNumbers, whole.lineNumbers, "chunk \(chunk)")
        }
    }

    /// Parts read in parallel are given room for exactly their line breaks (the last part one
    /// more), so none is moved afterwards; a short record, a long one or blank lines in any part,
    /// at any place, still give the whole-buffer load's dataset or error (never "the file changed").
    func testPartsWithExactRoomKeepEveryOutcome() {
        let rows = (0..<40).map { r in "\(r),\(r % 7),\(r * 3)" }
        var cases: [String] = []
        for r in stride(from: 0, to: 40, by: 3) {
            var short = rows, long = rows, blank = rows
            short[r] = "\(r),1"
            long[r] += ",9"
            blank.insert("", at: r)
            blank.insert("   ", at: r)
            cases += [short, long, blank].map { "a,b,c\n" + $0.joined(separator: "\n") + "\n" }
        }
        cases.append("a,b,c\n" + rows.joined(separator: "\n"))
        cases.append("a,b,c\n" + rows.joined(separator: "\n") + "\n\n\n")
        for text in cases {
            let bytes = Array(text.utf8)
            let whole = LoaderChunkedTests.outcome { try Dataset.load(csv: bytes, source: "t.csv", options: LoadOptions()) }
            for (chunk, cores) in [(64, 2), (100, 3), (4096, 4)] {
                let chunked = LoaderChunkedTests.outcome {
                    // Handed back would not test the parts: an outcome that differs from the whole load's.
                    try ChunkedLoad.load(size: bytes.count, source: "t.csv", options: LoadOptions(),
                                         readAt: LoaderChunkedTests.reader(bytes), minimumBytes: 0, chunkBytes: chunk,
                                         cores: cores, minimumPartBytes: 1) ?? { throw DataError(file: "t.csv", "handed back") }()
                }
                XCTAssertEqual(chunked, whole, "\(text.debugDescription), chunk \(chunk), \(cores) cores")
            }
        }
    }

    // MARK: - Helpers

    /// A random field: mostly unsigned integers of 1–20 digits (some with leading zeros), and
    /// every near miss of one.
    private static func randomField(_ rng: inout SplitMix64) -> String {
        func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(rng.next() % 10)) }) }
        let length = Int(rng.next() % 20) + 1
        switch rng.next() % 12 {
        case 0...4: return digits(Int(rng.next() % 3) + 1)
        case 5: return digits(length)
        case 6: return "0" + digits(length)
        case 7: return ["-", "+"][Int(rng.next() % 2)] + digits(length)
        case 8: return digits(length) + [".", "e", "E", "e-", "." + digits(2), "e" + digits(2)][Int(rng.next() % 6)]
        case 9: return digits(length) + [" ", "x", "\r", "-", "\t", "\""][Int(rng.next() % 6)] + digits(1)
        case 10: return ["", " 1", ".5", "-0", "0", "NA", "1e400", "abc", "\"7\""][Int(rng.next() % 9)]
        default: return String(repeating: "9", count: length)
        }
    }

    /// Whether the field at `pos` is 1–15 digits followed by a field end: the fast path's case.
    private static func isShortInteger(_ buf: UnsafeBufferPointer<UInt8>, from pos: Int) -> Bool {
        var i = pos
        while i < buf.count && buf[i] >= UInt8(ascii: "0") && buf[i] <= UInt8(ascii: "9") { i += 1 }
        let ends = i == buf.count || [UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(buf[i])
        return i > pos && i - pos <= 15 && ends
    }
}

extension CSVCursor {
    /// `nextNumber` as it was before its integer fast path: the general parser, then the same
    /// field-end rules. The reference the fast path is checked against.
    mutating func referenceNextNumber() -> Double? {
        let n = buf.count
        guard pos < n, let base = buf.baseAddress,
              let (value, length) = FastFloat.parsePrefix(base + pos, n - pos), value.isFinite else { return nil }
        let e = pos + length
        if e == n {
            pos = n
            recordEnded = true
            return value
        }
        let b = buf[e]
        if b == delimiter {
            pos = e + 1
            recordEnded = false
        } else if b == UInt8(ascii: "\n") {
            pos = e + 1
            line += 1
            recordEnded = true
        } else if b == UInt8(ascii: "\r") && (e + 1 == n || buf[e + 1] == UInt8(ascii: "\n")) {
            pos = min(e + 2, n)
            if e + 1 < n { line += 1 }
            recordEnded = true
        } else {
            return nil
        }
        return value
    }
}
