import CNcursesw
import ClusterViewUI

/// What one thing curses read means, before the terminal is asked anything: pure mappings from
/// curses' key codes and characters to `InputEvent`s.
enum KeyDecoder {
    /// What a key code (`wget_wch` returned `KEY_CODE_YES`) stands for.
    enum KeyCodeMeaning: Equatable {
        case key(Key)
        /// `KEY_RESIZE`: the terminal has a new size, which curses knows.
        case resize
        /// `KEY_MOUSE`: a mouse report curses decoded, to be fetched with `getmouse`.
        case mouse
    }

    /// The meaning of a curses key code; nil for keys `Key` does not have (Insert, Delete, F13…).
    static func keyCode(_ code: Int32) -> KeyCodeMeaning? {
        switch code {
        case KEY_RESIZE: return .resize
        case KEY_MOUSE: return .mouse
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_ENTER: return .key(.enter)
        default:
            // KEY_F(n) is a macro (KEY_F0 + n), which Swift does not import.
            let number = code - KEY_F0
            return (1...12).contains(number) ? .key(.function(Int(number))) : nil
        }
    }

    /// The event for a character read as text (curses has already put UTF-8 together): control
    /// bytes become named keys; nil for other control bytes and for values that are no Unicode
    /// scalar.
    static func characterEvent(_ code: UInt32) -> InputEvent? {
        switch code {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 32: return .key(.space)
        case 1...26: return .key(.control(Character(Unicode.Scalar(UInt8(code) + 96))))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }
}
