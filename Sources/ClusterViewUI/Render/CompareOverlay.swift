import ClusterKit

/// `v`: every rule's distribution for the focused point side by side, with bars, and how much the
/// probability rules disagree (total variation distance from softmax, and the largest pair).
///
/// One column per cluster; when the terminal is too narrow for all k, the clusters the point
/// belongs to most are kept and a line names how many are not shown.
enum CompareOverlay {
    static let rules: [MembershipRule] = [.softmax, .gmm, .inversePower, .bootstrap, .fuzzy, .cosine, .linear]
    static let nameWidth = 14, columnWidth = 8

    static let title = "rules compared (v closes)"

    static func render(_ state: AppState, into screen: inout Screen, within area: Rect, theme: Theme) {
        Overlay.present(title: title, lines: lines(state, within: area, theme: theme), in: area, scroll: state.overlayScroll,
                        screen: &screen, theme: theme)
    }

    /// The overlay's lines for the room `area` gives (it decides how many cluster columns fit).
    static func lines(_ state: AppState, within area: Rect, theme: Theme) -> [Overlay.Line] {
        let point = state.focusPoint, k = state.model.k
        let rows = rules.map { ($0, state.values($0, for: point)) }
        let clusters = shownClusters(rows.map(\.1), k: k, room: area.width - 4 - nameWidth)
        let ascii = theme.mode.charset == .ascii
        var lines: [Overlay.Line] = []
        lines.append([Overlay.Span(NumberFormat.padRight("rule", nameWidth)
                                   + clusters.map { NumberFormat.pad("c\($0)", columnWidth) }.joined(), theme.title)])
        for (rule, values) in rows {
            var line = [Overlay.Span(NumberFormat.padRight(rule.rawValue, nameWidth))]
            for j in clusters {
                guard let v = values?[j] else {
                    line.append(Overlay.Span(NumberFormat.pad("-", columnWidth - 1) + " ", theme.dimText))
                    continue
                }
                line.append(Overlay.Span(NumberFormat.pad(v.isFinite ? NumberFormat.probability(v) : "—", columnWidth - 1)))
                line.append(Overlay.Span(rule.isProbability ? String(SidePanel.bar(v, ascii: ascii)) : " ",
                                         theme.palette.style(forGroup: state.colorSlots[j])))
            }
            lines.append(line)
        }
        if clusters.count < k {
            lines.append([Overlay.Span("showing the \(clusters.count) of \(k) clusters with the largest memberships "
                                       + "(widen the terminal for all)", theme.dimText)])
        }
        lines.append([])
        let probabilities = rows.compactMap { row -> (MembershipRule, [Double])? in
            guard row.0.isProbability, let v = row.1 else { return nil }
            return (row.0, v)
        }
        if let soft = probabilities.first(where: { $0.0 == .softmax })?.1 {
            let parts = probabilities.filter { $0.0 != .softmax }
                .map { "\(abbreviation($0.0)) \(NumberFormat.probability(totalVariation(soft, $0.1)))" }
            lines.append([Overlay.Span("TV vs softmax: " + parts.joined(separator: "  "))])
        }
        var worst: (Double, String) = (0, "")
        for a in probabilities.indices { for b in probabilities.indices where a < b {
            let tv = totalVariation(probabilities[a].1, probabilities[b].1)
            if tv > worst.0 { worst = (tv, "\(probabilities[a].0.shortName) vs \(probabilities[b].0.shortName)") }
        } }
        if !worst.1.isEmpty {
            lines.append([Overlay.Span("largest disagreement: \(worst.1), TV \(NumberFormat.probability(worst.0))", theme.dimText)])
        }
        return lines
    }

    /// The clusters that get a column: all of them when `room` columns hold them, else the ones
    /// with the largest membership under any rule, in cluster order.
    static func shownClusters(_ values: [[Double]?], k: Int, room: Int) -> [Int] {
        let fit = max(1, room / columnWidth)
        guard k > fit else { return Array(0..<k) }
        let strength = (0..<k).map { j in values.compactMap { $0?[j] }.filter(\.isFinite).max() ?? 0 }
        let strongest = (0..<k).sorted { strength[$0] != strength[$1] ? strength[$0] > strength[$1] : $0 < $1 }
        return Array(strongest.prefix(fit)).sorted()
    }

    static func abbreviation(_ rule: MembershipRule) -> String {
        switch rule {
        case .inversePower: return "inv"
        case .bootstrap: return "boot"
        default: return rule.rawValue
        }
    }

    /// Total variation distance ½ Σ |p − q| between two distributions.
    static func totalVariation(_ p: [Double], _ q: [Double]) -> Double {
        zip(p, q).reduce(0) { $0 + abs($1.0 - $1.1) } / 2
    }
}
