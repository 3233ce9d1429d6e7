import ClusterViewUI
import XCTest

final class TerminalSafeTests: XCTestCase {
    func testNarrowCharactersAreKept() {
        for character: Character in ["a", "ｶ", "~", "é", "ß", "Ж", "·", "°", "─", "│", "┼", "⠀", "⣿", "◉", "\u{E0B0}"] {
            XCTAssertEqual(character.terminalSafe, character, "\(character.unicodeScalars.first!.value)")
        }
    }

    func testWideAndZeroWidthCharactersAreReplaced() {
        let unsafe: [Character] = ["漢", "Ａ", "가", "😀", "🇫🇷", "👍🏽", "❤️", "\u{301}", "\u{200B}", "\u{200D}",
                                   "\t", "\n", "\u{7F}", "\u{9B}", "\u{AD}", "\u{3000}", "\u{1160}", "\u{E0001}"]
        for character in unsafe {
            XCTAssertEqual(character.terminalSafe, "?", "U+" + character.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: "+"))
        }
    }

    // A decomposed letter is composed into the single scalar a terminal draws in one column.
    func testCombiningSequencesComposeWhenTheyCan() {
        XCTAssertEqual(Character("e\u{301}").terminalSafe.unicodeScalars.count, 1)
        XCTAssertEqual(Character("e\u{301}").terminalSafe, "é")
        XCTAssertEqual(Character("q\u{301}").terminalSafe, "?", "no precomposed q-acute exists")
    }
}
