/// How clusters look: one colour and one glyph per group, in the chosen display mode.
///
/// Groups are the non-negative integers the canvas is given (cluster or component indices);
/// beyond `distinctGroupCount` the colours and glyphs repeat. A negative group is "neutral"
/// (points not yet clustered, axes) and is drawn in `neutralStyle`.
///
/// Design notes. The 256-colour set was picked greedily for the largest smallest CIELAB distance
/// among saturated cube colours of lightness 45–85 (readable on dark and light backgrounds),
/// starting from blue, orange, green and red; any two differ by ΔE ≥ 40, and the first six, the
/// usual k, are the most distinct. With 16 colours the six hues 1–6 come first, then their bright
/// variants; with 8 colours the second six are the first six in bold. Without colour, the glyphs
/// `o x + * @ % & = $ s ~ ^` tell groups apart (see `BrailleCanvas.render`); `#` and `.` `:` are
/// left out because the ASCII density glyphs use them.
public struct Palette: Hashable, Sendable {
    public let mode: DisplayMode

    public init(mode: DisplayMode) {
        self.mode = mode
    }

    /// How many groups get their own colour and glyph before they repeat.
    public static let distinctGroupCount = 12

    /// The 256-colour cluster colours, in group order.
    public static let xterm256Colors: [UInt8] = [33, 208, 40, 160, 201, 44, 211, 143, 35, 184, 177, 199]

    /// The 16-colour cluster colours: blue, yellow, green, red, magenta, cyan, then the bright ones.
    public static let ansi16Colors: [UInt8] = [4, 3, 2, 1, 5, 6, 12, 11, 10, 9, 13, 14]

    /// One ASCII glyph per group, used where colour cannot tell groups apart.
    public static let groupGlyphs: [Character] = ["o", "x", "+", "*", "@", "%", "&", "=", "$", "s", "~", "^"]

    /// Whether styles carry colours.
    public var usesColor: Bool { mode.colorDepth != .monochrome }

    /// The style of group `group`'s dots; plain when monochrome or when `group` is negative.
    public func style(forGroup group: Int) -> CellStyle {
        guard group >= 0 else { return neutralStyle }
        let slot = group % Self.distinctGroupCount
        switch mode.colorDepth {
        case .monochrome:
            return .plain
        case .ansi8:
            return CellStyle(foreground: .indexed(Self.ansi16Colors[slot % 6]), bold: slot >= 6)
        case .ansi16:
            return CellStyle(foreground: .indexed(Self.ansi16Colors[slot]))
        case .xterm256:
            return CellStyle(foreground: .indexed(Self.xterm256Colors[slot]))
        }
    }

    /// The glyph that stands for group `group` without colour; `.` for a negative group.
    public func glyph(forGroup group: Int) -> Character {
        guard group >= 0 else { return "." }
        return Self.groupGlyphs[group % Self.distinctGroupCount]
    }

    /// The style of dots that belong to no group.
    public var neutralStyle: CellStyle { .plain }

    /// The glyph marking a centroid or component mean: `◉`, or `X` in ASCII.
    public var centroidGlyph: Character { mode.charset == .ascii ? "X" : "◉" }

    /// The glyph of a crosshair or selected point: `┼`, or `+` in ASCII.
    public var crosshairGlyph: Character { mode.charset == .ascii ? "+" : "┼" }
}
