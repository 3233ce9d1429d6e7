import ClusterKit

/// `K`: inertia, BIC and silhouette against k as three small line charts, the current k and the
/// k under the cursor marked, the elbow and the best BIC named; ←/→ move the cursor, Enter refits
/// at that k.
enum SweepOverlay {
    static func render(_ state: AppState, into screen: inout Screen, within area: Rect, theme: Theme) {
        // A chart has no natural size: as large as the area, up to a size that reads at a glance.
        let box = Overlay.box(in: area, width: min(area.width, 100), height: min(area.height, 40),
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
        let cursorK = sweep.points.indices.contains(state.sweepCursor) ? sweep.points[state.sweepCursor].k : nil
        let notes = summary(sweep, cursorK: cursorK, currentK: state.model.k, width: inner.width)
        // Rows: a blank line, per chart its name and the chart, the k axis, the notes.
        let chartHeight = max(2, (inner.height - 2 - notes.count) / 3 - 1)
        var y = inner.y + 1
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
        // k labels under the last chart, at their columns; a label that would touch its neighbour
        // is left out, but never the ends, the cursor's or the current k.
        if y < inner.maxY {
            let columns = ks.map { k -> Int in
                let fraction = ks.count > 1 ? Double(k - ks[0]) / Double(ks[ks.count - 1] - ks[0]) : 0
                return min(inner.x + 2 + Int(fraction * Double(inner.width - 3)), inner.maxX - String(k).count)
            }
            var taken = [Bool](repeating: false, count: screen.width + 1)
            let first: Set<Int> = [ks.first, ks.last, cursorK, state.model.k].compactMap { $0 }.reduce(into: []) { $0.insert($1) }
            let order = ks.indices.filter { first.contains(ks[$0]) } + ks.indices.filter { !first.contains(ks[$0]) }
            for index in order {
                let text = "\(ks[index])", start = columns[index]
                let span = max(0, start - 1)...min(screen.width, start + text.count)
                guard !span.contains(where: { taken[$0] }) else { continue }
                for column in start..<min(screen.width, start + text.count) { taken[column] = true }
                screen.put(text, x: start, y: y, style: ks[index] == cursorK ? theme.selection : theme.dimText)
            }
            y += 1
        }
        for (index, text) in notes.enumerated() where y < inner.maxY {
            screen.put(text, x: inner.x, y: y, style: index < notes.count - 1 ? theme.title : theme.dimText, maxWidth: inner.width)
            y += 1
        }
    }

    /// The cursor's figures, then the elbow, best BIC and current k; wrapped to `width`.
    static func summary(_ sweep: Sweep, cursorK: Int?, currentK: Int, width: Int) -> [String] {
        var lines: [String] = []
        if let k = cursorK, let p = sweep.points.first(where: { $0.k == k }) {
            var text = "k=\(k): inertia \(NumberFormat.short(p.inertia))"
            if let bic = p.bic { text += "  BIC \(NumberFormat.short(bic))" }
            if let s = p.silhouette { text += "  silhouette \(NumberFormat.probability(s))" }
            if let ari = p.ari { text += "  ARI \(NumberFormat.probability(ari))" }
            lines += Overlay.wrap(text, width: width)
        }
        var notes: [String] = []
        if let e = sweep.elbowK { notes.append("elbow k=\(e)") }
        if let b = sweep.bestBICK { notes.append("best BIC k=\(b)") }
        notes.append("now k=\(currentK)")
        return lines + [Overlay.abbreviate(notes.joined(separator: "   "), to: width)]
    }
}
