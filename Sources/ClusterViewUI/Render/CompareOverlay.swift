import ClusterKit

/// `v`: every rule's distribution for the focused point side by side, with bars, and how much the
/// probability rules disagree (total variation distance from softmax, and the largest pair).
enum CompareOverlay {
    static let rules: [MembershipRule] = [.softmax, .gmm, .inversePower, .bootstrap, .fuzzy, .cosine, .linear]

    static func render(_ state: AppState, into screen: inout Screen, within area: Rect, theme: Theme) {
        let point = state.focusPoint, k = state.model.k
        let rows = rules.map { ($0, state.values($0, for: point)) }
        let width = min(area.width, max(14 + k * 8 + 4, 64)), height = min(area.height, rows.count + 8)
        let box = Overlay.box(in: area, width: width, height: height, title: "rules compared (v closes)", screen: &screen, theme: theme)
        var y = box.y + 2
        var header = NumberFormat.padRight("rule", 13)
        for j in 0..<k { header += NumberFormat.pad("c\(j)", 8) }
        screen.put(header, x: box.x + 2, y: y, style: theme.title, maxWidth: box.width - 4)
        y += 1
        let ascii = theme.mode.charset == .ascii
        for (rule, values) in rows where y < box.maxY - 3 {
            var x = box.x + 2
            x += screen.put(NumberFormat.padRight(rule.rawValue, 13), x: x, y: y, maxWidth: box.maxX - 2 - x)
            for j in 0..<k {
                guard x + 8 <= box.maxX - 1 else { break }
                guard let v = values?[j] else { x += screen.put(NumberFormat.pad("-", 8), x: x, y: y, style: theme.dimText); continue }
                x += screen.put(NumberFormat.pad(NumberFormat.probability(v), 7), x: x, y: y)
                x += screen.put(rule.isProbability ? String(SidePanel.bar(v, ascii: ascii)) : " ", x: x, y: y,
                                style: theme.palette.style(forGroup: state.colorSlots[j]))
            }
            y += 1
        }
        // Disagreement among the probability rules.
        let probabilities = rows.compactMap { row -> (MembershipRule, [Double])? in
            guard row.0.isProbability, let v = row.1 else { return nil }
            return (row.0, v)
        }
        y += 1
        if let soft = probabilities.first(where: { $0.0 == .softmax })?.1 {
            let parts = probabilities.filter { $0.0 != .softmax }.map { "\(abbreviation($0.0)) \(NumberFormat.probability(totalVariation(soft, $0.1)))" }
            screen.put("TV vs softmax: " + parts.joined(separator: " "), x: box.x + 2, y: y, maxWidth: box.width - 4)
            y += 1
        }
        var worst: (Double, String) = (0, "")
        for a in probabilities.indices { for b in probabilities.indices where a < b {
            let tv = totalVariation(probabilities[a].1, probabilities[b].1)
            if tv > worst.0 { worst = (tv, "\(probabilities[a].0.shortName) vs \(probabilities[b].0.shortName)") }
        } }
        if !worst.1.isEmpty {
            screen.put("largest disagreement: \(worst.1), TV \(NumberFormat.probability(worst.0))", x: box.x + 2, y: y,
                       style: theme.dimText, maxWidth: box.width - 4)
        }
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

/// A framed box centred in an area, cleared, with a title in its top border.
enum Overlay {
    static func box(in area: Rect, width: Int, height: Int, title: String, screen: inout Screen, theme: Theme) -> Rect {
        let box = Rect(x: area.x + max(0, (area.width - width) / 2), y: area.y + max(0, (area.height - height) / 2),
                       width: min(width, area.width), height: min(height, area.height))
        screen.fill(box, with: .blank)
        let ascii = theme.mode.charset == .ascii
        let h = String(repeating: theme.horizontalRule, count: max(0, box.width - 2))
        screen.put((ascii ? "+" : "┌") + h + (ascii ? "+" : "┐"), x: box.x, y: box.y)
        screen.put((ascii ? "+" : "└") + h + (ascii ? "+" : "┘"), x: box.x, y: box.maxY - 1)
        for y in (box.y + 1)..<max(box.y + 1, box.maxY - 1) {
            screen.put(String(theme.verticalRule), x: box.x, y: y)
            screen.put(String(theme.verticalRule), x: box.maxX - 1, y: y)
        }
        screen.put(" \(title) ", x: box.x + 2, y: box.y, style: theme.title, maxWidth: box.width - 4)
        return box
    }
}
