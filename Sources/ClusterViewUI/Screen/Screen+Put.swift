extension Screen {
    /// Writes `string` from column `x` of row `y`, one column per character, and returns how many
    /// cells it wrote.
    ///
    /// The text is clipped three ways: at the right edge of the screen; after `maxWidth` columns
    /// counted from `x` (the right margin of the caller's area; nil means no margin); and on the
    /// left, where characters that would land at a negative column are skipped. Rows outside the
    /// screen write nothing. Characters that are not one column wide become `?` (see
    /// `Character.terminalSafe`), so the written width is always at most `string.count`.
    /// Nothing wraps: text never continues on the next row.
    @discardableResult
    public mutating func put(_ string: String, x: Int, y: Int, style: CellStyle = .plain,
                             maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        var end = width
        if let maxWidth { end = min(end, x + max(0, maxWidth)) }
        var column = x
        var written = 0
        for character in string {
            if column >= end { break }
            if column >= 0 {
                cells[y * width + column] = Cell(character.terminalSafe, style: style)
                written += 1
            }
            column += 1
        }
        return written
    }
}
