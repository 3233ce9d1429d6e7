/// The plot's first row: each cluster's (or true label's) swatch, name and size.
///
/// Nothing is left out silently: when the full entries (`■ 3 (41)`) do not fit, the counts are
/// dropped (`■3`), and if even those do not fit, the last cell says how many are not shown
/// (`+4 more`).
enum Legend {
    static func render(_ state: AppState, into screen: inout Screen, at rect: Rect, theme: Theme, useTruth: Bool) {
        var entries: [(group: Int, name: String, count: Int)] = []
        if useTruth {
            var counts = [Int](repeating: 0, count: state.dataset.labelNames.count)
            for code in state.dataset.labelCodes ?? [] where code >= 0 { counts[code] += 1 }
            entries = state.dataset.labelNames.enumerated().map { ($0.offset, $0.element, counts[$0.offset]) }
        } else {
            let counts = state.clusterSizes  // O(N) once per model state, not per key
            entries = counts.enumerated().map { (state.colorSlots[$0.offset], "\($0.offset)", $0.element) }
        }
        let swatch: String = theme.mode.charset == .ascii ? "#" : "■"
        func glyph(_ group: Int) -> String { theme.palette.usesColor ? swatch : String(theme.palette.glyph(forGroup: group)) }
        let full = entries.map { " \($0.name) (\($0.count))  " }
        let compact = entries.map { "\($0.name) " }
        let room = rect.width - 1
        let texts: [String]
        if full.reduce(0, { $0 + $1.count + 1 }) <= room {
            texts = full
        } else {
            texts = compact
        }
        var x = rect.x + 1
        for (index, entry) in entries.enumerated() {
            let rest = entries.count - index
            let needed = texts[index].count + 1
            // Room for this entry, and for the "+N more" note unless this is the last one.
            let note = rest > 1 ? " +\(rest - 1) more".count : 0
            guard x + needed + note <= rect.maxX || (rest == 1 && x + needed <= rect.maxX) else {
                screen.put("+\(rest) more", x: x, y: rect.y, style: theme.dimText, maxWidth: rect.maxX - x)
                return
            }
            x += screen.put(glyph(entry.group), x: x, y: rect.y, style: theme.palette.style(forGroup: entry.group))
            x += screen.put(texts[index], x: x, y: rect.y)
        }
    }
}
