import Foundation

extension Character {
    /// What a terminal replaces a character it cannot show in exactly one column with.
    public static let unsafeReplacement: Character = "?"

    /// This character if a terminal is sure to draw it in exactly one column, otherwise `?`.
    ///
    /// The grid treats every character as one column wide, so anything that could take two columns
    /// or none is replaced before it is stored:
    /// - East Asian wide and fullwidth characters (`漢`, `Ａ`) and emoji presented as pictures (`😀`);
    /// - combining marks on their own, zero-width and format characters (U+200B, U+200D), controls
    ///   (including tab and newline), surrogates and unassigned code points;
    /// - clusters of several scalars (`e` + U+0301, flags, emoji sequences, variation selectors),
    ///   unless canonical composition turns them into one safe scalar (`e` + U+0301 → `é`).
    ///
    /// East Asian *ambiguous* characters (box drawing, `·`, `°`) count as narrow, as in every
    /// Western locale; Braille patterns are narrow. Private-use characters are kept (icon fonts).
    public var terminalSafe: Character {
        let scalars = unicodeScalars
        if scalars.count == 1, let scalar = scalars.first {
            return scalar.isSingleColumn ? self : Character.unsafeReplacement
        }
        let composed = String(self).precomposedStringWithCanonicalMapping.unicodeScalars
        if composed.count == 1, let scalar = composed.first, scalar.isSingleColumn {
            return Character(scalar)
        }
        return Character.unsafeReplacement
    }
}

extension Unicode.Scalar {
    /// Whether a terminal draws this scalar, on its own, in exactly one column.
    var isSingleColumn: Bool {
        if value < 0x7F { return value >= 0x20 }  // fast path: printable ASCII
        switch properties.generalCategory {
        case .control, .format, .surrogate, .unassigned, .lineSeparator, .paragraphSeparator,
             .nonspacingMark, .spacingMark, .enclosingMark:
            return false
        default:
            break
        }
        if properties.isEmojiPresentation { return false }
        if (0x1160...0x11FF).contains(value) { return false }  // conjoining Hangul vowels and finals: zero width
        return !isEastAsianWide
    }

    /// Whether the scalar lies in `eastAsianWideRanges`.
    var isEastAsianWide: Bool {
        var low = 0, high = eastAsianWideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = eastAsianWideRanges[mid]
            if value < range.lowerBound {
                high = mid - 1
            } else if value > range.upperBound {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }
}
