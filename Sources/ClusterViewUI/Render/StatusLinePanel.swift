import ClusterKit

/// The top line: file, shape, method, k, beta, the fuzziness `m=` where it matters, covariance,
/// iteration, objective, projection, and what is running. Its words `iter`, `k=`, `beta=` are
/// read by scripts: keep them.
///
/// On a narrow terminal the parts give way in a fixed order (projection, shape, objective,
/// covariance, file name) before anything is cut; what is running always stays, ending in `…`
/// if it must.
enum StatusLinePanel {
    static func render(_ state: AppState, into screen: inout Screen, at rect: Rect, theme: Theme) {
        screen.fill(rect, with: Cell(" ", style: theme.statusLine))
        let model = state.model, s = state.settings
        let file = Overlay.abbreviate(state.fileName.split(separator: "/").last.map(String.init) ?? state.fileName, to: 24)
        // (text, priority): 0 always stays; the highest number gives way first.
        var parts: [(String, Int)] = [
            (file, 1),
            ("\(state.data.matrix.rows)×\(state.data.matrix.columns)\(state.data.standardized ? " z" : "")", 4),
            // `--sample`: the rows shown are not the whole file; this stays as long as the file name.
            (state.dataset.sample.flatMap { $0.isComplete ? nil : $0.description } ?? "", 1),
            (s.method.title, 0),
            ("k=\(model.k)", 0),
            ("beta=\(NumberFormat.beta(s.beta))" + (state.betaIsAutoForState ? " auto" : ""), 0),
        ]
        // m stays as long as beta when it shapes the fit; beside the `v` comparison, as long as cov=.
        if state.fuzzinessOnStatusLine {
            parts.append(("m=\(NumberFormat.fuzziness(s.fuzziness))", s.method.fitReads(.fuzziness) ? 0 : 2))
        }
        if s.method.isGaussianMixture { parts.append(("cov=\(s.covarianceType.rawValue)", 2)) }
        if s.nInit > 1 { parts.append(("best of \(s.nInit) inits", 3)) }
        parts.append(("iter \(model.iteration)" + (model.converged ? " converged" : ""), 0))
        let merged = MergedCentroids.warning(state)
        if let merged { parts.append((merged.long, 0)) }
        let objective = model.objective
        parts.append(("\(objective.name) \(NumberFormat.short(objective.value, digits: 6))", 3))
        let p = state.projection
        if p.isPCA {
            let r = p.pca.explainedVarianceRatio
            parts.append(("PCA \(Int((r[0] * 100).rounded()))%/\(Int((r[1] * 100).rounded()))%", 5))
        } else {
            parts.append(("\(p.label(p.x, data: state.data)) vs \(p.label(p.y, data: state.data))", 5))
        }
        var right = ""
        if let busy = state.busy { right = "⟳ \(busy.what)… (Esc)" }
        else if state.exportWaitsForBootstrap { right = "⟳ E waits for bootstrap \(state.bootstrapDone ?? 0)/\(state.bootstrapRuns)… (Esc)" }
        else if state.autoplay { right = "▶ playing" }
        else if state.autoBetaSearching { right = "⟳ auto beta… (Esc)" }
        if theme.mode.charset == .ascii { right = right.replacingOccurrences(of: "⟳", with: "*").replacingOccurrences(of: "▶", with: ">") }
        let room = rect.width - (right.isEmpty ? 0 : min(right.count, rect.width / 2) + 2)
        parts.removeAll { $0.0.isEmpty }
        func line() -> String { " " + parts.map(\.0).joined(separator: "  ") }
        while line().count > room, let drop = parts.indices.filter({ parts[$0].1 > 0 }).max(by: { parts[$0].1 < parts[$1].1 }) {
            parts.remove(at: drop)
        }
        if line().count > room, let merged, let index = parts.firstIndex(where: { $0.0 == merged.long }) {
            parts[index].0 = merged.short
        }
        let left = Overlay.abbreviate(line(), to: max(1, room))
        screen.put(left, x: rect.x, y: rect.y, style: theme.statusLine, maxWidth: rect.width)
        if !right.isEmpty {
            right = Overlay.abbreviate(right, to: max(1, rect.width - left.count - 2))
            screen.put(right, x: rect.maxX - right.count - 1, y: rect.y, style: theme.statusLine)
        }
    }
}
