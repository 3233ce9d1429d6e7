/// The explorer's keys: one table that the key handler, the key bar, the help overlay (`?`), the
/// README and `clusterview keys` all read, so a key cannot be bound without being documented.
///
/// Each row is one line of the help: the keys it documents, each with the action it performs, a
/// short description (short enough for two help columns on an 80-column terminal), and, for the
/// keys people use most, a place in the key bar. Rows without bindings document the mouse, which
/// `action(for:)` handles by position.
public struct KeyRow: Sendable {
    /// The keys as the help and the README show them, e.g. `n Space`, `+ = -`.
    public let label: String
    /// What each key does, in the label's order.
    public let bindings: [(key: Key, action: Action)]
    /// One short sentence fragment: `one step forward`.
    public let help: String
    /// More for readers with room: the README and a wide help show `help: detail`.
    public let detail: String?
    /// In the key bar: the keys as shown there, a one-word label, and a priority (0 is always
    /// shown; higher numbers give way first on narrow terminals).
    public let bar: (keys: String, label: String, priority: Int)?

    /// The description with its detail, when it has one.
    public var fullHelp: String { detail.map { "\(help): \($0)" } ?? help }

    init(_ label: String, _ help: String, _ bindings: [(Key, Action)], detail: String? = nil,
         bar: (keys: String, label: String, priority: Int)? = nil) {
        self.label = label
        self.help = help
        self.detail = detail
        self.bindings = bindings.map { (key: $0.0, action: $0.1) }
        self.bar = bar
    }
}

public enum KeyBindings {
    /// The help's rows, in the order the help and the README list them.
    public static let rows: [KeyRow] = [
        KeyRow("n Space", "one step forward", [(.character("n"), .stepForward), (.space, .stepForward)],
               bar: ("n", "step", 1)),
        KeyRow("b Backspace", "one step back", [(.character("b"), .stepBack), (.backspace, .stepBack)],
               bar: ("b", "back", 6)),
        KeyRow("r", "run to convergence", [(.character("r"), .runToConvergence)], bar: ("r", "run", 2)),
        KeyRow("a", "autoplay on/off", [(.character("a"), .toggleAutoplay)], bar: ("a", "play", 8)),
        KeyRow("i", "new init (next seed)", [(.character("i"), .reinitialise)], detail: "k-means++ with the next seed"),
        KeyRow("m", "next clustering method", [(.character("m"), .cycleMethod)], bar: ("m", "method", 3)),
        KeyRow("c", "GMM covariance type", [(.character("c"), .cycleCovariance)],
               detail: "full, tied, diag, spherical"),
        KeyRow("+ = -", "k up / down", [(.character("+"), .changeK(1)), (.character("="), .changeK(1)),
                                         (.character("-"), .changeK(-1))], bar: ("+-", "k", 4)),
        KeyRow("] [", "beta ×1.5 / ÷1.5", [(.character("]"), .scaleBeta(1.5)), (.character("["), .scaleBeta(1 / 1.5))],
               bar: ("][", "beta", 5)),
        KeyRow("0", "beta back to 1", [(.character("0"), .resetBeta)]),
        KeyRow("B", "beta auto (gmm rule)", [(.character("B"), .autoBeta)],
               detail: "each state's softmax closest to the gmm rule; a typed beta ends it"),
        KeyRow("} {", "fuzziness m up / down", [(.character("}"), .scaleFuzziness(1.5)), (.character("{"), .scaleFuzziness(1 / 1.5))],
               detail: "m − 1 ×1.5 / ÷1.5 within 1.01…101 (the fuzzy rule's 2/(m−1) turns as beta does)"),
        KeyRow("z", "standardise on/off", [(.character("z"), .toggleStandardize)]),
        KeyRow("x y", "next column on x / y", [(.character("x"), .cycleXAxis), (.character("y"), .cycleYAxis)],
               detail: "PCA first, then each column; the other axis stays"),
        KeyRow("t", "true-label colours", [(.character("t"), .toggleTrueLabels)]),
        KeyRow("o", "GMM ellipses on/off", [(.character("o"), .toggleEllipses)], detail: "1σ and 2σ of each component"),
        KeyRow("> . < , _", "zoom in / out / fit all", [(.character(">"), .zoomIn), (.character("."), .zoomIn),
                                                       (.character("<"), .zoomOut), (.character(","), .zoomOut),
                                                       (.character("_"), .fitAll)], detail: "around the selection"),
        KeyRow("arrows hjkl", "nearest point that way", [
            (.left, .moveSelection(dx: -1, dy: 0)), (.right, .moveSelection(dx: 1, dy: 0)),
            (.up, .moveSelection(dx: 0, dy: -1)), (.down, .moveSelection(dx: 0, dy: 1)),
            (.character("h"), .moveSelection(dx: -1, dy: 0)), (.character("j"), .moveSelection(dx: 0, dy: 1)),
            (.character("k"), .moveSelection(dx: 0, dy: -1)), (.character("l"), .moveSelection(dx: 1, dy: 0)),
        ]),
        KeyRow("Tab S-Tab", "next / previous row", [(.tab, .nextRow), (.backTab, .previousRow)], bar: ("Tab", "row", 7)),
        KeyRow("g", "go to a row number", [(.character("g"), .beginGoTo)], detail: "the file's row number"),
        KeyRow("wheel", "zoom at the pointer", []),
        KeyRow("click", "select the nearest point", []),
        KeyRow("Shift-drag", "select text to copy", [], detail: "the terminal's own selection, past the mouse"),
        KeyRow("u", "membership map on/off", [(.character("u"), .toggleMap)],
               detail: "each cell shaded by the winning cluster", bar: ("u", "map", 10)),
        KeyRow("R", "the map's rule", [(.character("R"), .cycleMapRule)], detail: "softmax, gmm, inverse-power, and fuzzy for fcm"),
        KeyRow("p P", "drop / remove a probe", [(.character("p"), .dropProbe), (.character("P"), .removeProbe)],
               detail: "arrows and a click move it"),
        KeyRow("v", "compare every rule", [(.character("v"), .toggleCompare)], bar: ("v", "rules", 11)),
        KeyRow("w", "the formula, filled in", [(.character("w"), .toggleExplain)],
               detail: "for the map's rule and this point"),
        KeyRow("PgUp PgDn", "scroll v or w", [(.pageUp, .scrollOverlay(-10)), (.pageDown, .scrollOverlay(10))],
               detail: "when they do not fit the terminal"),
        KeyRow("A", "next most ambiguous row", [(.character("A"), .nextAmbiguous)]),
        KeyRow("K", "choosing k: the charts", [(.character("K"), .toggleSweep)],
               detail: "inertia, BIC, silhouette against k; ←/→ pick, Enter switches", bar: ("K", "choose k", 12)),
        KeyRow("e", "export the screen (text)", [(.character("e"), .exportScreen)], bar: ("e", "export", 9)),
        KeyRow("E", "export memberships (CSV)", [(.character("E"), .exportMemberships)],
               detail: "waits for a running bootstrap"),
        KeyRow("? F1", "this help", [(.character("?"), .toggleHelp), (.function(1), .toggleHelp)], bar: ("?", "help", 0)),
        KeyRow("Esc", "close / cancel", [(.escape, .escape)], detail: "close an overlay, cancel a computation"),
        KeyRow("q C-c", "quit", [(.character("q"), .quit), (.control("c"), .quit)], bar: ("q", "quit", 0)),
    ]

