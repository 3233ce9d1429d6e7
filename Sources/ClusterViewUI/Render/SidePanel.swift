import ClusterKit
import Foundation

/// The selected row: where it is in the file, its label and features (pictures with `--image`,
/// the most distinct ones when there are too many to list), its hard cluster, then a
/// table with one line per cluster — distance and every membership rule, probabilities with a
/// small bar — and the entropy and margin of the soft answers. The words `softmax`, `gmm`,
/// `inv-power` and `bootstrap` head the table: scripts read them. When the model's own
/// membership is none of those columns (fuzzy c-means), it takes the first column, headed by the
/// method's name (`fcm`), as `gmm` heads a GMM's own responsibilities (`AppState.leadRule`).
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
        // Lines that did not fit are never dropped silently: the last line says so instead.
        var hidden = false
        // The cluster rows already end in their own "… N more clusters" notice.
        var clustersCut = false
        defer {
            if hidden, !clustersCut, area.height > 0, area.width > 0 {
                screen.fill(Rect(x: area.x, y: area.maxY - 1, width: area.width, height: 1), with: .blank)
                screen.put(Overlay.abbreviate("… more lines below (taller terminal)", to: area.width),
                           x: area.x, y: area.maxY - 1, style: theme.dimText, maxWidth: area.width)
            }
        }
        func line(_ text: String, style: CellStyle = .plain) { emit(text, style) }
        func emit(_ text: String, _ style: CellStyle) {
            guard y < area.maxY else { hidden = true; return }
            screen.put(text, x: area.x, y: y, style: style, maxWidth: area.width)
            y += 1
        }
        let i = state.selected
        let model = state.model
        let point = state.focusPoint
        let distancesForCluster = state.context.distances(of: point)
        let cluster = state.probe == nil ? Int(model.labels[i]) : (distancesForCluster.indices.min { distancesForCluster[$0] < distancesForCluster[$1] } ?? 0)
        // The row's features: as pictures (--image), the most distinct ones (wide rows), or all
        // that fit in file order.
        func features(_ raw: [Double], label: String) {
            if let pictures = state.pictures {
                guard y < area.maxY else { hidden = true; return }
                let used = ImagePanel.render(state, pictures: pictures, subject: (label, raw), cluster: cluster,
                                             into: &screen, area: area, y: y, theme: theme)
                if used == 0 { hidden = true }
                y += used
                return
            }
            if let hint = state.pictureHint { line(hint, style: theme.dimText) }
            if raw.count > DistinctFeatures.fileOrderLimit {
                DistinctFeatures.render(raw: raw, point: point, cluster: cluster, state: state, width: area.width, line: emit, theme: theme)
            } else {
                featureLines(raw, line: emit, width: area.width, theme: theme, names: state.dataset.featureNames)
            }
        }
        if let probe = state.probe {
            line("probe at (\(NumberFormat.short(probe.x)), \(NumberFormat.short(probe.y))) on the plane", style: theme.title)
            features(state.data.standardized ? state.data.scaler.inverseTransform(point: point) : point, label: "probe")
        } else {
            let label = state.dataset.label(of: i).map { "  \(state.dataset.labelName ?? "label") \($0)" } ?? ""
            line("row \(state.dataset.rowIndices[i])  line \(state.dataset.lineNumbers[i])\(label)", style: theme.title)
            features(Array(state.dataset.row(i)), label: "row")
        }
        guard y < area.maxY else { hidden = true; return }
        var x = area.x
        x += screen.put("cluster ", x: x, y: y, style: theme.title)
        x += screen.put("\(cluster)", x: x, y: y, style: bold(theme.palette.style(forGroup: state.colorSlots[cluster])))
        screen.put(model.method.isGaussianMixture && state.probe == nil ? "  (most probable component)" : "  (nearest centroid)", x: x, y: y,
                   style: theme.dimText, maxWidth: area.maxX - x)
        y += 2

        // The membership table.
        let wide = area.width >= wideWidths.reduce(0, +)
        var titles = wide ? wideTitles : narrowTitles
        let widths = wide ? wideWidths : narrowWidths
        let lead = state.leadRule
        if lead != .softmax { titles[2] = String(model.method.rawValue.prefix(widths[2] - 1)) }
        var header = ""
        for (t, w) in zip(titles, widths) { header += t == "cl" ? NumberFormat.padRight(t, w) : NumberFormat.pad(t, w) }
        line(header, style: theme.title)
        let distances = distancesForCluster
        let rules = state.memberships(for: point)
        let ascii = theme.mode.charset == .ascii
        for j in 0..<model.k {
            guard y < area.maxY else { break }
            // Too many clusters for the rows left: say how many are not listed (v lists them all).
            if model.k - j > area.maxY - y, y == area.maxY - 1 {
                line("… \(model.k - j) more clusters (v compares them all)", style: theme.dimText)
                clustersCut = true
                break
            }
            var x = area.x
            let slotStyle = theme.palette.style(forGroup: state.colorSlots[j])
            let marker = theme.palette.usesColor ? "\(j)" : "\(j)\(theme.palette.glyph(forGroup: state.colorSlots[j]))"
            x += screen.put(NumberFormat.padRight(marker, widths[0]), x: x, y: y, style: j == cluster ? bold(slotStyle) : slotStyle)
            x += screen.put(NumberFormat.pad(NumberFormat.short(distances[j]), widths[1]), x: x, y: y)
            for (column, entry) in rules.enumerated() {
                let w = widths[column + 2]
                guard let values = entry.values else {
                    // "…": still being computed in the background; "-": nothing to say.
                    let coming = entry.rule == .bootstrap ? state.bootstrapDone != nil
                        : entry.rule == .gmm && !state.context.hasExtras
                    let pending = coming ? "…" : "-"
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
        let first = rules.first { $0.rule == lead }?.values, gmm = rules.first { $0.rule == .gmm }?.values
        let firstName = NumberFormat.padRight(lead == .softmax ? "softmax" : model.method.rawValue, 7) + " "
        func summary(_ name: String, _ f: ([Double]) -> Double) -> String {
            var s = NumberFormat.padRight(name, 9) + firstName + (first.map { NumberFormat.probability(f($0)) } ?? "  -  ")
            s += "   gmm " + (gmm.map { NumberFormat.probability(f($0)) } ?? "  -  ")
            return s
        }
        line(summary("entropy", MembershipFormulas.entropy))
        line(summary("margin", MembershipFormulas.margin))
        if let fit = state.fuzzyPartitionIndices {
            // Bezdek's indices of the whole fit (as `sweep` lists them): how crisp it is overall.
            line("partition: coefficient \(NumberFormat.probability(fit.coefficient))"
                 + "  entropy \(NumberFormat.probability(fit.entropy))", style: theme.dimText)
        }
        if !state.context.hasExtras && !model.method.isGaussianMixture {
            line("gmm: estimating the mixture from the hard labels…", style: theme.dimText)
        }
        // m-out-of-n at large N: say how big each resample is (see `Bootstrap`).
        let m = min(state.bootstrapResampleSize, state.data.matrix.rows)
        let resamples = m < state.data.matrix.rows ? " on \(SampleSummary.grouped(m))-row resamples" : ""
        if let done = state.bootstrapDone {
            line("bootstrap: \(done)/\(state.bootstrapRuns) runs\(resamples)…", style: theme.dimText)
        } else if let b = state.bootstrap, rules.contains(where: { $0.rule == .bootstrap && $0.values != nil }) {
            line(resamples.isEmpty ? "bootstrap: \(b.runs) k-means runs on resamples" : "bootstrap: \(b.runs) runs\(resamples)",
                 style: theme.dimText)
        }
        // issue 16: a beta that means something (only where the panel shows softmax).
        if lead == .softmax, let note = state.oneHotNote { line(note, style: theme.dimText) }
        sparklines(state, rule: lead, point: point, line: emit, width: area.width, theme: theme)
        line("cosine is a similarity, not a probability", style: theme.dimText)
        let flags = state.softHardDisagreements()
        if flags.count > 0 {
            let of = flags.examined < state.data.matrix.rows ? " of \(flags.examined) sampled" : ""
            line("\(flags.count) rows\(of): top \(state.mapRule.rawValue) cluster ≠ hard cluster (A: ambiguous)", style: theme.dimText)
        }
        if model.iteration > 0 {
            line("last step: \(model.changedLabels) point\(model.changedLabels == 1 ? "" : "s") changed cluster", style: theme.dimText)
        }
    }

    /// Feature values in the file's units, as many as fit, two per line (three lines at most).
    private static func featureLines(_ raw: [Double], line: (String, CellStyle) -> Void, width: Int, theme: Theme, names: [String]) {
        let pairs = names.enumerated().map { "\($0.element) \(NumberFormat.short(raw[$0.offset]))" }
        let half = max(1, (width - 1) / 2)
        var index = 0
        while index < pairs.count && index < 6 {
            let second = index + 1 < pairs.count ? pairs[index + 1] : ""
            line(NumberFormat.padRight(pairs[index], half) + " " + second, theme.dimText)
            index += 2
        }
        if index < pairs.count { line("… \(pairs.count - index) more features", theme.dimText) }
    }

    /// Per cluster, the first column's membership of the point as its parameter is turned, with
    /// the current value marked underneath: softmax for β from 0.01 to 100, or fuzzy c-means' own
    /// (the fuzzy rule) for m − 1 from 0.01 to 100 — the range the `} {` keys keep m in — both on
    /// a log scale. (For fcm the curve is that of the model's centroids: turning m refits them.)
    private static func sparklines(_ state: AppState, rule: MembershipRule, point: [Double],
                                   line: (String, CellStyle) -> Void, width: Int, theme: Theme) {
        let samples = max(8, min(40, width - 12))
        let scale = (0..<samples).map { pow(10, -2 + 4 * Double($0) / Double(samples - 1)) }
        let d = state.context.distances(of: point)
        let curves: [[Double]], title: String, mark: String, offset: Double
        if rule == .fuzzy {
            let m = state.context.fuzziness
            curves = scale.map { MembershipFormulas.fuzzy(distances: d, fuzziness: 1 + $0) }
            title = "\(state.model.method.rawValue) vs m (1.01 … 101, log scale of m−1)"
            mark = "m=\(NumberFormat.fuzziness(m))"
            offset = m - 1
        } else {
            curves = scale.map { MembershipFormulas.softmax(distances: d, beta: $0) }
            title = "softmax vs beta (0.01 … 100, log scale)"
            mark = "beta=\(NumberFormat.beta(state.settings.beta))"
            offset = state.settings.beta
        }
        let ascii = theme.mode.charset == .ascii
        line(title, theme.dimText)
        for j in 0..<state.model.k {
            let spark = String(curves.map { SidePanel.spark($0[j], ascii: ascii) })
            line(NumberFormat.padRight("c\(j)", 4) + spark, theme.palette.style(forGroup: state.colorSlots[j]))
        }
        let position = Int(((log10(offset) + 2) / 4 * Double(samples - 1)).rounded())
        if position >= 0 && position < samples {
            line(String(repeating: " ", count: 4 + position) + "^ " + mark, theme.dimText)
        } else {
            line("    (\(mark) is off this scale)", theme.dimText)
        }
    }

    /// One sparkline cell for a value in [0, 1].
    static func spark(_ p: Double, ascii: Bool) -> Character {
        let v = max(0, min(1, p.isFinite ? p : 0))
        if ascii { return [Character("_"), ".", "-", "=", "#"][Int((v * 4).rounded())] }
        return ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"][min(7, Int(v * 8))]
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
