/// How many colours the explorer uses.
public enum ColorDepth: Hashable, Sendable, CaseIterable {
    /// No colour at all: attributes (bold, reverse…) and glyphs carry every distinction.
    case monochrome
    /// The eight ANSI colours (indices 0–7); bold doubles the cluster colours.
    case ansi8
    /// ANSI colours plus their bright variants (indices 0–15).
    case ansi16
    /// The xterm 256-colour table.
    case xterm256
}

/// Which characters the explorer may draw.
public enum Charset: Hashable, Sendable {
    /// Braille dots, box drawing and other single-column Unicode.
    case unicode
    /// Printable ASCII only (0x20–0x7E): for terminals, fonts or logs that cannot show Unicode.
    case ascii
}

/// The user's `--color` choice.
public enum ColorChoice: String, Hashable, Sendable, CaseIterable {
    /// Colour when the terminal has it and `NO_COLOR` is not set.
    case auto
    /// Colour even when the terminal reports none or `NO_COLOR` is set.
    case always
    /// No colour.
    case never
}

/// What the terminal can show, as the backend finds out after starting.
public struct TerminalCapabilities: Hashable, Sendable {
    /// Colours the terminal reports (ncurses `COLORS`): 0 when it has none, typically 8, 16 or 256.
    public var colorCount: Int
    /// Whether the locale's character set is UTF-8, so that non-ASCII characters reach the screen.
    public var unicode: Bool

    public init(colorCount: Int, unicode: Bool) {
        self.colorCount = colorCount
        self.unicode = unicode
    }
}

/// The colour depth and character set the explorer draws with.
public struct DisplayMode: Hashable, Sendable {
    public var colorDepth: ColorDepth
    public var charset: Charset

    public init(colorDepth: ColorDepth, charset: Charset) {
        self.colorDepth = colorDepth
        self.charset = charset
    }

    /// Chooses the mode from the user's flags, the terminal and the environment.
    ///
    /// Character set: ASCII when `asciiOnly` (`--ascii`) or when the terminal's locale is not
    /// UTF-8, Unicode otherwise.
    ///
    /// Colour, by `colorChoice`:
    /// - `.never`: monochrome.
    /// - `.always`: the deepest depth the terminal reports, but at least 8 colours even when it
    ///   reports fewer; `NO_COLOR` is ignored, because an explicit flag beats the environment.
    /// - `.auto`: monochrome when `NO_COLOR` is set to a non-empty value (no-color.org), when
    ///   `TERM` is `dumb`, or when the terminal reports fewer than 8 colours; otherwise the deepest
    ///   depth it reports (≥ 256 → 256, ≥ 16 → 16, else 8).
    public static func choose(colorChoice: ColorChoice, asciiOnly: Bool,
                              capabilities: TerminalCapabilities,
                              environment: [String: String]) -> DisplayMode {
        let charset: Charset = asciiOnly || !capabilities.unicode ? .ascii : .unicode
        let reported: ColorDepth
        switch capabilities.colorCount {
        case 256...: reported = .xterm256
        case 16..<256: reported = .ansi16
        case 8..<16: reported = .ansi8
        default: reported = .monochrome
        }
        let depth: ColorDepth
        switch colorChoice {
        case .never:
            depth = .monochrome
        case .always:
            depth = reported == .monochrome ? .ansi8 : reported
        case .auto:
            let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
            depth = noColor || environment["TERM"] == "dumb" ? .monochrome : reported
        }
        return DisplayMode(colorDepth: depth, charset: charset)
    }
}
