import CNcursesw
import ClusterViewUI
import XCTest
@testable import TerminalBackend

/// What curses reads, turned into input: SGR reports after an Esc, key codes, characters, and
/// how that depends on what has arrived when.
final class InputDecoderTests: XCTestCase {
    private let click = DecodedInput.event(.mouse(.click(column: 299, row: 249)))

    func testKeysGiveTheSameEventsInOneBurstOrOneReadAtATime() {
        // Keys, key codes curses decoded, and Esc followed by a non-"[" key decode the same
        // whether everything arrived in one read or each read on its own.
        let reads = characters("aé🙂\t") + [.keyCode(KEY_UP)] + characters("\u{1B}x") + [.keyCode(KEY_F0 + 5)]
            + characters("\u{1B}") + [.keyCode(KEY_DOWN)] + characters("\u{1B}[A\u{3}\r")
        let expected: [DecodedInput] = typed("aé🙂\t") + [.event(.key(.up))] + typed("\u{1B}x")
            + [.event(.key(.function(5))), .event(.key(.escape)), .event(.key(.down))] + typed("\u{1B}[A")
            + [.event(.key(.controlC)), .event(.key(.enter))]
        XCTAssertEqual(ScriptedInput.decode([reads]), expected)
        XCTAssertEqual(ScriptedInput.decode(reads.map { [$0] }), expected)
    }

    func testReportInOneBurstIsOneEventAndKeysAroundItStay() {
        // A whole report is one click; the keys before and after it arrive unchanged, and two
        // reports back to back are two events.
        let reads = characters("a\u{1B}[<0;300;250Mb\u{1B}[<64;1000;500M\u{1B}[<65;2;3Mc")
        XCTAssertEqual(ScriptedInput.decode([reads]),
                       typed("a") + [click] + typed("b")
                       + [.event(.mouse(.wheelUp(column: 999, row: 499))), .event(.mouse(.wheelDown(column: 1, row: 2)))]
                       + typed("c"))
    }

    func testIgnoredReportsVanishWhole() {
        // A press, drag and release: the press is a click, the drag and release are read and
        // dropped, with no stray key from their characters.
        let reads = characters("\u{1B}[<0;300;250M\u{1B}[<32;301;250M\u{1B}[<0;301;250mq")
        XCTAssertEqual(ScriptedInput.decode([reads]), [click] + typed("q"))
    }

    func testReportSplitAcrossReadsIsGivenBackAsTyped() {
        // A report whose end has not arrived when the decoder looks is never taken for a click
        // and loses nothing: at every split point, Esc and each character arrive as keys, in
        // order (the terminal writes a report at once, so this is a torn write, not a click).
        let report = Array("\u{1B}[<0;300;250M".unicodeScalars)
        for split in 1..<report.count {
            let first = characters(String(String.UnicodeScalarView(report[..<split])))
            let rest = characters(String(String.UnicodeScalarView(report[split...])))
            XCTAssertEqual(ScriptedInput.decode([first, rest]), typed("\u{1B}[<0;300;250M"), "split at \(split)")
        }
        // The same report whole, after a torn one, is still a click.
        XCTAssertEqual(ScriptedInput.decode([characters("\u{1B}[<0;3"), characters("\u{1B}[<0;300;250M")]),
                       typed("\u{1B}[<0;3") + [click])
    }

    func testMalformedReportsArriveAsTyped() {
        // Bytes that start like a report but are none come back as keys, in order.
        for text in ["\u{1B}[<0;5M", "\u{1B}[<0;0;5M", "\u{1B}[<a;1;1M", "\u{1B}[<" + String(repeating: "7", count: 30)] {
            XCTAssertEqual(ScriptedInput.decode([characters(text + "z")]), typed(text + "z"), text)
        }
    }

    func testKeyCodeInsideAReportComesAfterTheCharactersBeforeIt() {
        // Esc, "[", then a key curses decoded (↑): the partial report is given back and the
        // key follows it, so the order typed is kept.
        let reads = characters("\u{1B}[<1") + [.keyCode(KEY_UP)] + characters("k")
        XCTAssertEqual(ScriptedInput.decode([reads]), typed("\u{1B}[<1") + [.event(.key(.up))] + typed("k"))
    }

    func testNonASCIIInsideAReportIsTypedText() {
        // A wide character whose low byte looks like a digit or a final does not complete a
        // report: everything arrives as typed.
        for text in ["\u{1B}[<0;1\u{131};5M", "\u{1B}[<0;12;5\u{14D}"] {
            XCTAssertEqual(ScriptedInput.decode([characters(text)]), typed(text), text)
        }
    }

    func testInvalidCharactersAndUnknownKeysAreSkipped() {
        // Values that are no Unicode scalar (a lone surrogate, beyond U+10FFFF, as an invalid
        // UTF-8 sequence could leave), control bytes without a key, and key codes `Key` does not
        // have (Insert, F13) are skipped; what surrounds them is kept.
        let reads: [CursesRead] = [.character(0xD800)] + characters("a") + [.character(0x110000), .character(0),
                                   .character(0x1C), .character(0x1F), .keyCode(KEY_IC), .keyCode(KEY_F0 + 13)]
            + characters("b")
        XCTAssertEqual(ScriptedInput.decode([reads]), typed("ab"))
    }

    func testResizeAndCursesMouseAreLeftToTheTerminal() {
        // KEY_RESIZE and KEY_MOUSE carry their data in curses: the decoder says so and goes on.
        let reads: [CursesRead] = [.keyCode(KEY_RESIZE), .keyCode(KEY_MOUSE)] + characters("q")
        XCTAssertEqual(ScriptedInput.decode([reads]), [.resize, .cursesMouse] + typed("q"))
    }

    func testLoneEscAtTheEndIsEscape() {
        // An Esc with nothing after it yet is the Esc key (curses already waited its delay).
        XCTAssertEqual(ScriptedInput.decode([characters("\u{1B}")]), [.event(.key(.escape))])
        XCTAssertEqual(ScriptedInput.decode([characters("\u{1B}\u{1B}")]), [.event(.key(.escape)), .event(.key(.escape))])
    }
}
