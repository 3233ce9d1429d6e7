import ClusterKit

/// Axes, zoom, selection and hit-testing: what a screen position stands for.
extension AppState {
    mutating func updateViewport(_ action: Action) -> [Effect]? {
        switch action {
        case .cycleXAxis, .cycleYAxis:
            var p = projection
            if case .cycleXAxis = action { p.cycle(xAxis: true, data: data) } else { p.cycle(xAxis: false, data: data) }
            projection = p
            zoom = nil
            return []
        case .zoomIn, .zoomOut:
            let factor = { if case .zoomIn = action { return 0.5 } else { return 2.0 } }()
            let p = projection.point(selected)
            zoomAround(x: p.x, y: p.y, factor: factor)
            return []
        case .zoomAt(let column, let row, let zoomIn):
            guard let p = dataCoordinates(column: column, row: row) else { return [] }
            zoomAround(x: p.x, y: p.y, factor: zoomIn ? 0.5 : 2)
            return []
        case .fitAll:
            zoom = nil
            return []
        case .moveSelection(let dx, let dy):
            if let p = probe {
                // The probe moves one cell on screen per key press.
                let c = layout.canvas, r = visibleRange
                let stepX = (r.x.upperBound - r.x.lowerBound) / Double(max(c.width, 1))
                let stepY = (r.y.upperBound - r.y.lowerBound) / Double(max(c.height, 1))
                probe = (p.x + Double(dx) * stepX, p.y - Double(dy) * stepY)
                return []
            }
            if let next = nearestInDirection(dx: dx, dy: dy) { selected = next }
            return []
        case .nextRow:
            selected = (selected + 1) % data.matrix.rows
            return []
        case .previousRow:
            selected = (selected - 1 + data.matrix.rows) % data.matrix.rows
            return []
        case .beginGoTo:
            prompt = ""
            return []
        case .promptInput(let c):
            if c.isNumber, (prompt?.count ?? 0) < 12 { prompt = (prompt ?? "") + String(c) }
            return []
        case .promptBackspace:
            if var p = prompt, !p.isEmpty { p.removeLast(); prompt = p }
            return []
        case .promptSubmit:
            defer { prompt = nil }
            guard let text = prompt, let row = Int(text) else { return [] }
            if let position = data.position(ofFileRow: row) {
                selected = position
            } else {
                message = dataset.dropped.contains { $0.rowIndex == row } ? "row \(row) was dropped (missing value)" : "no row \(row)"
            }
            return []
        case .click(let column, let row):
            guard let p = dataCoordinates(column: column, row: row) else { return [] }
            if probe != nil {
                probe = p
            } else if let nearest = nearestPoint(toX: p.x, y: p.y) {
                selected = nearest
            }
            return []
        default:
            return nil
        }
    }

    mutating func zoomAround(x: Double, y: Double, factor: Double) {
        let r = visibleRange
        let w = (r.x.upperBound - r.x.lowerBound) * factor / 2, h = (r.y.upperBound - r.y.lowerBound) * factor / 2
        guard w > 1e-12, h > 1e-12 else { return }
        let full = projection.bounds
        if w * 2 >= (full.x.upperBound - full.x.lowerBound) && h * 2 >= (full.y.upperBound - full.y.lowerBound) {
            zoom = nil
            return
        }
        zoom = ((x - w)...(x + w), (y - h)...(y + h))
    }

    /// The data coordinates under a screen cell of the plot, if it is on the canvas.
    public func dataCoordinates(column: Int, row: Int) -> (x: Double, y: Double)? {
        let c = layout.canvas
        guard c.contains(x: column, y: row), c.width > 0, c.height > 0 else { return nil }
        let r = visibleRange
        let fx = (Double(column - c.x) + 0.5) / Double(c.width)
        let fy = (Double(row - c.y) + 0.5) / Double(c.height)
        return (r.x.lowerBound + fx * (r.x.upperBound - r.x.lowerBound),
                r.y.upperBound - fy * (r.y.upperBound - r.y.lowerBound))
    }

    /// Position of a data point in canvas cells (fractional), y downwards.
    func screenPosition(_ p: (x: Double, y: Double)) -> (x: Double, y: Double) {
        let c = layout.canvas, r = visibleRange
        return (Double(c.width) * (p.x - r.x.lowerBound) / (r.x.upperBound - r.x.lowerBound),
                Double(c.height) * (r.y.upperBound - p.y) / (r.y.upperBound - r.y.lowerBound))
    }

    func nearestPoint(toX x: Double, y: Double) -> Int? {
        let target = screenPosition((x, y))
        var best: Int?, bestD = Double.infinity
        let candidates = hitCandidates()
        for index in 0..<(candidates?.count ?? data.matrix.rows) {
            let i = candidates.map { Int($0[index]) } ?? index
            let s = screenPosition(projection.point(i))
            // A cell is about twice as tall as it is wide.
            let d = (s.x - target.x) * (s.x - target.x) + 4 * (s.y - target.y) * (s.y - target.y)
            if d < bestD { bestD = d; best = i }
        }
        return best
    }

    /// The nearest point on screen that lies in the direction (dx, dy) from the selection,
    /// favouring points straight ahead over points off to the side.
    func nearestInDirection(dx: Int, dy: Int) -> Int? {
        let origin = screenPosition(projection.point(selected))
        let c = layout.canvas
        var best: Int?, bestScore = Double.infinity
        // At large N, one row per dot: points on one dot are one place on screen.
        let candidates = hitCandidates()
        for index in 0..<(candidates?.count ?? data.matrix.rows) {
            let i = candidates.map { Int($0[index]) } ?? index
            guard i != selected else { continue }
            let s = screenPosition(projection.point(i))
            guard s.x >= 0, s.y >= 0, s.x <= Double(c.width), s.y <= Double(c.height) else { continue }
            let vx = s.x - origin.x, vy = (s.y - origin.y) * 2
            let along = vx * Double(dx) + vy * Double(dy)
            guard along > 0.25 else { continue }
            let across = abs(vx * Double(dy) - vy * Double(dx))
            let score = along + 2 * across
            if score < bestScore { bestScore = score; best = i }
        }
        return best
    }
}
