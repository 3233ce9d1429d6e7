import CNcursesw
import ClusterViewUI

/// Colour pairs allocated on demand: one per (foreground, background) combination drawn.
///
/// ncurses draws colours only through numbered pairs, and a terminal has a limited number of
/// them (`COLOR_PAIRS`, often 256 or 65536). Pairs are allocated the first time a combination is
/// drawn and cached; when none are left, further combinations fall back to the default pair 0.
/// Pairs belong to one curses session: make a new cache after every start.
struct ColorPairs {
    private var pairs: [Key: Int32] = [:]
    private var nextPair: Int32 = 1
    private let limit: Int32
    private let colorCount: Int32
    private let defaultColors: Bool
    private let enabled: Bool

    private struct Key: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// - Parameters:
    ///   - enabled: whether the terminal has colours (`has_colors`) and `start_color` succeeded.
    ///   - defaultColors: whether `use_default_colors` succeeded, so −1 means "default".
    init(enabled: Bool, defaultColors: Bool) {
        self.enabled = enabled
        self.defaultColors = defaultColors
        colorCount = enabled ? Int32(cv_colors()) : 0
        limit = enabled ? Int32(cv_color_pairs()) : 0
    }

    /// The pair for `style`'s colours, plus attributes to add (bold, for bright colours shown on an
    /// 8-colour terminal).
    mutating func pair(for style: CellStyle) -> (pair: Int32, extraAttributes: attr_t) {
        guard enabled, style.foreground != .default || style.background != .default else { return (0, 0) }
        let (foreground, brighten) = number(style.foreground, isForeground: true)
        let (background, _) = number(style.background, isForeground: false)
        let key = Key(foreground: foreground, background: background)
        let bold = brighten ? cv_a_bold() : 0
        if let pair = pairs[key] { return (pair, bold) }
        guard nextPair < limit, init_extended_pair(nextPair, foreground, background) == OK else {
            return (0, bold)
        }
        pairs[key] = nextPair
        nextPair += 1
        return (pairs[key]!, bold)
    }

    /// The curses colour number for `color`; bright colours beyond the terminal's range become
    /// their normal variant, made bold when they are a foreground.
    private func number(_ color: TerminalColor, isForeground: Bool) -> (Int32, brighten: Bool) {
        guard case .indexed(let index) = color else {
            return (defaultColors ? -1 : (isForeground ? COLOR_WHITE : COLOR_BLACK), false)
        }
        let value = Int32(index)
        if value < colorCount { return (value, false) }
        if value < 16, value - 8 < colorCount { return (value - 8, isForeground) }
        return (defaultColors ? -1 : (isForeground ? COLOR_WHITE : COLOR_BLACK), false)
    }
}
