/// The bottom line, htop style: the most used keys; or the `g` prompt while it is open; or the
/// last message.
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
        var x = rect.x
        for (key, label) in keys {
            guard x + key.count + label.count + 3 <= rect.maxX else { break }
            x += screen.put(key, x: x, y: rect.y, style: theme.keyBarKey)
            x += screen.put(" " + label + "  ", x: x, y: rect.y, style: theme.keyBarLabel)
        }
        if let token = state.lastKeyToken {
            let text = "last: \(token)"
            let start = rect.maxX - text.count - 1
            screen.fill(Rect(x: start - 1, y: rect.y, width: rect.maxX - start + 1, height: 1), with: .blank)
            screen.put(text, x: start, y: rect.y, style: theme.title)
            return
        }
        if let message = state.message {
            let start = max(x + 1, rect.maxX - message.count - 1)
            screen.fill(Rect(x: start - 1, y: rect.y, width: rect.maxX - start + 1, height: 1), with: .blank)
            screen.put(message, x: start, y: rect.y, style: theme.title, maxWidth: rect.maxX - start)
        }
    }
}
