/// `?`: every key in a box over the plot.
enum HelpOverlay {
    static func render(into screen: inout Screen, within area: Rect, theme: Theme) {
        let rows = KeyBindings.table
        let keyWidth = rows.map(\.keys.count).max() ?? 0
        let textWidth = rows.map(\.action.count).max() ?? 0
        let width = min(area.width, keyWidth + textWidth + 7), height = min(area.height, rows.count + 4)
        let box = Rect(x: area.x + max(0, (area.width - width) / 2), y: area.y + max(0, (area.height - height) / 2),
                       width: width, height: height)
        screen.fill(box, with: .blank)
        let h = String(repeating: theme.horizontalRule, count: max(0, width - 2))
        let corner: (Character, Character, Character, Character) = theme.mode.charset == .ascii
            ? ("+", "+", "+", "+") : ("┌", "┐", "└", "┘")
        screen.put("\(corner.0)\(h)\(corner.1)", x: box.x, y: box.y)
        screen.put("\(corner.2)\(h)\(corner.3)", x: box.x, y: box.maxY - 1)
        for y in (box.y + 1)..<(box.maxY - 1) {
            screen.put(String(theme.verticalRule), x: box.x, y: y)
            screen.put(String(theme.verticalRule), x: box.maxX - 1, y: y)
        }
        screen.put(" keys (Esc or ? closes) ", x: box.x + 2, y: box.y, style: theme.title)
        for (i, row) in rows.enumerated() where box.y + 2 + i < box.maxY - 1 {
            let y = box.y + 2 + i
            screen.put(NumberFormat.padRight(row.keys, keyWidth), x: box.x + 2, y: y, style: theme.title)
            screen.put(row.action, x: box.x + 4 + keyWidth, y: y, maxWidth: box.maxX - 1 - (box.x + 4 + keyWidth))
        }
    }
}
