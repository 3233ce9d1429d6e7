/// A plot area of `width`×`height` cells, each split into 2×4 Braille dots, onto which data
/// points, lines and marker glyphs are drawn before it is rendered into a `Screen`.
///
/// Coordinates. Data `(x, y)` maps linearly onto dots: `xRange` spans the `2 * width` dot columns
/// left to right and `yRange` the `4 * height` dot rows bottom to top (y grows upwards, as on a
/// plot). The upper bound of a range falls in the last dot, so both ends are visible. Points
/// outside the ranges, and NaN or infinite coordinates, are dropped. A degenerate range
/// (`lowerBound == upperBound`) puts its only value on the middle dot.
///
/// Groups. Every dot is drawn for a group: a cluster or component index (≥ 0), or a negative
/// number for neutral marks (unclustered points, axes). For each cell the canvas counts how many
/// points of each group landed in it; the cell takes the colour of the group with the most points
/// (ties go to the lowest group). Cells with no clustered point take the lowest group of the lines
/// through them, and otherwise the neutral style.
///
/// Marks (`mark`) are whole-cell glyphs such as centroid markers or a crosshair; a mark wins over
/// the dots of its cell, and a later mark over an earlier one.
public struct BrailleCanvas: Sendable {
    /// Size in cells.
    public let width: Int
    public let height: Int
    /// The data coordinates shown, left to right.
    public var xRange: ClosedRange<Double>
    /// The data coordinates shown, bottom to top.
    public var yRange: ClosedRange<Double>

    /// Dot pattern of the points in each cell (Braille bit order, see `dotBit(column:row:)`).
    private(set) var pointDots: [UInt8]
    /// Dot pattern of the lines in each cell.
    private(set) var lineDots: [UInt8]
    /// Points per cell and group: `pointCounts[cell * groupStride + group]`.
    private var pointCounts: [UInt32] = []
    private var groupStride = 0
    /// The lowest non-negative group of a line through each cell; -1 when only neutral lines are.
    private(set) var lineGroups: [Int32]
    /// Overlay glyphs by cell index.
    private var marks: [Int: Cell] = [:]

    /// An empty canvas; negative sizes become 0.
    public init(width: Int, height: Int, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.xRange = xRange
        self.yRange = yRange
        let cells = self.width * self.height
        pointDots = Array(repeating: 0, count: cells)
        lineDots = Array(repeating: 0, count: cells)
        lineGroups = Array(repeating: -1, count: cells)
    }

    /// Dot columns: `2 * width`.
    public var dotWidth: Int { width * 2 }
    /// Dot rows: `4 * height`.
    public var dotHeight: Int { height * 4 }

    /// Removes every dot, count and mark; keeps the size and ranges.
    public mutating func clear() {
        self = BrailleCanvas(width: width, height: height, xRange: xRange, yRange: yRange)
    }
}

// MARK: - Coordinates

extension BrailleCanvas {
    /// The dot a data point falls on, with row 0 at the top; nil when it is outside the ranges.
    public func dot(x: Double, y: Double) -> (column: Int, row: Int)? {
        guard let column = Self.index(of: x, in: xRange, count: dotWidth),
              let fromBottom = Self.index(of: y, in: yRange, count: dotHeight) else { return nil }
        return (column, dotHeight - 1 - fromBottom)
    }

    /// The cell a data point falls in; nil when it is outside the ranges.
    public func cell(x: Double, y: Double) -> Point? {
        dot(x: x, y: y).map { Point(x: $0.column / 2, y: $0.row / 4) }
    }

    /// Which of `count` equal bins of `range` holds `value`; the upper bound belongs to the last.
    static func index(of value: Double, in range: ClosedRange<Double>, count: Int) -> Int? {
        guard count > 0, value.isFinite, range.contains(value) else { return nil }
        let span = range.upperBound - range.lowerBound
        guard span > 0 else { return count / 2 }
        let position = Int(((value - range.lowerBound) / span * Double(count)).rounded(.down))
        return min(position, count - 1)
    }

    /// The bit of dot (`column`, `row`) inside its cell (column 0–1, row 0–3) in a Braille pattern.
    ///
    /// Unicode numbers the dots 1 2 3 7 down the left column and 4 5 6 8 down the right, and
    /// dot n is bit n − 1 of the offset from U+2800.
    /// Out-of-cell values wrap (`column & 1`, `row & 3`).
    public static func dotBit(column: Int, row: Int) -> UInt8 {
        let column = column & 1, row = row & 3
        return row < 3 ? UInt8(1) << (row + 3 * column) : UInt8(0x40) << column
    }
}

// MARK: - Drawing

