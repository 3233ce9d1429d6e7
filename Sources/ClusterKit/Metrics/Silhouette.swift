/// Mean silhouette coefficient of a hard partition (Euclidean), as scikit-learn's `silhouette_score`.
///
/// For N above `sampleLimit`, a seeded sample of `sampleLimit` rows is scored on its own (as
/// scikit-learn's `sample_size`), keeping the cost O(sample²·D). Rows alone in their cluster score 0.
/// Returns nil when there are fewer than 2 or more than N − 1 distinct labels (undefined).
public func silhouetteScore(_ data: Matrix, labels: [Int32], sampleLimit: Int = 10_000, seed: UInt32 = 0) -> Double? {
    var rows = Array(0..<data.rows)
    if data.rows > sampleLimit {
        var random = NumPyRandomState(seed: seed)
        rows.shuffle(using: &random)
        rows = Array(rows.prefix(sampleLimit)).sorted()
    }
    let x = data.selectingRows(rows)
    let l = rows.map { Int(labels[$0]) }
    let n = x.rows, d = x.columns
    let groups = (l.max() ?? -1) + 1
    var sizes = [Int](repeating: 0, count: max(groups, 0))
    for c in l { sizes[c] += 1 }
    let present = sizes.filter { $0 > 0 }.count
    guard present >= 2, present <= n - 1 else { return nil }
    let scores: [Double] = x.values.withUnsafeBufferPointer { xb in
        ParallelChunks.map(n) { range -> Double in
            var total = 0.0
            var sums = [Double](repeating: 0, count: groups)
            for i in range {
                for j in 0..<groups { sums[j] = 0 }
                for o in 0..<n where o != i {
                    sums[l[o]] += squaredDistance(xb.baseAddress! + i * d, xb.baseAddress! + o * d, d).squareRoot()
                }
                let own = l[i]
                guard sizes[own] > 1 else { continue }
                let a = sums[own] / Double(sizes[own] - 1)
                var b = Double.infinity
                for j in 0..<groups where j != own && sizes[j] > 0 { b = min(b, sums[j] / Double(sizes[j])) }
                let s = max(a, b) > 0 ? (b - a) / max(a, b) : 0
                total += s
            }
            return total
        }
    }
    return scores.reduce(0, +) / Double(n)
}

extension NumPyRandomState: RandomNumberGenerator {
    public mutating func next() -> UInt64 { UInt64(nextUInt32()) << 32 | UInt64(nextUInt32()) }
}
