/// Minimum-cost perfect assignment on a square cost matrix (Hungarian method with potentials, O(k³)).
///
/// Returns `assignment[row] = column`. Used to match clusters across runs and across refits so a
/// cluster keeps its number and colour.
public func minimumCostAssignment(_ cost: Matrix) -> [Int] {
    let n = cost.rows
    precondition(cost.columns == n, "the cost matrix must be square")
    if n == 0 { return [] }
    // 1-based arrays as in the classic formulation; column 0 is a sentinel.
    var u = [Double](repeating: 0, count: n + 1), v = [Double](repeating: 0, count: n + 1)
    var p = [Int](repeating: 0, count: n + 1), way = [Int](repeating: 0, count: n + 1)
    for i in 1...n {
        p[0] = i
        var j0 = 0
        var minv = [Double](repeating: .infinity, count: n + 1)
        var used = [Bool](repeating: false, count: n + 1)
        repeat {
            used[j0] = true
            let i0 = p[j0]
            var delta = Double.infinity, j1 = 0
            for j in 1...n where !used[j] {
                let cur = cost[i0 - 1, j - 1] - u[i0] - v[j]
                if cur < minv[j] { minv[j] = cur; way[j] = j0 }
                if minv[j] < delta { delta = minv[j]; j1 = j }
            }
            for j in 0...n {
                if used[j] { u[p[j]] += delta; v[j] -= delta } else { minv[j] -= delta }
            }
            j0 = j1
        } while p[j0] != 0
        repeat {
            let j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
        } while j0 != 0
    }
    var assignment = [Int](repeating: 0, count: n)
    for j in 1...n where p[j] > 0 { assignment[p[j] - 1] = j - 1 }
    return assignment
}

/// For each row of `new` (k × D), the row of `reference` it matches, minimising the summed
/// Euclidean distances between matched centroids.
public func matchCentroids(_ new: Matrix, to reference: Matrix) -> [Int] {
    let k = new.rows
    var cost = Matrix(rows: k, columns: k)
    for a in 0..<k { for b in 0..<k { cost[a, b] = squaredDistance(new.row(a), reference.row(b)).squareRoot() } }
    return minimumCostAssignment(cost)
}
