import ClusterKit

/// The selected row: where it is in the file, its label and features, its hard cluster, then a
/// table with one line per cluster — distance and every membership rule, probabilities with a
/// small bar — and the entropy and margin of the soft answers. The words `softmax`, `gmm`,
/// `inv-power` and `bootstrap` head the table: scripts read them.
enum SidePanel {
    /// Column titles at full width (≥ 57 columns) and short.
    static let wideTitles = ["cl", "dist", "softmax", "gmm", "inv-power", "bootstrap", "cosine"]
    static let narrowTitles = ["cl", "dist", "softmx", "gmm", "invpow", "boot", "cos"]
    static let wideWidths = [3, 8, 9, 9, 10, 10, 7]
    static let narrowWidths = [3, 7, 7, 7, 7, 7, 6]

    static func render(_ state: AppState, into screen: inout Screen, at rect: Rect, theme: Theme) {
        screen.fill(rect, with: .blank)
        for y in rect.y..<rect.maxY { screen.put(String(theme.verticalRule), x: rect.x, y: y, style: theme.dimText) }
        let area = rect.inset(left: 2)
        var y = area.y
        func line(_ text: String, style: CellStyle = .plain) {
            guard y < area.maxY else { return }
            screen.put(text, x: area.x, y: y, style: style, maxWidth: area.width)
            y += 1
        }
        let i = state.selected, data = state.data
        let label = state.dataset.label(of: i).map { "  \(state.dataset.labelName ?? "label") \($0)" } ?? ""
        line("row \(state.dataset.rowIndices[i])  line \(state.dataset.lineNumbers[i])\(label)", style: theme.title)
        // Feature values in the file's units, as many as fit, two per line.
        let raw = state.dataset.row(i)
        let pairs = state.dataset.featureNames.enumerated().map { "\($0.element) \(NumberFormat.short(raw[raw.startIndex + $0.offset]))" }
        let half = max(1, (area.width - 1) / 2)
        var featureLines = 0
        var index = 0
        while index < pairs.count && featureLines < 3 {
            let first = NumberFormat.padRight(pairs[index], half)
            let second = index + 1 < pairs.count ? pairs[index + 1] : ""
            line(first + " " + second, style: theme.dimText)
            index += 2
            featureLines += 1
        }
        if index < pairs.count { line("… \(pairs.count - index) more features", style: theme.dimText) }
        let model = state.model
        let cluster = Int(model.labels[i])
        y += 0
        guard y < area.maxY else { return }
        var x = area.x
        x += screen.put("cluster ", x: x, y: y, style: theme.title)
        x += screen.put("\(cluster)", x: x, y: y, style: bold(theme.palette.style(forGroup: state.colorSlots[cluster])))
        screen.put(model.method == .gmm ? "  (most probable component)" : "  (nearest centroid)", x: x, y: y, style: theme.dimText,
                   maxWidth: area.maxX - x)
        y += 2

        // The membership table.
        let wide = area.width >= wideWidths.reduce(0, +)
        let titles = wide ? wideTitles : narrowTitles, widths = wide ? wideWidths : narrowWidths
        var header = ""
        for (t, w) in zip(titles, widths) { header += t == "cl" ? NumberFormat.padRight(t, w) : NumberFormat.pad(t, w) }
        line(header, style: theme.title)
        let point = state.selectedPoint
        let distances = state.context.distances(of: point)
        let rules = state.memberships(for: point)
        let ascii = theme.mode.charset == .ascii
        for j in 0..<model.k {
            guard y < area.maxY else { break }
            var x = area.x
            let slotStyle = theme.palette.style(forGroup: state.colorSlots[j])
            let marker = theme.palette.usesColor ? "\(j)" : "\(j)\(theme.palette.glyph(forGroup: state.colorSlots[j]))"
            x += screen.put(NumberFormat.padRight(marker, widths[0]), x: x, y: y, style: j == cluster ? bold(slotStyle) : slotStyle)
            x += screen.put(NumberFormat.pad(NumberFormat.short(distances[j]), widths[1]), x: x, y: y)
            for (column, entry) in rules.enumerated() {
                let w = widths[column + 2]
                guard let values = entry.values else {
                    let pending = entry.rule == .bootstrap && state.bootstrapDone != nil ? "…" : "-"
                    x += screen.put(NumberFormat.pad(pending, w), x: x, y: y, style: theme.dimText)
                    continue
                }
                let v = values[j]
                if entry.rule.isProbability {
                    x += screen.put(NumberFormat.pad(NumberFormat.probability(v), w - 1), x: x, y: y)
                    x += screen.put(String(bar(v, ascii: ascii)), x: x, y: y, style: slotStyle)
                } else {
                    // Cosine: a similarity in [−1, 1], fixed decimals, no bar (it is not a share).
                    x += screen.put(NumberFormat.pad(NumberFormat.probability(v), w), x: x, y: y)
                }
            }
            y += 1
        }
        y += 1
        // Summaries of the soft answers.
        let soft = rules.first { $0.rule == .softmax }?.values, gmm = rules.first { $0.rule == .gmm }?.values
        func summary(_ name: String, _ f: ([Double]) -> Double) -> String {
            var s = NumberFormat.padRight(name, 9) + "softmax " + (soft.map { NumberFormat.probability(f($0)) } ?? "  -  ")
            s += "   gmm " + (gmm.map { NumberFormat.probability(f($0)) } ?? "  -  ")
            return s
        }
        line(summary("entropy", MembershipFormulas.entropy))
        line(summary("margin", MembershipFormulas.margin))
        if let done = state.bootstrapDone {
            line("bootstrap: \(done)/\(state.bootstrapRuns) runs…", style: theme.dimText)
        } else if let b = state.bootstrap, state.memberships(for: point)[3].values != nil {
            line("bootstrap: \(b.runs) k-means runs on resamples", style: theme.dimText)
        }
        line("cosine is a similarity, not a probability", style: theme.dimText)
        if model.iteration > 0 {
            line("last step: \(model.changedLabels) point\(model.changedLabels == 1 ? "" : "s") changed cluster", style: theme.dimText)
        }
    }

    private static func bold(_ style: CellStyle) -> CellStyle {
        var s = style
        s.bold = true
        return s
    }

    /// A one-cell bar for a probability: eighth blocks, or ASCII `_.-=#` in `--ascii`.
    static func bar(_ p: Double, ascii: Bool) -> Character {
        let clamped = max(0, min(1, p.isFinite ? p : 0))
        if ascii {
            let glyphs: [Character] = [" ", "_", ".", "-", "=", "#"]
            return glyphs[Int((clamped * 5).rounded())]
        }
        let blocks: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        return blocks[Int((clamped * 8).rounded())]
    }
}
