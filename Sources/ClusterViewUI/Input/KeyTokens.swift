/// The textual form of input events used by `--keys`: space-separated tokens such as
/// `"n n n Tab ] ] Click:10,4 q"`.
///
/// Tokens:
/// - a single printable, non-space character: that character (`n`, `]`, `?`);
/// - `Space Tab BackTab Enter Esc Backspace Left Right Up Down PageUp PageDown Home End`, and the
///   spellings people also type: `S-Tab` and `Shift-Tab` (BackTab), `Escape`, `Return`, `PgUp`,
///   `PgDn`;
/// - `F1` … `F12`; `C-a` … `C-z` (Ctrl plus a letter);
/// - `Click:COL,ROW`, `WheelUp:COL,ROW`, `WheelDown:COL,ROW` with 0-based cell coordinates;
/// - `Resize:WIDTH,HEIGHT` with positive sizes.
///
/// Names are matched without regard to case (`esc`, `ESC`); single characters are taken as they
/// are, so `n` and `N` are different keys. Runs of spaces, tabs and newlines separate tokens, and
/// an empty string is no events. `format` writes the canonical spelling, and
/// `parse(format(events)) == events` for every event the parser can produce.
public enum KeyTokens {
    /// Parses a token string into events.
    ///
    /// Throws `KeyTokenError` naming the first token that is not understood and its 1-based
    /// position in the string.
    public static func parse(_ string: String) throws -> [InputEvent] {
        let tokens = string.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        return try tokens.enumerated().map { index, token in
            guard let event = event(for: token) else {
                throw KeyTokenError(token: token, position: index + 1)
            }
            return event
        }
    }

    /// The canonical token string for `events`, tokens separated by single spaces.
    public static func format(_ events: [InputEvent]) -> String {
        events.map(token(for:)).joined(separator: " ")
    }

    /// The canonical token for one event.
    public static func token(for event: InputEvent) -> String {
        switch event {
        case .key(let key): return token(for: key)
        case .mouse(.click(let column, let row)): return "Click:\(column),\(row)"
        case .mouse(.wheelUp(let column, let row)): return "WheelUp:\(column),\(row)"
        case .mouse(.wheelDown(let column, let row)): return "WheelDown:\(column),\(row)"
        case .resize(let width, let height): return "Resize:\(width),\(height)"
        }
    }

    private static func token(for key: Key) -> String {
        switch key {
        case .character(let character): return String(character)
        case .function(let number): return "F\(number)"
        case .control(let letter): return "C-\(letter)"
        default: return namedKeys.first { $0.key == key }!.name
        }
    }

    private static let namedKeys: [(name: String, key: Key)] = [
        ("Space", .space), ("Tab", .tab), ("BackTab", .backTab), ("Enter", .enter),
        ("Esc", .escape), ("Backspace", .backspace), ("Left", .left), ("Right", .right),
        ("Up", .up), ("Down", .down), ("PageUp", .pageUp), ("PageDown", .pageDown),
        ("Home", .home), ("End", .end),
    ]

    /// Other spellings of named keys; `format` never writes them.
    private static let aliases: [(name: String, key: Key)] = [
        ("S-Tab", .backTab), ("Shift-Tab", .backTab), ("Escape", .escape), ("Return", .enter),
        ("PgUp", .pageUp), ("PgDn", .pageDown),
    ]

    private static func event(for token: String) -> InputEvent? {
        if token.count == 1, let character = token.first {
            let isControl = character.unicodeScalars.contains { $0.properties.generalCategory == .control }
            // A character that would merge with the space `format` puts beside it (a lone
            // combining mark, a joiner) could not be read back: refused (found by fuzzing).
            let survivesSpaces = (" " + token + " ").split(whereSeparator: { $0.isWhitespace }).map(String.init) == [token]
            return isControl || !survivesSpaces ? nil : .key(.character(character))
        }
        let lowered = token.lowercased()
        if let named = (namedKeys + aliases).first(where: { $0.name.lowercased() == lowered }) {
            return .key(named.key)
        }
        if lowered.hasPrefix("f"), let number = Int(lowered.dropFirst()), (1...12).contains(number),
           !lowered.dropFirst().hasPrefix("0"), !lowered.dropFirst().hasPrefix("+") {
            return .key(.function(number))
        }
        if lowered.hasPrefix("c-"), lowered.count == 3, let letter = lowered.last,
           ("a"..."z").contains(letter) {
            return .key(.control(letter))
        }
        return pairEvent(lowered)
    }

    /// `Click:`, `WheelUp:`, `WheelDown:` and `Resize:` tokens.
    private static func pairEvent(_ lowered: String) -> InputEvent? {
        let parts = lowered.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let numbers = parts[1].split(separator: ",", omittingEmptySubsequences: false)
        guard numbers.count == 2,
              numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let first = Int(numbers[0]), let second = Int(numbers[1]) else { return nil }
        switch parts[0] {
        case "click": return .mouse(.click(column: first, row: second))
        case "wheelup": return .mouse(.wheelUp(column: first, row: second))
        case "wheeldown": return .mouse(.wheelDown(column: first, row: second))
        case "resize" where first > 0 && second > 0: return .resize(width: first, height: second)
        default: return nil
        }
    }
}

/// A `--keys` token that is not understood.
public struct KeyTokenError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The token as written.
    public var token: String
    /// Its 1-based position among the tokens.
    public var position: Int

    public init(token: String, position: Int) {
        self.token = token
        self.position = position
    }

    public var description: String {
        "unknown key '\(token)' at position \(position) of --keys "
            + "(expected a character, a key name such as Enter or PageDown, or Click:COL,ROW)"
    }
}
