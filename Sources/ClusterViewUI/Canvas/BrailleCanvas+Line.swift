extension BrailleCanvas {
    /// Draws a straight line of dots between two data points for `group` (Bresenham on dots).
    ///
    /// The segment is clipped to the plotted ranges first, so endpoints far outside cost nothing
    /// and the visible part is still drawn; a segment that misses the ranges draws nothing. Both
    /// end dots are set. With a degenerate range the line is drawn only if it lies on that range's
    /// single value.
    public mutating func line(from start: (x: Double, y: Double), to end: (x: Double, y: Double),
                              group: Int) {
        guard let a = continuousDot(start), let b = continuousDot(end),
              let clipped = Self.clip(a, b, width: Double(dotWidth), height: Double(dotHeight))
        else { return }
        let from = discrete(clipped.0), to = discrete(clipped.1)
        Self.bresenham(from: from, to: to) { column, row in
            lineDot(column: column, row: dotHeight - 1 - row, group: group)
        }
    }

    /// A point in dot units measured from the bottom-left corner, without rounding or clamping.
    private func continuousDot(_ point: (x: Double, y: Double)) -> (Double, Double)? {
        guard let x = Self.continuous(point.x, in: xRange, count: dotWidth),
              let y = Self.continuous(point.y, in: yRange, count: dotHeight) else { return nil }
        return (x, y)
    }

    private static func continuous(_ value: Double, in range: ClosedRange<Double>, count: Int) -> Double? {
        guard count > 0, value.isFinite else { return nil }
        let span = range.upperBound - range.lowerBound
        guard span > 0 else { return value == range.lowerBound ? Double(count / 2) + 0.5 : nil }
        return (value - range.lowerBound) / span * Double(count)
    }

    private func discrete(_ point: (Double, Double)) -> (Int, Int) {
        (min(Int(point.0.rounded(.down)), dotWidth - 1), min(Int(point.1.rounded(.down)), dotHeight - 1))
    }

    /// Liang–Barsky clipping of segment `a`–`b` to [0, width] × [0, height].
    static func clip(_ a: (Double, Double), _ b: (Double, Double), width: Double, height: Double)
        -> ((Double, Double), (Double, Double))? {
        let dx = b.0 - a.0, dy = b.1 - a.1
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, a.0), (dx, width - a.0), (-dy, a.1), (dy, height - a.1)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let t = q / p
                if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
            }
        }
        guard t0 <= t1 else { return nil }
        return ((a.0 + t0 * dx, a.1 + t0 * dy), (a.0 + t1 * dx, a.1 + t1 * dy))
    }

    /// Visits every dot of the integer line from `from` to `to`, both ends included.
    private static func bresenham(from: (Int, Int), to: (Int, Int), visit: (Int, Int) -> Void) {
        var (x, y) = from
        let dx = abs(to.0 - x), dy = -abs(to.1 - y)
        let sx = x < to.0 ? 1 : -1, sy = y < to.1 ? 1 : -1
        var error = dx + dy
        while true {
            visit(x, y)
            if x == to.0 && y == to.1 { return }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += sx }
            if doubled <= dx { error += dx; y += sy }
        }
    }
}
