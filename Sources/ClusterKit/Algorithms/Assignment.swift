/// The nearest-centroid assignment of every row: the E-step of Lloyd's algorithm.
struct Assignment {
    var labels: [Int32]
    /// Σ squared distance of each row to its centroid.
    var inertia: Double

    /// Ties go to the lowest cluster index, as scikit-learn's strict `<` comparison.
    ///
    /// Design note: centroids are transposed to D × k (padded to a multiple of 8 with centroids at
    /// the largest double, whose distance is +∞) so eight clusters are compared at once in SIMD
    /// registers, with no store and reload per feature. Each distance is still the plain
    /// Σ (x_f − c_f)², summed in feature order, never the ‖x‖² − 2x·c + ‖c‖² expansion, so no
    /// precision is lost far from the origin.
    static func compute(_ data: Matrix, _ centroids: Matrix) -> Assignment {
        let n = data.rows, d = data.columns, k = centroids.rows
        let lanes = 8, padded = (k + lanes - 1) / lanes * lanes
        var transposed = [Double](repeating: .greatestFiniteMagnitude, count: d * padded)
        for j in 0..<k { for f in 0..<d { transposed[f * padded + j] = centroids[j, f] } }
        // Padding lanes are forced to +∞ after the sum: a row at ±1.8e308 is at distance 0 from a
        // padding centroid at the largest double, and must never be assigned to a cluster ≥ k.
        let lastBlock = padded - lanes
        let padding = SIMD8<Int64>(0, 1, 2, 3, 4, 5, 6, 7) .>= SIMD8<Int64>(repeating: Int64(k - lastBlock))
        var labels = [Int32](repeating: 0, count: n)
        let partial: [Double] = data.values.withUnsafeBufferPointer { x in
            transposed.withUnsafeBufferPointer { ct in
                labels.withUnsafeMutableBufferPointer { out in
                    let xb = x.baseAddress!, cb = UnsafeRawPointer(ct.baseAddress!), ob = out.baseAddress!
                    return ParallelChunks.map(n) { range -> Double in
                        var sum = 0.0
                        for i in range {
                            let row = xb + i * d
                            var best = Double.infinity, bestJ = 0
                            var block = 0
                            while block < padded {
                                var acc = SIMD8<Double>(repeating: 0)
                                for f in 0..<d {
                                    let c = cb.loadUnaligned(fromByteOffset: (f * padded + block) * 8, as: SIMD8<Double>.self)
                                    let t = SIMD8<Double>(repeating: row[f]) - c
                                    acc += t * t
                                }
                                if block == lastBlock { acc.replace(with: .infinity, where: padding) }
                                // One comparison per block; the lane scan runs only on improvement.
                                let smallest = acc.min()
                                if smallest < best {
                                    best = smallest
                                    var lane = 0
                                    while acc[lane] != smallest { lane += 1 }
                                    bestJ = block + lane
                                }
                                block += lanes
                            }
                            ob[i] = Int32(bestJ)
                            sum += best
                        }
                        return sum
                    }
                }
            }
        }
        return Assignment(labels: labels, inertia: partial.reduce(0, +))
    }
}

/// Per-cluster sums and counts of rows under hard labels, combined in a fixed order.
struct ClusterSums {
    var sums: [Double]   // k × D
    var counts: [Double] // k

    static func compute(_ data: Matrix, labels: [Int32], k: Int) -> ClusterSums {
        let n = data.rows, d = data.columns
        let partials: [ClusterSums] = data.values.withUnsafeBufferPointer { x in
            labels.withUnsafeBufferPointer { l in
                ParallelChunks.map(n) { range -> ClusterSums in
                    var s = [Double](repeating: 0, count: k * d), c = [Double](repeating: 0, count: k)
                    for i in range {
                        let j = Int(l[i])
                        c[j] += 1
                        for f in 0..<d { s[j * d + f] += x[i * d + f] }
                    }
                    return ClusterSums(sums: s, counts: c)
                }
            }
        }
        var total = partials[0]
        for p in partials.dropFirst() {
            for i in total.sums.indices { total.sums[i] += p.sums[i] }
            for j in total.counts.indices { total.counts[j] += p.counts[j] }
        }
        return total
    }
}

/// The population variance of each column, averaged: scikit-learn's scale for k-means `tol`.
func meanColumnVariance(_ data: Matrix) -> Double {
    let n = data.rows, d = data.columns
    guard n > 0, d > 0 else { return 0 }
    var mean = [Double](repeating: 0, count: d)
    for i in 0..<n { for f in 0..<d { mean[f] += data.values[i * d + f] } }
    for f in 0..<d { mean[f] /= Double(n) }
    var variance = [Double](repeating: 0, count: d)
    for i in 0..<n {
        for f in 0..<d { let t = data.values[i * d + f] - mean[f]; variance[f] += t * t }
    }
    return variance.reduce(0) { $0 + $1 / Double(n) } / Double(d)
}
