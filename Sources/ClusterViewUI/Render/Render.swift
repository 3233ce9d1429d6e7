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
    if state.showHelp { HelpOverlay.render(into: &screen, within: layout.plot, theme: theme) }
    return screen
}