    /// The key bar's entries, in table order.
    public static var barEntries: [(keys: String, label: String, priority: Int)] { rows.compactMap(\.bar) }

    /// The README's key table: a Markdown table, one row per help row.
    public static var markdownTable: String {
        (["| key | action |", "|---|---|"] + rows.map { "| `\($0.label)` | \($0.fullHelp) |" }).joined(separator: "\n")
    }

    /// The action a key or mouse event means, given whether the `g` prompt or the `K` chart is open
    /// (they take some keys for themselves).
    public static func action(for event: InputEvent, promptOpen: Bool, sweepOpen: Bool = false) -> Action? {
        if sweepOpen, case .key(let key) = event {
            switch key {
            case .left, .character("h"): return .moveSweepCursor(-1)
            case .right, .character("l"): return .moveSweepCursor(1)
            case .enter: return .chooseSweepK
            default: break
            }
        }
        if promptOpen, case .key(let key) = event {
            switch key {
            case .character(let c): return .promptInput(c)
            case .backspace: return .promptBackspace
            case .enter: return .promptSubmit
            case .escape: return .escape
            default: return nil
            }
        }
        switch event {
        case .resize(let w, let h): return .resize(width: w, height: h)
        case .mouse(.click(let c, let r)): return .click(column: c, row: r)
        case .mouse(.wheelUp(let c, let r)): return .zoomAt(column: c, row: r, zoomIn: true)
        case .mouse(.wheelDown(let c, let r)): return .zoomAt(column: c, row: r, zoomIn: false)
        case .key(let key): return byKey[key]
        }
    }

    private static let byKey: [Key: Action] = {
        var map: [Key: Action] = [:]
        for row in rows { for binding in row.bindings where map[binding.key] == nil { map[binding.key] = binding.action } }
        return map
    }()
}
