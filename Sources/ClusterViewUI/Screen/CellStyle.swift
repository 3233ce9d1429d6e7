/// How one cell looks: colours plus the four attributes every terminal supports.
public struct CellStyle: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(foreground: TerminalColor = .default, background: TerminalColor = .default,
                bold: Bool = false, dim: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    /// Default colours, no attributes.
    public static let plain = CellStyle()

    /// The same style with both colours reset to the terminal default; attributes are kept.
    ///
    /// Used where colour is switched off, so emphasis (bold, reverse) survives.
    public var withoutColors: CellStyle {
        var copy = self
        copy.foreground = .default
        copy.background = .default
        return copy
    }
}
