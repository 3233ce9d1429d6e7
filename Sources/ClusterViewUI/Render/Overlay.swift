/// A modal, framed box over the explorer, sized to what it holds.
///
/// Overlays are read, then closed, so they may cover the side panel as well as the plot. Nothing
/// is cut silently: a line too long for the terminal wraps (plain text) or ends in `…` (tables),
/// and lines that do not fit in the height give way to a last line saying how many are hidden.
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
    /// outnumber the rows, the last row says how many are hidden.
    @discardableResult
    static func present(title: String, lines: [Line], in area: Rect, minimumWidth: Int = 0,
                        screen: inout Screen, theme: Theme) -> Rect {
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
        // Rows: the borders, a blank line above and below the lines when there is room, the lines.
        let padTop = laidOut.count + 3 <= area.height ? 1 : 0
        let padBottom = laidOut.count + 4 <= area.height ? 1 : 0
        let height = min(area.height, laidOut.count + 2 + padTop + padBottom)
        let box = box(in: area, width: width, height: height, title: title, screen: &screen, theme: theme)
        let rows = max(0, box.height - 2 - padTop - padBottom)
        let shown = laidOut.count <= rows ? laidOut.count : max(0, rows - 1)
        var y = box.y + 1 + padTop
        for line in laidOut.prefix(shown) {
            draw(line, x: box.x + 2, y: y, width: room, screen: &screen)
            y += 1
        }
        if shown < laidOut.count, rows > 0 {
            let hidden = laidOut.count - shown
            screen.put(abbreviate("… \(hidden) more line\(hidden == 1 ? "" : "s"): enlarge the terminal", to: room),
                       x: box.x + 2, y: y, style: theme.dimText)
        }
        return box
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
