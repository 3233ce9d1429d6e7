/// Draws the whole explorer for a state: a pure function from state to a cell grid.
///
/// The grid is what the terminal shows, what `render` prints and what `e` exports, so tests that
/// compare it as text see exactly what people see.
public func render(_ state: AppState, theme: Theme) -> Screen {
    var screen = Screen(width: max(state.width, 1), height: max(state.height, 1))
    let layout = state.layout
    if layout.isTooSmall {
        let text = "terminal too small: need \(Layout.minimumWidth)×\(Layout.minimumHeight), have \(state.width)×\(state.height)"
        screen.put(text, x: 0, y: state.height / 2, style: theme.title)
        screen.put("enlarge the window, or press q to quit", x: 0, y: state.height / 2 + 1)
        return screen
    }
    StatusLinePanel.render(state, into: &screen, at: layout.status, theme: theme)
    PlotPanel.render(state, into: &screen, layout: layout, theme: theme)
    SidePanel.render(state, into: &screen, at: layout.side, theme: theme)
    KeyBarPanel.render(state, into: &screen, at: layout.keyBar, theme: theme)
    // Overlays are modal: read, then closed. They may cover the side panel as well as the plot.
    let middle = overlayArea(layout)
    if state.showCompare { CompareOverlay.render(state, into: &screen, within: middle, theme: theme) }
    if state.showExplain { ExplainOverlay.render(state, into: &screen, within: middle, theme: theme) }
    if state.showSweep { SweepOverlay.render(state, into: &screen, within: middle, theme: theme) }
    if state.showHelp { HelpOverlay.render(into: &screen, within: middle, theme: theme) }
    if theme.mode.charset == .ascii { screen.replaceNonASCII() }
    return screen
}

extension Screen {
    /// Replaces every non-ASCII character with an ASCII look-alike (or `?`), so `--ascii`
    /// guarantees a screen of printable ASCII whatever text the panels wrote.
    mutating func replaceNonASCII() {
        let lookalikes: [Character: Character] = [
            "×": "x", "…": ".", "σ": "s", "β": "b", "─": "-", "│": "|", "┤": "+", "■": "#", "▶": ">", "⟳": "*",
            "−": "-", "÷": "/", "—": "-", "→": ">", "←": "<", "Σ": "S", "μ": "u", "≠": "#", "◆": "P",
        ]
        for y in 0..<height {
            for x in 0..<width {
                guard var cell = self[x, y], !cell.character.isASCII else { continue }
                cell.character = lookalikes[cell.character] ?? "?"
                self[x, y] = cell
            }
        }
    }
}

/// Where overlays go: everything between the status line and the key bar.
func overlayArea(_ layout: Layout) -> Rect {
    Rect(x: 0, y: layout.status.maxY, width: layout.width, height: layout.keyBar.y - layout.status.maxY)
}

extension AppState {
    /// How far the open overlay (v or w) can scroll at the current size; 0 when it fits.
    var overlayScrollLimit: Int {
        let area = overlayArea(layout), theme = Theme(mode: DisplayMode(colorDepth: .monochrome, charset: .unicode))
        if showCompare {
            return Overlay.scrollLimit(title: CompareOverlay.title, lines: CompareOverlay.lines(self, within: area, theme: theme), in: area)
        }
        if showExplain {
            return Overlay.scrollLimit(title: ExplainOverlay.title(self),
                                       lines: ExplainOverlay.explanation(self).map { [Overlay.Span($0)] }, in: area)
        }
        return 0
    }
}
