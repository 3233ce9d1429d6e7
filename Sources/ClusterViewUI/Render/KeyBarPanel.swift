/// The bottom line, htop style: the most used keys; or the `g` prompt while it is open. A
/// message (an export's path, why a key did nothing) or, with `--show-keys`, the last key's token
/// is shown whole at the right: key hints give way to it.
enum KeyBarPanel {
    static let keys: [(String, String)] = [
        ("n", "step"), ("b", "back"), ("r", "run"), ("a", "play"), ("m", "method"), ("+-", "k"),
        ("][", "beta"), ("Tab", "row"), ("e", "export"), ("?", "help"), ("q", "quit"),
    ]

    static func render(_ state: AppState, into screen: inout Screen, at rect: Rect, theme: Theme) {
        screen.fill(rect, with: .blank)
        if let prompt = state.prompt {
            screen.put("go to row: \(prompt)_  (Enter to go, Esc to cancel)", x: rect.x, y: rect.y, style: theme.title, maxWidth: rect.width)
            return
        }
        let trailing = state.lastKeyToken.map { "last: \($0)" } ?? state.message ?? ""
        let limit = trailing.isEmpty ? rect.maxX : max(rect.x, rect.maxX - trailing.count - 2)
        var x = rect.x
        for (key, label) in keys {
            guard x + key.count + label.count + 3 <= limit else { break }
            x += screen.put(key, x: x, y: rect.y, style: theme.keyBarKey)
            x += screen.put(" " + label + "  ", x: x, y: rect.y, style: theme.keyBarLabel)
        }
        if !trailing.isEmpty {
            let start = max(rect.x, rect.maxX - trailing.count - 1)
            screen.put(trailing, x: start, y: rect.y, style: theme.title, maxWidth: rect.maxX - start)
        }
    }
}
