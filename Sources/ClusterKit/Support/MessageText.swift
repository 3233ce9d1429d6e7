/// Text from a file or a command line made safe to print inside a one-line message.
///
/// Errors quote what they found (a cell, a key, a format tag), and what they found may hold line
/// breaks, terminal control sequences or a megabyte of text. Printed as is, one error would be
/// many lines, or would move the cursor, change colours or retitle the terminal. So: control
/// characters (C0, DEL, C1) become escapes (`\n`, `\t`, `\u{1B}`), and quoted values are cut to
/// an excerpt.
public enum MessageText {
    /// `text` with every control character escaped: one line, nothing the terminal acts on.
    public static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar): out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A value to quote in a message: one line, at most `limit` characters (then `…`).
    public static func excerpt(_ value: String, limit: Int = 60) -> String {
        let line = oneLine(value)
        return line.count <= limit ? line : String(line.prefix(limit)) + "…"
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value)
    }
}
