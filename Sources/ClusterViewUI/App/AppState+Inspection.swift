import ClusterKit

/// Reading memberships: true labels, ellipses, the membership map, the probe, ambiguity jumps.
extension AppState {
    mutating func updateInspection(_ action: Action) -> [Effect]? {
        switch action {
        case .toggleTrueLabels:
            if dataset.labelCodes == nil { message = "this file has no label column"; return [] }
            showTrueLabels.toggle()
            return []
        case .toggleEllipses:
            showEllipses.toggle()
            if model.gaussianMixture == nil && showEllipses { message = "ellipses show for GMM (press m)" }
            return []
        case .toggleMap:
            showMap.toggle()
            return []
        case .cycleMapRule:
            let rules: [MembershipRule] = [.softmax, .gmm, .inversePower]
            mapRule = rules[((rules.firstIndex(of: mapRule) ?? 0) + 1) % rules.count]
            message = "map rule: \(mapRule.rawValue)"
            return []
        case .dropProbe:
            probe = probe ?? projection.point(selected)
            message = "probe: arrows or a click move it, P removes it"
            return []
        case .removeProbe:
            probe = nil
            return []
        case .nextAmbiguous:
            // Rows ordered from the most ambiguous (smallest margin); go to the next after the current.
            let m = margins()
            let order = m.indices.sorted { m[$0] != m[$1] ? m[$0] < m[$1] : $0 < $1 }
            // Continue down the list only if the selection is still where the last jump left it.
            let at = (order.firstIndex(of: selected).map { $0 == ambiguityRank ? $0 + 1 : 0 } ?? 0) % order.count
            ambiguityRank = at
            selected = order[at]
            probe = nil
            message = "margin \(NumberFormat.probability(m[selected])) under \(mapRule.rawValue) (rank \(at + 1) of \(order.count))"
            return []
        default:
            return nil
        }
    }
}
