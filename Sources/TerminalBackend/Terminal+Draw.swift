import CNcursesw
import ClusterViewUI

extension Terminal {
    /// Shows `screen`: copies its cells to the terminal and refreshes.
    ///
    /// Only cells that differ from the last drawn screen are sent to curses (which then sends only
    /// what changed on the terminal). After a start, a resize, or a screen of another size, every
    /// cell is drawn, and terminal cells outside `screen` are cleared. A screen larger than the
    /// terminal is clipped. Does nothing when not active.
    public func draw(_ screen: Screen) {
        guard isActive else { return }
        let (width, height) = size
        let previous = shown.flatMap { $0.width == screen.width && $0.height == screen.height ? $0 : nil }
        if previous == nil { werase(cv_stdscr()) }
        for y in 0..<min(height, screen.height) {
            for x in 0..<min(width, screen.width) {
                let index = y * screen.width + x
                let cell = screen.cells[index]
                if let previous, previous.cells[index] == cell { continue }
                put(cell, x: x, y: y)
            }
        }
        shown = screen
        wrefresh(cv_stdscr())
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        let style = cell.style
        var attributes = cv_a_normal()
        if style.bold { attributes |= cv_a_bold() }
        if style.dim { attributes |= cv_a_dim() }
        if style.reverse { attributes |= cv_a_reverse() }
        if style.underline { attributes |= cv_a_underline() }
        let (pair, brighten) = colorPairs.pair(for: style) { init_extended_pair($0, $1, $2) == OK }
        if brighten { attributes |= cv_a_bold() }
        // A Screen holds single-scalar, single-column characters only (Character.terminalSafe).
        let scalar = cell.character.unicodeScalars.first?.value ?? 0x20
        _ = cv_put_cell(Int32(y), Int32(x), wchar_t(scalar), attributes, pair)
    }
}
