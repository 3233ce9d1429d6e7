extension BrailleCanvas {
    /// Draws the canvas into `screen` with its top-left cell at the top-left of `rect`.
    ///
    /// Only the part that fits both the canvas and `rect` (and the screen) is drawn; every cell of
    /// that part is written, empty ones as plain spaces. A cell shows, in this order of precedence:
    /// 1. its mark, if any (without colours when the palette has none; in ASCII mode any
    ///    non-ASCII mark becomes `?`, so use `palette.centroidGlyph` and friends);
    /// 2. its dots, in the style of its dominant group (see `dominantGroup(column:row:)`).
    ///
    /// How dots look depends on the palette's mode:
    ///
    /// | charset | colour | cell with points                         | cell with only lines     |
    /// |---------|--------|------------------------------------------|--------------------------|
    /// | unicode | yes    | Braille pattern                          | Braille pattern          |
    /// | unicode | no     | group glyph if ≥ 2 groups, else Braille  | Braille pattern          |
    /// | ascii   | yes    | density `.` `:` `#`                      | line glyph `- \| / \\ .` |
    /// | ascii   | no     | group glyph if ≥ 2 groups, else density  | line glyph               |
    ///
    /// Design notes. Without colour, only a glyph can say which cluster a point belongs to, but a
    /// glyph gives up the 2×4 sub-cell detail of Braille. So glyphs are used exactly when they are
    /// needed: when points of two or more groups are on the canvas. Points that belong to no group
    /// stay Braille (or density) even then, and so do lines: an ellipse or axis is recognised by its
    /// shape. The density glyphs count the cell's occupied dots: 1–2 `.`, 3–5 `:`, 6–8 `#`. The
    /// line glyph is read from the dot pattern: dots in one column make `|`, dots spanning both
    /// columns within two rows make `-`, a falling or rising run makes `\` or `/`, a lone dot `.`.
    public func render(into screen: inout Screen, at rect: Rect, palette: Palette) {
        let area = Rect(x: rect.x, y: rect.y, width: min(width, rect.width), height: min(height, rect.height))
            .intersection(screen.bounds)
        guard !area.isEmpty else { return }
        let glyphsForPoints = !palette.usesColor && groupsWithPoints.count >= 2
        let ascii = palette.mode.charset == .ascii
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX {
                let cell = (y - rect.y) * width + (x - rect.x)
                screen[x, y] = renderedCell(cell, palette: palette, ascii: ascii,
                                            glyphsForPoints: glyphsForPoints)
            }
        }
    }

    private func renderedCell(_ cell: Int, palette: Palette, ascii: Bool, glyphsForPoints: Bool) -> Cell {
        if var mark = mark(atCell: cell) {
            if !palette.usesColor { mark.style = mark.style.withoutColors }
            if ascii, !mark.character.isASCII { mark.character = Character.unsafeReplacement }
            return mark
        }
        let points = pointDots[cell], lines = lineDots[cell]
        guard points | lines != 0 else { return .blank }
        let majority = majorityPointGroup(cell: cell)
        let group = majority ?? (lineGroups[cell] >= 0 ? Int(lineGroups[cell]) : -1)
        let style = palette.style(forGroup: group)
        if glyphsForPoints, let majority {
            return Cell(palette.glyph(forGroup: majority), style: style)
        }
        if !ascii {
            return Cell(Self.braille(points | lines), style: style)
        }
        return Cell(points != 0 ? Self.densityGlyph(points) : Self.lineGlyph(lines), style: style)
    }

    /// The Braille character with dot pattern `bits` (U+2800 + bits).
    public static func braille(_ bits: UInt8) -> Character {
        Character(Unicode.Scalar(0x2800 + UInt32(bits))!)
    }

    /// The ASCII glyph for a cell of points: by how many of its 8 dots are set.
    static func densityGlyph(_ bits: UInt8) -> Character {
        switch bits.nonzeroBitCount {
        case 0: return " "
        case 1...2: return "."
        case 3...5: return ":"
        default: return "#"
        }
    }

    /// The ASCII glyph that best follows the line dots `bits` of one cell.
    static func lineGlyph(_ bits: UInt8) -> Character {
        var rows: [[Int]] = [[], []]  // dot rows set, per column
        for column in 0..<2 {
            for row in 0..<4 where bits & dotBit(column: column, row: row) != 0 {
                rows[column].append(row)
            }
        }
        let all = rows[0] + rows[1]
        guard let top = all.min(), let bottom = all.max() else { return " " }
        if all.count == 1 { return "." }
        if rows[0].isEmpty || rows[1].isEmpty { return "|" }
        if bottom - top <= 1 { return "-" }
        let left = Double(rows[0].reduce(0, +)) / Double(rows[0].count)
        let right = Double(rows[1].reduce(0, +)) / Double(rows[1].count)
        if left < right { return "\\" }
        if left > right { return "/" }
        return "|"
    }
}
