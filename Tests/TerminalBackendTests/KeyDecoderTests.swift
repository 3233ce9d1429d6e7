import CNcursesw
import ClusterViewUI
import XCTest
@testable import TerminalBackend

/// Curses' key codes and characters, mapped to keys.
final class KeyDecoderTests: XCTestCase {
    func testControlBytesBecomeNamedKeys() {
        // Tab, Enter (LF or CR), Esc, Backspace (BS or DEL), Space have names; the other
        // Ctrl-letters arrive as `.control` with the lowercase letter.
        let named: [(UInt32, Key)] = [(9, .tab), (10, .enter), (13, .enter), (27, .escape), (8, .backspace),
                                      (127, .backspace), (32, .space), (1, .control("a")), (3, .controlC),
                                      (26, .control("z")), (11, .control("k"))]
        for (code, key) in named { XCTAssertEqual(KeyDecoder.characterEvent(code), .key(key), "\(code)") }
    }

    func testOtherControlBytesAndNonScalarsAreNoKey() {
        // NUL, the four separators (28…31), surrogates and values beyond Unicode are no key.
        for code: UInt32 in [0, 28, 29, 30, 31, 0xD800, 0xDFFF, 0x110000, UInt32.max] {
            XCTAssertNil(KeyDecoder.characterEvent(code), "\(code)")
        }
    }

    func testPrintableCharactersArriveAsThemselves() {
        // ASCII, accented letters, wide and astral characters arrive as one `.character`.
        for text in ["n", "]", "?", "é", "ß", "漢", "🙂"] {
            XCTAssertEqual(KeyDecoder.characterEvent(text.unicodeScalars.first!.value), .key(.character(Character(text))))
        }
    }

    func testKeyCodes() {
        // Each curses key `Key` has maps to it; F1…F12 only; resize and mouse are told apart.
        let mapped: [(Int32, KeyDecoder.KeyCodeMeaning)] = [
            (KEY_UP, .key(.up)), (KEY_DOWN, .key(.down)), (KEY_LEFT, .key(.left)), (KEY_RIGHT, .key(.right)),
            (KEY_PPAGE, .key(.pageUp)), (KEY_NPAGE, .key(.pageDown)), (KEY_HOME, .key(.home)), (KEY_END, .key(.end)),
            (KEY_BTAB, .key(.backTab)), (KEY_BACKSPACE, .key(.backspace)), (KEY_ENTER, .key(.enter)),
            (KEY_RESIZE, .resize), (KEY_MOUSE, .mouse),
        ]
        for (code, meaning) in mapped { XCTAssertEqual(KeyDecoder.keyCode(code), meaning, "\(code)") }
        for number in 1...12 { XCTAssertEqual(KeyDecoder.keyCode(cv_key_f(Int32(number))), .key(.function(number))) }
        for code in [KEY_F0, cv_key_f(13), cv_key_f(63), KEY_IC, KEY_DC, KEY_SLEFT, 0, -1] {
            XCTAssertNil(KeyDecoder.keyCode(code), "\(code)")
        }
    }
}
