import ClusterKit

extension AppState {
    /// New clusters take the colour of the old cluster they match (minimum-cost assignment of
    /// centroid distances); clusters with no counterpart get the unused slots.
    func matchedSlots(new: Matrix, old: Matrix, oldSlots: [Int]) -> [Int] {
        let n = max(new.rows, old.rows)
        var cost = Matrix(rows: n, columns: n)
        for a in 0..<new.rows {
            for b in 0..<old.rows { cost[a, b] = squaredDistance(new.row(a), old.row(b)).squareRoot() }
        }
        let match = minimumCostAssignment(cost)
        var slots = [Int](repeating: -1, count: new.rows)
        for a in 0..<new.rows where match[a] < old.rows { slots[a] = oldSlots[match[a]] }
        var free = (0..<max(n, 26)).filter { !slots.contains($0) }
        for a in slots.indices where slots[a] < 0 { slots[a] = free.removeFirst() }
        return slots
    }
}