extension BrailleCanvas {
    /// Plots one data point for `group`; returns false (and draws nothing) when it is outside.
    @discardableResult
    public mutating func plot(x: Double, y: Double, group: Int) -> Bool {
        guard let dot = dot(x: x, y: y) else { return false }
        plotDot(column: dot.column, row: dot.row, group: group)
        return true
    }

    /// Plots a point directly on dot (`column`, `row`), row 0 at the top; outside dots are ignored.
    public mutating func plotDot(column: Int, row: Int, group: Int) {
        guard let cell = cellIndex(dotColumn: column, dotRow: row) else { return }
        pointDots[cell] |= Self.dotBit(column: column, row: row)
        guard group >= 0 else { return }
        if group >= groupStride { growGroups(to: group + 1) }
        pointCounts[cell * groupStride + group] &+= 1
    }

    /// Sets dot (`column`, `row`) as part of a line of `group`; outside dots are ignored.
    ///
    /// Line dots do not count as points: they never outvote the points of a cell.
    public mutating func lineDot(column: Int, row: Int, group: Int) {
        guard let cell = cellIndex(dotColumn: column, dotRow: row) else { return }
        lineDots[cell] |= Self.dotBit(column: column, row: row)
        if group >= 0, lineGroups[cell] < 0 || group < lineGroups[cell] {
            lineGroups[cell] = Int32(clamping: group)
        }
    }

    /// Puts `character` over the cell holding the data point (`x`, `y`); false when it is outside.
    @discardableResult
    public mutating func mark(x: Double, y: Double, character: Character, style: CellStyle) -> Bool {
        guard let cell = cell(x: x, y: y) else { return false }
        mark(column: cell.x, row: cell.y, character: character, style: style)
        return true
    }

    /// Puts `character` over cell (`column`, `row`); outside cells are ignored.
    public mutating func mark(column: Int, row: Int, character: Character, style: CellStyle) {
        guard column >= 0, column < width, row >= 0, row < height else { return }
        marks[row * width + column] = Cell(character.terminalSafe, style: style)
    }

    private func cellIndex(dotColumn: Int, dotRow: Int) -> Int? {
        guard dotColumn >= 0, dotColumn < dotWidth, dotRow >= 0, dotRow < dotHeight else { return nil }
        return (dotRow / 4) * width + dotColumn / 2
    }

    private mutating func growGroups(to stride: Int) {
        let cells = width * height
        var grown = Array(repeating: UInt32(0), count: cells * stride)
        for cell in 0..<cells {
            for group in 0..<groupStride {
                grown[cell * stride + group] = pointCounts[cell * groupStride + group]
            }
        }
        pointCounts = grown
        groupStride = stride
    }
}

// MARK: - Reading back

extension BrailleCanvas {
    /// The Braille dot pattern of cell (`column`, `row`): points and lines together; 0 outside.
    public func dots(column: Int, row: Int) -> UInt8 {
        guard column >= 0, column < width, row >= 0, row < height else { return 0 }
        let cell = row * width + column
        return pointDots[cell] | lineDots[cell]
    }

    /// How many points of `group` landed in cell (`column`, `row`); 0 outside or for neutral groups.
    public func count(column: Int, row: Int, group: Int) -> Int {
        guard column >= 0, column < width, row >= 0, row < height, group >= 0, group < groupStride
        else { return 0 }
        return Int(pointCounts[(row * width + column) * groupStride + group])
    }

    /// The group whose colour cell (`column`, `row`) takes: the group with the most points (the
    /// lowest on ties), else the lowest group of a line through it, else nil (neutral or empty).
    public func dominantGroup(column: Int, row: Int) -> Int? {
        guard column >= 0, column < width, row >= 0, row < height else { return nil }
        let cell = row * width + column
        if let group = majorityPointGroup(cell: cell) { return group }
        return lineGroups[cell] >= 0 ? Int(lineGroups[cell]) : nil
    }

    /// The group with the most points in `cell`, lowest on ties; nil when no clustered point is there.
    func majorityPointGroup(cell: Int) -> Int? {
        var best: Int?
        var bestCount: UInt32 = 0
        for group in 0..<groupStride {
            let count = pointCounts[cell * groupStride + group]
            if count > bestCount {
                best = group
                bestCount = count
            }
        }
        return best
    }

    /// The groups that have at least one point on the canvas, ascending.
    public var groupsWithPoints: [Int] {
        (0..<groupStride).filter { group in
            stride(from: group, to: pointCounts.count, by: groupStride).contains { pointCounts[$0] > 0 }
        }
    }

    /// The mark on cell (`column`, `row`), if any.
    func mark(atCell cell: Int) -> Cell? { marks[cell] }
}
