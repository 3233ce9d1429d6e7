import ClusterKit

/// `K`: inertia, BIC and silhouette against k as three small line charts, the current k and the
/// k under the cursor marked, the elbow and the best BIC named; ←/→ move the cursor, Enter refits
/// at that k.
enum SweepOverlay {
    static func render(_ state: AppState, into screen: inout Screen, within area: Rect, theme: Theme) {
        let box = Overlay.box(in: area, width: area.width, height: area.height,
                              title: "choosing k (←/→ pick, Enter switches, K or Esc closes)", screen: &screen, theme: theme)
        let inner = box.inset(top: 1, left: 2, bottom: 1, right: 2)
        guard let sweep = state.sweep else {
            let p = state.sweepProgress.map { "fitting k = 2…\($0.total + 1): \($0.completed)/\($0.total) done…" } ?? "no sweep"
            screen.put(p, x: inner.x, y: inner.y + 1, style: theme.dimText, maxWidth: inner.width)
            return
        }
        let ks = sweep.points.map(\.k)
        let metrics: [(String, [Double?])] = [
            ("inertia", sweep.points.map { $0.inertia }),
            ("BIC", sweep.points.map { $0.bic }),
            ("silhouette", sweep.points.map { $0.silhouette }),
        ]
        let chartHeight = max(2, (inner.height - 6) / 3 - 1)
        var y = inner.y + 1
        let cursorK = sweep.points.indices.contains(state.sweepCursor) ? sweep.points[state.sweepCursor].k : nil
        for (name, values) in metrics {
            guard y + chartHeight + 1 <= inner.maxY else { break }
            let present = values.compactMap { $0 }
            let range = (present.min() ?? 0)...(present.max() ?? 1)
            screen.put(name, x: inner.x, y: y, style: theme.title)
            if let lo = present.min(), let hi = present.max() {
                screen.put("\(NumberFormat.short(hi)) … \(NumberFormat.short(lo))", x: inner.x + 12, y: y, style: theme.dimText)
            }
            y += 1
            let chart = Rect(x: inner.x + 2, y: y, width: inner.width - 2, height: chartHeight)
            var canvas = BrailleCanvas(width: chart.width, height: chart.height,
                                       xRange: Double(ks.first ?? 0)...Double(ks.last ?? 1),
                                       yRange: range.lowerBound == range.upperBound ? (range.lowerBound - 1)...(range.upperBound + 1) : range)
            var previous: (x: Double, y: Double)?
            for (k, v) in zip(ks, values) {
                guard let v else { previous = nil; continue }
                let point = (x: Double(k), y: v)
                if let previous { canvas.line(from: previous, to: point, group: -1) }
                _ = canvas.plot(x: point.x, y: point.y, group: 0)
                previous = point
            }
            for (k, v) in zip(ks, values) {
                guard let v, let cell = canvas.cell(x: Double(k), y: v) else { continue }
                if k == cursorK {
                    canvas.mark(column: cell.x, row: cell.y, character: theme.palette.crosshairGlyph, style: theme.selection)
                } else if k == state.model.k {
                    canvas.mark(column: cell.x, row: cell.y, character: theme.palette.centroidGlyph, style: theme.title)
                }
            }
            canvas.render(into: &screen, at: chart, palette: theme.palette)
            y += chartHeight
        }
        // k labels under the last chart, at their columns.
        if y < inner.maxY {
            for k in ks {
                let fraction = ks.count > 1 ? Double(k - ks[0]) / Double(ks[ks.count - 1] - ks[0]) : 0
                let column = inner.x + 2 + Int(fraction * Double(inner.width - 3))
                screen.put("\(k)", x: min(column, inner.maxX - 2), y: y, style: k == cursorK ? theme.selection : theme.dimText)
            }
            y += 1
        }
        if let k = cursorK, let p = sweep.points.first(where: { $0.k == k }), y < inner.maxY {
            var text = "k=\(k): inertia \(NumberFormat.short(p.inertia))"
            if let bic = p.bic { text += "  BIC \(NumberFormat.short(bic))" }
            if let s = p.silhouette { text += "  silhouette \(NumberFormat.probability(s))" }
            if let ari = p.ari { text += "  ARI \(NumberFormat.probability(ari))" }
            screen.put(text, x: inner.x, y: y, style: theme.title, maxWidth: inner.width)
            y += 1
        }
        if y < inner.maxY {
            var notes: [String] = []
            if let e = sweep.elbowK { notes.append("elbow k=\(e)") }
            if let b = sweep.bestBICK { notes.append("best BIC k=\(b)") }
            notes.append("now k=\(state.model.k)")
            screen.put(notes.joined(separator: "   "), x: inner.x, y: y, style: theme.dimText, maxWidth: inner.width)
        }
    }
}
