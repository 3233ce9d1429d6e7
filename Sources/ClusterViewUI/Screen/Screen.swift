/// A `width`×`height` grid of cells in memory: everything the explorer draws lands here first.
///
/// Row-major: the cell at column `x`, row `y` is `cells[y * width + x]`, (0, 0) at the top-left.
/// Every write is clipped to the grid, so drawing code never has to check bounds, and every
/// character is passed through `Character.terminalSafe`, so a screen always holds exactly one
/// terminal column per cell. The terminal backend copies a screen to the terminal; `plainText` and
/// `ansiText` export it.
public struct Screen: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// The cells, row by row; `width * height` of them.
    public internal(set) var cells: [Cell]

    /// A screen filled with `fill`; negative sizes become 0.
    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        var safe = fill
        safe.character = fill.character.terminalSafe
        cells = Array(repeating: safe, count: self.width * self.height)
    }

    /// The whole screen as a rectangle.
    public var bounds: Rect { Rect(width: width, height: height) }

    /// The cell at column `x`, row `y`, or nil outside the grid.
    ///
    /// Writing outside the grid, or writing nil, does nothing; a written character is made
    /// terminal-safe first.
    public subscript(x: Int, y: Int) -> Cell? {
        get {
            guard bounds.contains(x: x, y: y) else { return nil }
            return cells[y * width + x]
        }
        set {
            guard let newValue, bounds.contains(x: x, y: y) else { return }
            var safe = newValue
            safe.character = newValue.character.terminalSafe
            cells[y * width + x] = safe
        }
    }

    /// Sets every cell of `rect` (clipped to the screen) to `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        var safe = cell
        safe.character = cell.character.terminalSafe
        for y in area.y..<area.maxY {
            let row = y * width
            for x in area.x..<area.maxX {
                cells[row + x] = safe
            }
        }
    }

    /// Copies `other` onto this screen with its top-left corner at `origin`; parts that fall
    /// outside (including at negative coordinates) are dropped.
    public mutating func blit(_ other: Screen, at origin: Point) {
        let area = Rect(x: origin.x, y: origin.y, width: other.width, height: other.height)
            .intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            let source = (y - origin.y) * other.width - origin.x
            let target = y * width
            for x in area.x..<area.maxX {
                cells[target + x] = other.cells[source + x]
            }
        }
    }

    /// The cells of row `y`, left to right; empty outside the grid.
    public func row(_ y: Int) -> [Cell] {
        guard y >= 0, y < height else { return [] }
        return Array(cells[(y * width)..<((y + 1) * width)])
    }
}
