/// A modal, framed box over the explorer, sized to what it holds.
///
/// Overlays are read, then closed, so they may cover the side panel as well as the plot. Nothing
/// is cut silently: a line too long for the terminal wraps (plain text) or ends in `…` (tables),
/// and when the lines do not fit in the height, a window of them scrolls (PageUp/PageDown) between
/// two lines that count what is above and below.
enum Overlay {
    /// A run of text in one style; a line of an overlay is a list of them.
    struct Span {
        var text: String
        var style: CellStyle

        init(_ text: String, _ style: CellStyle = .plain) {
            self.text = text
            self.style = style
        }
    }

    typealias Line = [Span]

    /// Draws `lines` in a box titled `title`, centred in `area`, as small as the content allows
    /// (at least `minimumWidth` wide). Returns the box.
    ///
    /// Single-span lines wider than the box wrap at spaces, continuation lines indented by two
    /// more columns than the line's own indentation; other lines are cut with `…`. When the lines
    /// outnumber the rows, `scroll` lines are skipped and the first and last rows count the lines
    /// above and below.
    @discardableResult
    static func present(title: String, lines: [Line], in area: Rect, minimumWidth: Int = 0, scroll: Int = 0,
                        screen: inout Screen, theme: Theme) -> Rect {
        let (width, laidOut) = layout(title: title, lines: lines, in: area, minimumWidth: minimumWidth)
        let room = max(1, width - 4)
        // Rows: the borders, a blank line above and below the lines when there is room, the lines.
        let padTop = laidOut.count + 3 <= area.height ? 1 : 0
        let padBottom = laidOut.count + 4 <= area.height ? 1 : 0
        let height = min(area.height, laidOut.count + 2 + padTop + padBottom)
        let box = box(in: area, width: width, height: height, title: title, screen: &screen, theme: theme)
        let rows = max(0, box.height - 2 - padTop - padBottom)
        var y = box.y + 1 + padTop
        guard laidOut.count > rows else {
            for line in laidOut { draw(line, x: box.x + 2, y: y, width: room, screen: &screen); y += 1 }
            return box
        }
        // Too many lines: a window of them, scrolled by PageUp/PageDown, with a line above and
        // below saying how many are out of sight.
        let window = max(1, rows - 2)
        let first = min(max(0, scroll), max(0, laidOut.count - window))
        let above = first, below = max(0, laidOut.count - first - window)
        func note(_ text: String) {
            screen.put(abbreviate(text, to: room), x: box.x + 2, y: y, style: theme.dimText)
            y += 1
        }
        if rows >= 3 { note(above > 0 ? "↑ \(above) more line\(above == 1 ? "" : "s") (PageUp)" : "") }
        for line in laidOut[first..<min(laidOut.count, first + window)] {
            draw(line, x: box.x + 2, y: y, width: room, screen: &screen)
            y += 1
        }
        if rows >= 2 { note(below > 0 ? "↓ \(below) more line\(below == 1 ? "" : "s") (PageDown)" : "end (PageUp scrolls back)") }
        return box
    }

    /// The box's width and the lines as drawn in it (long plain lines wrapped).
    static func layout(title: String, lines: [Line], in area: Rect, minimumWidth: Int = 0) -> (width: Int, lines: [Line]) {
        let natural = lines.map { $0.reduce(0) { $0 + $1.text.count } }.max() ?? 0
        let width = min(area.width, max(natural + 4, title.count + 6, minimumWidth))
        let room = max(1, width - 4)
        var laidOut: [Line] = []
        for line in lines {
            if line.count == 1, line[0].text.count > room {
                laidOut += wrap(line[0].text, width: room).map { [Span($0, line[0].style)] }
            } else {
                laidOut.append(line)
            }
        }
        return (width, laidOut)
    }

    /// The largest useful `scroll` for these lines in `area`: 0 when they fit.
    static func scrollLimit(title: String, lines: [Line], in area: Rect) -> Int {
        let laidOut = layout(title: title, lines: lines, in: area).lines
        let rows = max(0, area.height - 2)
        return laidOut.count > rows ? max(0, laidOut.count - max(1, rows - 2)) : 0
    }

    /// Writes a line's spans from `x`, cutting the last visible one with `…` when they overflow.
    static func draw(_ line: Line, x: Int, y: Int, width: Int, screen: inout Screen) {
        let total = line.reduce(0) { $0 + $1.text.count }
        var column = x, left = width
        for (index, span) in line.enumerated() where left > 0 {
            let rest = line[(index + 1)...].reduce(0) { $0 + $1.text.count }
            let text = total > width && span.text.count + rest > left ? abbreviate(span.text, to: left) : span.text
            let written = screen.put(text, x: column, y: y, style: span.style, maxWidth: left)
            column += written
            left -= written
        }
    }

    /// `text` itself when it fits in `width` columns, else its start and `…`.
    static func abbreviate(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return width == 1 ? "…" : "" }
        var cut = String(text.prefix(width - 1))
        while cut.hasSuffix(" ") { cut.removeLast() }
        return cut + "…"
    }

    /// Breaks `text` at spaces into lines of at most `width` columns, keeping the spacing within
    /// a line; continuation lines take the first line's indentation plus two. A word longer than
    /// a line is cut with `…`.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard text.count > width else { return [text] }
        let indent = String(text.prefix { $0 == " " })
        let continuation = indent + "  "
        // Chunks: each word with the spaces before it.
        var chunks: [String] = [], current = ""
        for character in text.dropFirst(indent.count) {
            if character == " ", !current.isEmpty, current.last != " " { chunks.append(current); current = "" }
            current.append(character)
        }
        if !current.isEmpty { chunks.append(current) }
        var lines: [String] = [], line = indent
        for chunk in chunks {
            if line.count + chunk.count <= width || line.count == indent.count && lines.isEmpty {
                line += line.count == indent.count && lines.isEmpty ? String(chunk.drop { $0 == " " }) : chunk
            } else {
                lines.append(line)
                line = continuation + chunk.drop { $0 == " " }
            }
        }
        lines.append(line)
        return lines.map { abbreviate($0, to: width) }
    }

    /// A framed box of `width`×`height` centred in `area` (clamped to it), cleared, with `title`
    /// in its top border (ending in `…` when the box is narrower than the title).
    static func box(in area: Rect, width: Int, height: Int, title: String, screen: inout Screen, theme: Theme) -> Rect {
        let box = Rect(x: area.x + max(0, (area.width - width) / 2), y: area.y + max(0, (area.height - height) / 2),
                       width: min(width, area.width), height: min(height, area.height))
        screen.fill(box, with: .blank)
        let ascii = theme.mode.charset == .ascii
        let h = String(repeating: theme.horizontalRule, count: max(0, box.width - 2))
        screen.put((ascii ? "+" : "┌") + h + (ascii ? "+" : "┐"), x: box.x, y: box.y)
        screen.put((ascii ? "+" : "└") + h + (ascii ? "+" : "┘"), x: box.x, y: box.maxY - 1)
        for y in (box.y + 1)..<max(box.y + 1, box.maxY - 1) {
            screen.put(String(theme.verticalRule), x: box.x, y: y)
            screen.put(String(theme.verticalRule), x: box.maxX - 1, y: y)
        }
        screen.put(" \(abbreviate(title, to: max(0, box.width - 6))) ", x: box.x + 2, y: box.y, style: theme.title,
                   maxWidth: box.width - 4)
        return box
    }
}
