/// `?`: every key of `KeyBindings.rows`, in a box over the plot and panel, in as many columns as
/// the height needs. Each column is as wide as its own keys and descriptions; where the terminal
/// is too narrow a description ends in `…`, and rows that fit nowhere are counted on the last line.
enum HelpOverlay {
    static func render(into screen: inout Screen, within area: Rect, theme: Theme) {
        let rows = KeyBindings.rows
        // Inside the borders; a blank line above and below when the height allows it.
        let padded = area.height - 4 >= (rows.count + 2) / 3
        let usable = max(1, area.height - 2 - (padded ? 2 : 0))
        let columns = max(1, (rows.count + usable - 1) / usable)
        let perColumn = (rows.count + columns - 1) / columns
        let groups = stride(from: 0, to: rows.count, by: perColumn).map { Array(rows[$0..<min(rows.count, $0 + perColumn)]) }
        let keyWidths = groups.map { $0.map(\.label.count).max() ?? 0 }
        // The descriptions with their details where the terminal is wide enough for them all.
        func widths(_ text: (KeyRow) -> String) -> [Int] {
            groups.indices.map { keyWidths[$0] + 2 + (groups[$0].map { text($0).count }.max() ?? 0) }
        }
        let gaps = 3 * (groups.count - 1)
        let long = widths(\.fullHelp), useLong = long.reduce(0, +) + gaps + 4 <= area.width
        let naturalWidths = useLong ? long : widths(\.help)
        let natural = naturalWidths.reduce(0, +) + gaps
        let title = "keys (Esc or ? closes)"
        let box = Overlay.box(in: area, width: max(natural + 4, title.count + 6),
                              height: min(area.height, perColumn + 2 + (padded ? 2 : 0)),
                              title: title, screen: &screen, theme: theme)
        // Columns share the room in proportion to what they need.
        let room = box.width - 4 - 3 * (groups.count - 1)
        var x = box.x + 2
        for (index, group) in groups.enumerated() {
            let width = natural > 0 ? room * naturalWidths[index] / max(1, natural - gaps) : room
            for (line, row) in group.enumerated() {
                let y = box.y + 1 + (padded ? 1 : 0) + line
                guard y < box.maxY - 1 else { break }
                screen.put(NumberFormat.padRight(row.label, keyWidths[index]), x: x, y: y, style: theme.title, maxWidth: width)
                let textRoom = width - keyWidths[index] - 2
                if textRoom > 0 {
                    screen.put(Overlay.abbreviate(useLong ? row.fullHelp : row.help, to: textRoom), x: x + keyWidths[index] + 2, y: y)
                }
            }
            x += width + 3
        }
    }
}
