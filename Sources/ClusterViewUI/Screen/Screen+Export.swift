extension Screen {
    /// The screen as text: rows joined by "\n", each without its trailing spaces, styles ignored.
    ///
    /// This is what `tmux capture-pane -p` prints for the same screen: no newline after the last
    /// row, and blank rows kept as empty lines (so the text always has `height` lines, or is empty
    /// when the screen has no rows).
    public var plainText: String {
        (0..<height).map { y in
            var line = String(row(y).map(\.character))
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// The screen as text with SGR escape sequences for colours and attributes, rows joined by "\n".
    ///
    /// Each style change emits one complete sequence that starts from a reset (`ESC[0;…m`), so the
    /// output does not depend on what came before; a row that changed the style ends with `ESC[0m`,
    /// so every row starts and ends in the default style. Trailing blank cells in the plain style
    /// are dropped (a coloured or reversed space is kept, it is visible). Colours 0–7 use SGR 30–37
    /// and 40–47, 8–15 use 90–97 and 100–107, others `38;5;n` and `48;5;n`.
    public var ansiText: String {
        (0..<height).map { y in
            var cells = row(y)
            while let last = cells.last, last.character == " ", last.style == .plain {
                cells.removeLast()
            }
            var line = ""
            var current = CellStyle.plain
            for cell in cells {
                if cell.style != current {
                    line += cell.style.sgr
                    current = cell.style
                }
                line.append(cell.character)
            }
            if current != .plain { line += "\u{1B}[0m" }
            return line
        }.joined(separator: "\n")
    }
}

extension CellStyle {
    /// The SGR sequence that sets exactly this style, starting from a reset.
    var sgr: String {
        var codes = ["0"]
        if bold { codes.append("1") }
        if dim { codes.append("2") }
        if underline { codes.append("4") }
        if reverse { codes.append("7") }
        if case .indexed(let index) = foreground { codes.append(Self.sgrColor(index, base: 30, bright: 90, extended: 38)) }
        if case .indexed(let index) = background { codes.append(Self.sgrColor(index, base: 40, bright: 100, extended: 48)) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    private static func sgrColor(_ index: UInt8, base: Int, bright: Int, extended: Int) -> String {
        switch index {
        case 0..<8: return String(base + Int(index))
        case 8..<16: return String(bright + Int(index) - 8)
        default: return "\(extended);5;\(index)"
        }
    }
}
