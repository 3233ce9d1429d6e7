import ClusterViewUI
import XCTest
@testable import TerminalBackend

/// SGR (1006) mouse reports: the body decoding and the character-by-character parser.
final class MouseReportParserTests: XCTestCase {
    /// Feeds `text` (the characters after the Esc) and returns every step.
    private func steps(_ text: String) -> [SGRMouseReportParser.Step] {
        var parser = SGRMouseReportParser()
        return text.unicodeScalars.map { parser.feed($0.value) }
    }

    func testPressAndWheelBeyondColumnAndRow223() {
        // Positions are decimal, so cells beyond the X10 encoding's 223 arrive exactly (0-based).
        XCTAssertEqual(SGRMouseReport(body: "0;300;250M"), .event(.mouse(.click(column: 299, row: 249))))
        XCTAssertEqual(SGRMouseReport(body: "64;1000;500M"), .event(.mouse(.wheelUp(column: 999, row: 499))))
        XCTAssertEqual(SGRMouseReport(body: "65;224;224M"), .event(.mouse(.wheelDown(column: 223, row: 223))))
        XCTAssertEqual(SGRMouseReport(body: "0;99999;88888M"), .event(.mouse(.click(column: 99998, row: 88887))))
        // The first cell is (1, 1) in the report and (0, 0) in the event.
        XCTAssertEqual(SGRMouseReport(body: "0;1;1M"), .event(.mouse(.click(column: 0, row: 0))))
    }

    func testReleaseDragAndOtherButtonsAreReadButIgnored() {
        // A release (final m), a drag (motion bit 32) and the middle and right buttons are reports
        // the explorer does not use: read and dropped, never turned into keys or clicks.
        XCTAssertEqual(SGRMouseReport(body: "0;300;250m"), .ignored)
        XCTAssertEqual(SGRMouseReport(body: "32;300;250M"), .ignored)
        XCTAssertEqual(SGRMouseReport(body: "35;10;10M"), .ignored)
        XCTAssertEqual(SGRMouseReport(body: "1;10;10M"), .ignored)
        XCTAssertEqual(SGRMouseReport(body: "2;10;10M"), .ignored)
        XCTAssertEqual(SGRMouseReport(body: "64;10;10m"), .ignored)
    }

    func testModifiersDoNotChangeTheButton() {
        // Shift (4), Meta (8) and Ctrl (16), alone or together, leave a press a press and a wheel
        // step a wheel step; with motion (32) it is still a drag.
        for modifiers in [4, 8, 16, 4 | 8, 4 | 16, 8 | 16, 4 | 8 | 16] {
            XCTAssertEqual(SGRMouseReport(body: "\(modifiers);400;3M"), .event(.mouse(.click(column: 399, row: 2))), "\(modifiers)")
            XCTAssertEqual(SGRMouseReport(body: "\(64 | modifiers);5;300M"), .event(.mouse(.wheelUp(column: 4, row: 299))), "\(modifiers)")
            XCTAssertEqual(SGRMouseReport(body: "\(65 | modifiers);5;300M"), .event(.mouse(.wheelDown(column: 4, row: 299))), "\(modifiers)")
            XCTAssertEqual(SGRMouseReport(body: "\(32 | modifiers);5;5M"), .ignored, "\(modifiers)")
        }
    }

    func testMalformedBodiesAreNoReport() {
        // Anything but three decimal numbers, positions from 1, and a final M or m is no report.
        for body in ["", "M", "0;5M", "0;5;5;5M", "0;;5M", ";5;5M", "a;5;5M", "0;5;5", "0;5;5X",
                     "0;0;5M", "0;5;0M", "0;-1;5M", "0;5; 5M", "0;5;5MM"] {
            XCTAssertNil(SGRMouseReport(body: body), body)
        }
    }

    func testWholeReportNeedsMoreUntilItsFinal() {
        // Every character before the final asks for more; the final gives the report.
        let result = steps("[<0;300;250M")
        XCTAssertEqual(Array(result.dropLast()), Array(repeating: .needMore, count: 11))
        XCTAssertEqual(result.last, .report(.event(.mouse(.click(column: 299, row: 249)))))
    }

    func testOtherEscapeSequencesAreRecognisedAtOnce() {
        // Esc followed by anything but "[<" is not a report, known from the first character
        // that differs, and the characters fed are kept for giving back.
        var parser = SGRMouseReportParser()
        XCTAssertEqual(parser.feed(UInt32(UInt8(ascii: "x"))), .notAReport)
        XCTAssertEqual(parser.consumed, [UInt32(UInt8(ascii: "x"))])
        XCTAssertEqual(steps("[A"), [.needMore, .notAReport])
        XCTAssertEqual(steps("O"), [.notAReport])
    }

    func testTruncatedOrMalformedReportsAreGivenBack() {
        // A malformed report ends as no report at its final, never as a click.
        XCTAssertEqual(steps("[<0;5M").last, .notAReport)
        XCTAssertEqual(steps("[<0;0;5M").last, .notAReport)
        // A report that stops early (its end not arrived) only ever asks for more.
        XCTAssertTrue(steps("[<0;300;25").allSatisfy { $0 == .needMore })
    }

    func testOverlongReportIsNoReport() {
        // The parser gives up at 24 characters without a final, so typed digits after "Esc [<"
        // are not held back forever.
        let result = steps("[<" + String(repeating: "1", count: 30))
        XCTAssertEqual(result.count, 32)
        XCTAssertEqual(Array(result.prefix(23)), Array(repeating: .needMore, count: 23))
        XCTAssertEqual(result[23], .notAReport)
        // A final at exactly 24 characters is still read.
        let longest = "[<0;" + String(repeating: "9", count: 9) + ";" + String(repeating: "8", count: 9) + "M"
        XCTAssertEqual(longest.count, SGRMouseReportParser.maximumLength)
        XCTAssertEqual(steps(longest).last, .report(.event(.mouse(.click(column: 999_999_998, row: 888_888_887)))))
    }

    func testNonASCIICharactersEndTheReport() {
        // A report is ASCII only. A wide character whose low byte is a digit or a final
        // (U+0131 ends in 0x31 "1", U+014D in 0x4D "M") is typed text, not part of a report.
        XCTAssertEqual(steps("[<0;1\u{131};5M")[5], .notAReport)
        // Once no report, always no report: the final after it completes nothing.
        XCTAssertTrue(steps("[<0;1\u{131};5M").dropFirst(5).allSatisfy { $0 == .notAReport })
        XCTAssertEqual(steps("[<0;12;5\u{14D}").last, .notAReport)
        XCTAssertEqual(steps("\u{15B}<0;1;1M").first, .notAReport)
    }
}
