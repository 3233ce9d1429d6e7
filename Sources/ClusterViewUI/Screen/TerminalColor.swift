/// A colour a terminal can show: the terminal's own default, or an entry of the 256-colour table.
///
/// Indices 0–7 are the classic ANSI colours, 8–15 their bright variants, 16–231 the 6×6×6 colour cube
/// and 232–255 the grey ramp. Which of them a terminal really shows is the theme's business
/// (see `ColorDepth`); a `Screen` stores whatever it is given.
public enum TerminalColor: Hashable, Sendable {
    /// The terminal's default foreground or background (SGR 39 / 49).
    case `default`
    /// An entry of the xterm 256-colour table.
    case indexed(UInt8)
}
