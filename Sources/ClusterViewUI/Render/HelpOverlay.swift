/// `?`: every key, in a box over the plot and panel; in as many columns as the height needs
/// (descriptions end in `…` where a column is too narrow for them).
enum HelpOverlay {
    static func render(into screen: inout Screen, within area: Rect, theme: Theme) {
        let rows = KeyBindings.table
        let keyWidth = rows.map(\.keys.count).max() ?? 0
        let textWidth = rows.map(\.action.count).max() ?? 0
        let usable = max(1, area.height - 4)
        let columns = max(1, (rows.count + usable - 1) / usable)
        let perColumn = (rows.count + columns - 1) / columns
        let naturalColumn = keyWidth + 2 + textWidth
        let width = min(area.width, columns * (naturalColumn + 2) + 2)
        let box = Overlay.box(in: area, width: width, height: min(area.height, perColumn + 4),
                              title: "keys (Esc or ? closes)", screen: &screen, theme: theme)
        let columnWidth = (box.width - 2) / columns
        for (i, row) in rows.enumerated() {
            let column = i / perColumn, line = i % perColumn
            let x = box.x + 2 + column * columnWidth, y = box.y + 2 + line
            guard y < box.maxY - 1 else { continue }
            screen.put(NumberFormat.padRight(row.keys, keyWidth), x: x, y: y, style: theme.title)
            let room = columnWidth - keyWidth - 4
            let text = row.action.count <= room ? row.action : String(row.action.prefix(max(0, room - 1))) + "…"
            screen.put(text, x: x + keyWidth + 2, y: y, maxWidth: room)
        }
    }
}
