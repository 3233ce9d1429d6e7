/// The bottom line, htop style: the most used keys from `KeyBindings`, or the `g` prompt while it
/// is open. A message (an export's path, why a key did nothing) or, with `--show-keys`, the last
/// key's token is shown at the right; the hints give way to it by priority, except `? help` and
/// `q quit`, which always stay (the message ends in `…` if it must).
enum KeyBarPanel {
    static func render(_ state: AppState, into screen: inout Screen, at rect: Rect, theme: Theme) {
        screen.fill(rect, with: .blank)
        if let prompt = state.prompt {
            let text = "go to row: \(prompt)_  (Enter to go, Esc to cancel)"
            screen.put(Overlay.abbreviate(text, to: rect.width), x: rect.x, y: rect.y, style: theme.title)
            return
        }
        let entries = KeyBindings.barEntries
        func width(_ e: (keys: String, label: String, priority: Int)) -> Int { e.keys.count + 1 + e.label.count + 2 }
        let always = entries.filter { $0.priority == 0 }.map(width).reduce(0, +)
        var trailing = state.lastKeyToken.map { "last: \($0)" } ?? state.message ?? ""
        if !trailing.isEmpty { trailing = Overlay.abbreviate(trailing, to: max(1, rect.width - always - 1)) }
        var room = rect.width - always - (trailing.isEmpty ? 0 : trailing.count + 1)
        var shown = Set(entries.indices.filter { entries[$0].priority == 0 })
        for index in entries.indices.sorted(by: { entries[$0].priority < entries[$1].priority }) where entries[index].priority > 0 {
            guard width(entries[index]) <= room else { continue }
            room -= width(entries[index])
            shown.insert(index)
        }
        var x = rect.x
        for index in entries.indices where shown.contains(index) {
            x += screen.put(entries[index].keys, x: x, y: rect.y, style: theme.keyBarKey)
            x += screen.put(" " + entries[index].label + "  ", x: x, y: rect.y, style: theme.keyBarLabel)
        }
        if !trailing.isEmpty {
            let start = max(x, rect.maxX - trailing.count)
            screen.put(trailing, x: start, y: rect.y, style: theme.title, maxWidth: rect.maxX - start)
        }
    }
}
