/// One character position of a `Screen`: what is shown there and how.
///
/// A `Screen` only ever holds single-column characters; see `Character.terminalSafe`.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: CellStyle

    public init(_ character: Character = " ", style: CellStyle = .plain) {
        self.character = character
        self.style = style
    }

    /// A space in the plain style: what a fresh screen holds.
    public static let blank = Cell()
}
