/// A rectangle of cells: origin at the top-left, sizes never negative.
///
/// Every helper clamps instead of trapping: splitting at more than the size gives the whole rectangle
/// to one side and an empty one to the other; insetting by more than the size gives an empty
/// rectangle that still lies within the original. Panels can therefore be laid out on tiny terminals without
/// special cases, and simply draw nothing in an empty rectangle.
public struct Rect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    /// A rectangle; negative sizes become 0.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The rectangle of a whole `width`×`height` screen.
    public init(width: Int, height: Int) {
        self.init(x: 0, y: 0, width: width, height: height)
    }

    /// The first column to the right of the rectangle.
    public var maxX: Int { x + width }
    /// The first row below the rectangle.
    public var maxY: Int { y + height }
    /// Whether the rectangle holds no cell.
    public var isEmpty: Bool { width == 0 || height == 0 }
    /// Number of cells.
    public var area: Int { width * height }

    /// Whether the cell at (`x`, `y`) lies inside.
    public func contains(x: Int, y: Int) -> Bool {
        x >= self.x && x < maxX && y >= self.y && y < maxY
    }

    /// The cells both rectangles share; empty (at this rectangle's clamped origin) when they do not meet.
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }
}

extension Rect {
    /// Splits off `width` columns on the left; the rest is on the right.
    public func split(left width: Int) -> (left: Rect, right: Rect) {
        let w = min(max(0, width), self.width)
        return (Rect(x: x, y: y, width: w, height: height),
                Rect(x: x + w, y: y, width: self.width - w, height: height))
    }

    /// Splits off `width` columns on the right; the rest is on the left.
    public func split(right width: Int) -> (left: Rect, right: Rect) {
        split(left: self.width - min(max(0, width), self.width))
    }

    /// Splits off `height` rows at the top; the rest is below.
    public func split(top height: Int) -> (top: Rect, bottom: Rect) {
        let h = min(max(0, height), self.height)
        return (Rect(x: x, y: y, width: width, height: h),
                Rect(x: x, y: y + h, width: width, height: self.height - h))
    }

    /// Splits off `height` rows at the bottom; the rest is above.
    public func split(bottom height: Int) -> (top: Rect, bottom: Rect) {
        split(top: self.height - min(max(0, height), self.height))
    }

    /// The rectangle shrunk by the given number of cells on each side (negative values grow it).
    ///
    /// When the insets exceed the size, the result is empty rather than negative, and its origin
    /// stays inside the original rectangle (or on its far edge).
    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        Rect(x: x + min(left, width), y: y + min(top, height),
             width: width - left - right, height: height - top - bottom)
    }

    /// The rectangle shrunk by `amount` cells on every side.
    public func inset(by amount: Int) -> Rect {
        inset(top: amount, left: amount, bottom: amount, right: amount)
    }
}
