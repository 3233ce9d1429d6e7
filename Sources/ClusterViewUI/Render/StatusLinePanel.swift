import ClusterKit

/// The top line: file, shape, method, k, beta, covariance, iteration, objective, projection, and
/// what is running. Its words `iter`, `k=`, `beta=` are read by scripts: keep them.
enum StatusLinePanel {
    static func render(_ state: AppState, into screen: inout Screen, at rect: Rect, theme: Theme) {
        screen.fill(rect, with: Cell(" ", style: theme.statusLine))
        let model = state.model, s = state.settings
        var parts = [
            state.fileName.split(separator: "/").last.map(String.init) ?? state.fileName,
            "\(state.data.matrix.rows)×\(state.data.matrix.columns)\(state.data.standardized ? " z" : "")",
            s.method.title,
            "k=\(model.k)",
            "beta=\(NumberFormat.beta(s.beta))",
        ]
        if s.method == .gmm { parts.append("cov=\(s.covarianceType.rawValue)") }
        parts.append("iter \(model.iteration)" + (model.converged ? " converged" : ""))
        let objective = model.objective
        parts.append("\(objective.name) \(NumberFormat.short(objective.value, digits: 6))")
        let p = state.projection
        if p.isPCA {
            let r = p.pca.explainedVarianceRatio
            parts.append("PCA \(Int((r[0] * 100).rounded()))%/\(Int((r[1] * 100).rounded()))%")
        } else {
            parts.append("\(p.label(p.x, data: state.data)) vs \(p.label(p.y, data: state.data))")
        }
        let left = " " + parts.joined(separator: "  ")
        screen.put(left, x: rect.x, y: rect.y, style: theme.statusLine, maxWidth: rect.width)
        var right = ""
        if let busy = state.busy { right = "⟳ \(busy.what)… (Esc)" }
        else if state.autoplay { right = "▶ playing" }
        if theme.mode.charset == .ascii { right = right.replacingOccurrences(of: "⟳", with: "*").replacingOccurrences(of: "▶", with: ">") }
        if !right.isEmpty {
            let x = rect.maxX - right.count - 1
            if x > rect.x + left.count { screen.put(right, x: x, y: rect.y, style: theme.statusLine) }
        }
    }
}
