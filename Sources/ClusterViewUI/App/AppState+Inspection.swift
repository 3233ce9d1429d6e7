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
            if model.gaussianMixture == nil {
                message = "ellipses are drawn for GMM only (m switches method); they will be \(showEllipses ? "on" : "off")"
            }
            return []
        case .toggleMap:
            showMap.toggle()
            return []
        case .cycleMapRule:
            // The model's own rule joins the cycle when it is not one of the three (fcm's `fuzzy`).
            let rules: [MembershipRule] = [.softmax, .gmm, .inversePower] + (leadRule == .softmax ? [] : [leadRule])
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
            let (m, order) = ambiguityOrder()
            // Continue down the list only if the selection is still where the last jump left it.
            let continuing = ambiguityRank.map { order.indices.contains($0) && Int(order[$0]) == selected } ?? false
            let at = continuing ? (ambiguityRank! + 1) % order.count : 0
            ambiguityRank = at
            selected = Int(order[at])
            probe = nil
            message = "margin \(NumberFormat.probability(m[selected])) under \(mapRule.rawValue) (rank \(at + 1) of \(order.count))"
            return []
        default:
            return nil
        }
    }
}
