import ClusterKit
import Foundation

/// `w`: the map rule's formula with the focused point's own numbers filled in, down to the result.
enum ExplainOverlay {
    static func title(_ state: AppState) -> String { "how \(state.mapRule.rawValue) is computed (w closes; R changes the rule)" }

    static func render(_ state: AppState, into screen: inout Screen, within area: Rect, theme: Theme) {
        Overlay.present(title: title(state),
                        lines: explanation(state).map { [Overlay.Span($0)] }, in: area, scroll: state.overlayScroll,
                        screen: &screen, theme: theme)
    }

    static func explanation(_ state: AppState) -> [String] {
        let point = state.focusPoint, context = state.context
        let d = context.distances(of: point), k = d.count
        let f = { (v: Double) in NumberFormat.short(v, digits: 4) }
        let result = state.values(state.mapRule, for: point) ?? []
        var lines: [String] = []
        switch state.mapRule {
        case .gmm:
            lines.append("p_j = w_j N(x | μ_j, Σ_j) / Σ_l w_l N(x | μ_l, Σ_l)")
            if let mixture = context.mixture {
                let logs = mixture.weightedLogProbabilities(of: point)
                for j in 0..<k {
                    lines.append("  j=\(j): w=\(f(mixture.weights[j]))  log w·N = \(f(logs[j]))")
                }
                lines.append("  log Σ = \(f(logSumExp(logs)))   p_j = exp(log w_j N_j − log Σ)")
            } else {
                lines.append("  (no mixture: a component has too few points)")
            }
        case .inversePower:
            let n = context.dimension
            lines.append("p_j = (1/d_j)^(n−1) / Σ_l (1/d_l)^(n−1),  d in z-score units, n = \(n)")
            let z = state.data.zPoint(fromClustering: point)
            let zd = (0..<k).map { squaredDistance(z, context.zCentroids.row($0)).squareRoot() }
            for j in 0..<k {
                lines.append("  j=\(j): d=\(f(zd[j]))  (1/d)^\(n - 1) = \(zd[j] > 0 ? f(pow(1 / zd[j], Double(n - 1))) : "∞")")
            }
        case .fuzzy:
            // Fuzzy c-means' own membership when the model is fcm (R reaches it then).
            let m = context.fuzziness, e = 2 / (m - 1)
            lines.append("p_j = d_j^(−2/(m−1)) / Σ_l d_l^(−2/(m−1)),  m = \(NumberFormat.fuzziness(m))")
            for j in 0..<k {
                lines.append("  j=\(j): d=\(f(d[j]))  d^(−\(f(e))) = \(d[j] > 0 ? f(pow(d[j], -e)) : "∞")")
            }
        default:
            let beta = state.settings.beta
            lines.append("p_j = exp(−β d_j) / Σ_l exp(−β d_l),  β = \(NumberFormat.beta(beta))")
            let terms = d.map { exp(-beta * ($0 - (d.min() ?? 0))) }
            for j in 0..<k {
                lines.append("  j=\(j): d=\(f(d[j]))  exp(−β(d−d_min)) = \(f(terms[j]))")
            }
            lines.append("  Σ = \(f(terms.reduce(0, +)))   (d_min subtracted: it cancels)")
        }
        lines.append("  result: " + result.map(NumberFormat.probability).joined(separator: "  "))
        return lines
    }
}
