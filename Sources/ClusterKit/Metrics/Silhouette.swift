import Dispatch

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
    // Rows in fixed chunks of 64 above 1,024 rows (one chunk below, as before): the O(N²) work
    // spreads evenly over the cores, and the sum of chunk totals in order does not depend on
    // their number.
    let chunk = n > 1_024 ? 64 : max(n, 1)
    let chunks = (n + chunk - 1) / chunk
    var scores = [Double](repeating: 0, count: chunks)
    x.values.withUnsafeBufferPointer { xb in
        l.withUnsafeBufferPointer { lb in
            sizes.withUnsafeBufferPointer { sb in
                scores.withUnsafeMutableBufferPointer { out in
                    nonisolated(unsafe) let result = out.baseAddress!
                    let body = { (c: Int) in
                        var total = 0.0
                        var sums = [Double](repeating: 0, count: groups)
                        sums.withUnsafeMutableBufferPointer { sumb in
                            for i in (c * chunk)..<min(n, (c + 1) * chunk) {
                                for j in 0..<groups { sumb[j] = 0 }
                                let xi = xb.baseAddress! + i * d
                                for o in 0..<n where o != i {
                                    sumb[lb[o]] += squaredDistance(xi, xb.baseAddress! + o * d, d).squareRoot()
                                }
                                let own = lb[i]
                                guard sb[own] > 1 else { continue }
                                let a = sumb[own] / Double(sb[own] - 1)
                                var b = Double.infinity
                                for j in 0..<groups where j != own && sb[j] > 0 { b = min(b, sumb[j] / Double(sb[j])) }
                                let s = max(a, b) > 0 ? (b - a) / max(a, b) : 0
                                total += s
                            }
                        }
                        result[c] = total
                    }
                    if chunks == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: body) }
                }
            }
        }
    }
    return scores.reduce(0, +) / Double(n)
}

extension NumPyRandomState: RandomNumberGenerator {
    public mutating func next() -> UInt64 { UInt64(nextUInt32()) << 32 | UInt64(nextUInt32()) }
}
