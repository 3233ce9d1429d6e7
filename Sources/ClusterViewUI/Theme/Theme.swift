/// The styles of everything around the plot: status line, key bar, selection, secondary text.
///
/// Every style works in every `ColorDepth`; without colour they fall back to reverse, bold and dim,
/// which monochrome terminals show. `palette` holds the cluster colours.
public struct Theme: Hashable, Sendable {
    public let palette: Palette

    public init(mode: DisplayMode) {
        palette = Palette(mode: mode)
    }

    public var mode: DisplayMode { palette.mode }

    /// Pictures (`--image`) drawn with a shade ramp of characters even where colour is on: for
    /// plain-text output (`render` without `--ansi`, the `e` export), which keeps the characters of
    /// a screen but not its greys.
    public var picturesAsText = false

    /// This theme for output that keeps characters only (see `picturesAsText`).
    public var forPlainText: Theme {
        var copy = self
        copy.picturesAsText = true
        return copy
    }

    /// The status line (one row, full width).
    public var statusLine: CellStyle {
        switch mode.colorDepth {
        case .monochrome: return CellStyle(reverse: true)
        case .ansi8, .ansi16: return CellStyle(foreground: .indexed(0), background: .indexed(6))
        case .xterm256: return CellStyle(foreground: .indexed(255), background: .indexed(24))
        }
    }

    /// A key's name in the key bar (`q`, `Tab`).
    public var keyBarKey: CellStyle {
        switch mode.colorDepth {
        case .monochrome: return CellStyle(bold: true, reverse: true)
        case .ansi8, .ansi16: return CellStyle(foreground: .indexed(0), background: .indexed(6))
        case .xterm256: return CellStyle(foreground: .indexed(16), background: .indexed(75))
        }
    }

    /// A key's description in the key bar (`quit`).
    public var keyBarLabel: CellStyle { .plain }

    /// The selected row or item.
    public var selection: CellStyle {
        switch mode.colorDepth {
        case .monochrome, .ansi8, .ansi16: return CellStyle(bold: true, reverse: true)
        case .xterm256: return CellStyle(foreground: .indexed(231), background: .indexed(238), bold: true)
        }
    }

    /// Headings and titles.
    public var title: CellStyle { CellStyle(bold: true) }

    /// Secondary text: units, hints, axis labels.
    public var dimText: CellStyle {
        switch mode.colorDepth {
        case .xterm256: return CellStyle(foreground: .indexed(245))
        default: return CellStyle(dim: true)
        }
    }

    /// Error and warning messages.
    public var error: CellStyle {
        mode.colorDepth == .monochrome ? CellStyle(bold: true, reverse: true)
                                       : CellStyle(foreground: .indexed(1), bold: true)
    }

    /// A vertical separator between panels: `│`, or `|` in ASCII.
    public var verticalRule: Character { mode.charset == .ascii ? "|" : "│" }

    /// A horizontal separator: `─`, or `-` in ASCII.
    public var horizontalRule: Character { mode.charset == .ascii ? "-" : "─" }
}
