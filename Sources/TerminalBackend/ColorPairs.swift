import ClusterViewUI

/// Colour pairs allocated on demand: one per (foreground, background) combination drawn.
///
/// ncurses draws colours only through numbered pairs, and a terminal has a limited number of
/// them (`COLOR_PAIRS`, often 256 or 65536). Pairs are allocated the first time a combination is
/// drawn and cached; when none are left, further combinations fall back to the default pair 0.
/// Pairs belong to one curses session: make a new cache after every start.
///
/// No curses calls here: the terminal passes its counts in and makes the pairs itself
/// (`initialise`), so the bookkeeping is testable without a terminal.
struct ColorPairs {
    /// Curses' `COLOR_WHITE` and `COLOR_BLACK`, the colours used for "default" when the
    /// terminal has no default colours (fixed by X/Open curses).
    static let white: Int32 = 7, black: Int32 = 0

    private var pairs: [Key: Int32] = [:]
    private var nextPair: Int32 = 1
    private let limit: Int32
    private let colorCount: Int32
    private let defaultColors: Bool

    private struct Key: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// - Parameters:
    ///   - colorCount: the terminal's colours (`COLORS`); 0 when it has none (`has_colors` or
    ///     `start_color` failed), and then every style draws with pair 0.
    ///   - pairLimit: the terminal's pairs (`COLOR_PAIRS`); pair 0 is curses' own.
    ///   - defaultColors: whether `use_default_colors` succeeded, so −1 means "default".
    init(colorCount: Int32, pairLimit: Int32, defaultColors: Bool) {
        self.colorCount = max(colorCount, 0)
        self.limit = colorCount > 0 ? pairLimit : 0
        self.defaultColors = defaultColors
    }

    /// The pair for `style`'s colours, and whether to add bold (a bright colour shown on an
    /// 8-colour terminal). `initialise(pair, foreground, background)` makes a new pair in
    /// curses (`init_extended_pair`) and says whether it could; a pair it refused is not kept.
    mutating func pair(for style: CellStyle, initialise: (Int32, Int32, Int32) -> Bool) -> (pair: Int32, bold: Bool) {
        guard colorCount > 0, style.foreground != .default || style.background != .default else { return (0, false) }
        let (foreground, brighten) = number(style.foreground, isForeground: true)
        let (background, _) = number(style.background, isForeground: false)
        let key = Key(foreground: foreground, background: background)
        if let pair = pairs[key] { return (pair, brighten) }
        guard nextPair < limit, initialise(nextPair, foreground, background) else { return (0, brighten) }
        pairs[key] = nextPair
        nextPair += 1
        return (pairs[key]!, brighten)
    }

    /// The curses colour number for `color`; bright colours beyond the terminal's range become
    /// their normal variant, made bold when they are a foreground.
    private func number(_ color: TerminalColor, isForeground: Bool) -> (Int32, brighten: Bool) {
        guard case .indexed(let index) = color else {
            return (defaultColors ? -1 : (isForeground ? Self.white : Self.black), false)
        }
        let value = Int32(index)
        if value < colorCount { return (value, false) }
        if value < 16, value - 8 < colorCount { return (value - 8, isForeground) }
        return (defaultColors ? -1 : (isForeground ? Self.white : Self.black), false)
    }
}
