/// Adjusted Rand index between two labelings (scikit-learn's `adjusted_rand_score`).
///
/// 1 for identical partitions up to renaming, about 0 for independent ones. Rows where either
/// label is negative (missing) are left out. Both partitions trivial (one cluster each, or all
/// singletons) give 1, as scikit-learn.
public func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
    var pairs: [(Int, Int)] = []
    for i in a.indices where a[i] >= 0 && b[i] >= 0 { pairs.append((a[i], b[i])) }
    let n = pairs.count
    guard n > 1 else { return 1 }
    var table: [Int: [Int: Int]] = [:]
    var rowSums: [Int: Int] = [:], colSums: [Int: Int] = [:]
    for (x, y) in pairs {
        table[x, default: [:]][y, default: 0] += 1
        rowSums[x, default: 0] += 1
        colSums[y, default: 0] += 1
    }
    func choose2(_ m: Int) -> Double { Double(m) * Double(m - 1) / 2 }
    let index = table.values.reduce(0.0) { $0 + $1.values.reduce(0.0) { $0 + choose2($1) } }
    let sumA = rowSums.values.reduce(0.0) { $0 + choose2($1) }
    let sumB = colSums.values.reduce(0.0) { $0 + choose2($1) }
    let expected = sumA * sumB / choose2(n)
    let maximum = (sumA + sumB) / 2
    if maximum == expected { return 1 }
    return (index - expected) / (maximum - expected)
}
