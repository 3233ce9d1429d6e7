/// Adjusted Rand index between two labelings (scikit-learn's `adjusted_rand_score`).
///
/// 1 for identical partitions up to renaming, about 0 for independent ones. Rows where either
/// label is negative (missing) are left out. Both partitions trivial (one cluster each, or all
/// singletons) give 1, as scikit-learn.
public func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
    a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in adjustedRandIndex(a, b) } }
}

/// The same for cluster labels as the models keep them (`[Int32]`), without widening a copy.
public func adjustedRandIndex(_ a: [Int], _ b: [Int32]) -> Double {
    a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in adjustedRandIndex(a, b) } }
}

/// The contingency table of the two labelings, counted in flat arrays (a dense table when it is
/// small, which it is for labels against k clusters; one dictionary of cells otherwise).
///
/// Design note: this was a dictionary of dictionaries filled from an array of pairs, about 50 ms
/// for a million rows (most of `fit --format json`'s own time). Every sum below adds counts
/// choose 2, integers held exactly in a Double while the total stays below 2^53 (any n below
/// ~9·10^7 rows), so the order of the additions (the dictionaries' was arbitrary) cannot change
/// a bit of the result.
func adjustedRandIndex<A: BinaryInteger, B: BinaryInteger>(_ a: UnsafeBufferPointer<A>, _ b: UnsafeBufferPointer<B>) -> Double {
    let count = min(a.count, b.count)
    var n = 0, topA = -1, topB = -1
    for i in 0..<count {
        let x = Int(a[i]), y = Int(b[i])
        if x >= 0 && y >= 0 {
            n += 1
            topA = max(topA, x)
            topB = max(topB, y)
        }
    }
    guard n > 1 else { return 1 }
    let rows = topA + 1, columns = topB + 1
    // Labels are codes 0..<m in practice; arbitrary large ones are counted the general way.
    let cap = max(1 << 16, 4 * n)
    guard rows <= cap && columns <= cap else { return sparseAdjustedRandIndex(a, b, count: count) }
    var rowSums = [Int](repeating: 0, count: rows), columnSums = [Int](repeating: 0, count: columns)
    func choose2(_ m: Int) -> Double { Double(m) * Double(m - 1) / 2 }
    var index = 0.0
    // A row-major table is worth it while it is no bigger than a few times the rows counted.
    let (cells, overflow) = rows.multipliedReportingOverflow(by: columns)
    if !overflow && cells <= cap {
        var table = [Int](repeating: 0, count: rows * columns)
        table.withUnsafeMutableBufferPointer { t in
            for i in 0..<count {
                let x = Int(a[i]), y = Int(b[i])
                if x >= 0 && y >= 0 { t[x * columns + y] += 1 }
            }
        }
        for r in 0..<rows {
            for c in 0..<columns where table[r * columns + c] > 1 {
                let m = table[r * columns + c]
                index += choose2(m)
            }
            for c in 0..<columns { rowSums[r] += table[r * columns + c]; columnSums[c] += table[r * columns + c] }
        }
    } else {
        var table: [Int: Int] = [:]
        for i in 0..<count {
            let x = Int(a[i]), y = Int(b[i])
            if x >= 0 && y >= 0 {
                table[x * columns + y, default: 0] += 1
                rowSums[x] += 1
                columnSums[y] += 1
            }
        }
        for m in table.values where m > 1 { index += choose2(m) }
    }
    let sumA = rowSums.reduce(0.0) { $0 + ($1 > 1 ? choose2($1) : 0) }
    let sumB = columnSums.reduce(0.0) { $0 + ($1 > 1 ? choose2($1) : 0) }
    let expected = sumA * sumB / choose2(n)
    let maximum = (sumA + sumB) / 2
    if maximum == expected { return 1 }
    return (index - expected) / (maximum - expected)
}

private struct ContingencyCell: Hashable {
    var x: Int, y: Int
}

/// The general count, for labels too large to index arrays by.
private func sparseAdjustedRandIndex<A: BinaryInteger, B: BinaryInteger>(_ a: UnsafeBufferPointer<A>, _ b: UnsafeBufferPointer<B>,
                                                                         count: Int) -> Double {
    var table: [ContingencyCell: Int] = [:]
    var rowSums: [Int: Int] = [:], columnSums: [Int: Int] = [:]
    var n = 0
    for i in 0..<count {
        let x = Int(a[i]), y = Int(b[i])
        guard x >= 0 && y >= 0 else { continue }
        n += 1
        table[ContingencyCell(x: x, y: y), default: 0] += 1
        rowSums[x, default: 0] += 1
        columnSums[y, default: 0] += 1
    }
    func choose2(_ m: Int) -> Double { Double(m) * Double(m - 1) / 2 }
    let index = table.values.reduce(0.0) { $0 + choose2($1) }
    let sumA = rowSums.values.reduce(0.0) { $0 + choose2($1) }
    let sumB = columnSums.values.reduce(0.0) { $0 + choose2($1) }
    let expected = sumA * sumB / choose2(n)
    let maximum = (sumA + sumB) / 2
    if maximum == expected { return 1 }
    return (index - expected) / (maximum - expected)
}
