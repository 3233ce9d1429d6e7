import Dispatch
import Foundation

/// Mixture parameters estimated from responsibilities: scikit-learn's M-step formulas.
struct GaussianParameters: Sendable, Equatable {
    /// Σᵢ r_ij + 10ε per component (the ε keeps empty components finite, as scikit-learn).
    var componentMass: [Double]
    var means: Matrix
    var covariances: Covariances

    /// Estimates from `resp` (n × k, row-major). `xtx` (XᵀX, D×D) is reused for the tied type.
    ///
    /// `isCancelled` is asked between blocks of rows of the O(N·D²) full covariances (the explorer's
    /// background extras); once it says true the result is garbage and the caller must drop it.
    static func estimate(_ data: Matrix, resp: [Double], k: Int, type: CovarianceType,
                         regCovar: Double, xtx: Matrix, isCancelled: () -> Bool = { false }) -> GaussianParameters {
        let n = data.rows, d = data.columns
        // Pass 1: component mass and weighted sums (and weighted squares for diag/spherical), per
        // row chunk; each chunk's sums run over its rows in order, so the components can be split
        // between threads without changing a bit. Zero responsibilities (most of them in high
        // dimension, where exp underflows) are skipped.
        let wantSquares = type == .diag || type == .spherical
        var total: (mass: [Double], sum: [Double], square: [Double])?
        data.values.withUnsafeBufferPointer { xb in
            resp.withUnsafeBufferPointer { rb in
                let x = xb.baseAddress!, r = rb.baseAddress!
                for c in 0..<ParallelChunks.chunkCount(n) {
                    let range = ParallelChunks.range(c, of: n)
                    // One spare element each, so no buffer is empty (and every base address exists).
                    var mass = [Double](repeating: 0, count: k + 1)
                    var sum = [Double](repeating: 0, count: k * d + 1)
                    var square = [Double](repeating: 0, count: wantSquares ? k * d + 1 : 1)
                    mass.withUnsafeMutableBufferPointer { mb in
                        sum.withUnsafeMutableBufferPointer { sb in
                            square.withUnsafeMutableBufferPointer { qb in
                                let m = mb.baseAddress!, s = sb.baseAddress!, q = wantSquares ? qb.baseAddress! : nil
                                forEachComponentGroup(k) { group in
                                    for i in range {
                                        let xi = x + i * d, ri = r + i * k
                                        for j in group {
                                            let w = ri[j]
                                            if w == 0 { continue }
                                            m[j] += w
                                            let sj = s + j * d
                                            for f in 0..<d { sj[f] += w * xi[f] }
                                            if let q {
                                                let qj = q + j * d
                                                for f in 0..<d { let v = xi[f]; qj[f] += w * v * v }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    if var t = total {
                        for j in 0..<k { t.mass[j] += mass[j] }
                        for i in t.sum.indices { t.sum[i] += sum[i] }
                        if wantSquares { for i in t.square.indices { t.square[i] += square[i] } }
                        total = t
                    } else {
                        total = (mass, sum, square)
                    }
                }
            }
        }
        let totals = total!
        let mass = totals.mass[0..<k].map { $0 + 10 * Double.ulpOfOne }
        var means = Matrix(rows: k, columns: d)
        for j in 0..<k { for f in 0..<d { means[j, f] = totals.sum[j * d + f] / mass[j] } }

        let covariances: Covariances
        switch type {
        case .full:
            covariances = .full(fullCovariances(data, resp: resp, k: k, means: means, mass: mass, regCovar: regCovar,
                                                 isCancelled: isCancelled))
        case .tied:
            // (XᵀX − Σ_j n_j μ_j μ_jᵀ) / Σ n_j, the raw-moment form scikit-learn uses.
            var c = xtx
            for a in 0..<d {
                for b in 0..<d {
                    var s = 0.0
                    for j in 0..<k { s += mass[j] * means[j, a] * means[j, b] }
                    c[a, b] -= s
                }
            }
            let totalMass = mass.reduce(0, +)
            for i in c.values.indices { c.values[i] /= totalMass }
            for f in 0..<d { c[f, f] += regCovar }
            covariances = .tied(c)
        case .diag, .spherical:
            var v = Matrix(rows: k, columns: d)
            for j in 0..<k {
                for f in 0..<d {
                    v[j, f] = totals.square[j * d + f] / mass[j] - means[j, f] * means[j, f] + regCovar
                }
            }
            if type == .diag {
                covariances = .diag(v)
            } else {
                covariances = .spherical((0..<k).map { j in (0..<d).reduce(0) { $0 + v[j, $1] } / Double(d) })
            }
        }
        return GaussianParameters(componentMass: mass, means: means, covariances: covariances)
    }

    /// Σᵢ r_ij (xᵢ−μ_j)(xᵢ−μ_j)ᵀ / n_j + reg·I for each component (centred, as scikit-learn's full).
    private static func fullCovariances(_ data: Matrix, resp: [Double], k: Int, means: Matrix,
                                        mass: [Double], regCovar: Double, isCancelled: () -> Bool) -> [Matrix] {
        let n = data.rows, d = data.columns
        // Partials folded in chunk order as they come (`fold`), so only a wave of k × D × D
        // accumulators is alive at once, not one per chunk.
        let total: [Double] = data.values.withUnsafeBufferPointer { x in
            resp.withUnsafeBufferPointer { r in
                means.values.withUnsafeBufferPointer { mu in
                    ParallelChunks.fold(n, { range -> [Double] in
                        // Each entry (j, p, q) is Σ over the chunk's rows, in row order, of
                        // (w · diff_p) · diff_q. The rows go in blocks: per component, the block's
                        // weighted rows are gathered, then each row p of the accumulator takes every
                        // row of the block in order while it is in L1 (one pass per row used to sweep
                        // the whole D × D triangle through L2). Same terms, same order: same bits.
                        let block = 32
                        var acc = [Double](repeating: 0, count: k * d * d)
                        var diffs = [Double](repeating: 0, count: block * d)
                        var weights = [Double](repeating: 0, count: block)
                        acc.withUnsafeMutableBufferPointer { a in
                            diffs.withUnsafeMutableBufferPointer { db in
                                weights.withUnsafeMutableBufferPointer { wb in
                                    let diff = db.baseAddress!, wt = wb.baseAddress!
                                    var start = range.lowerBound
                                    // A block is ~k·D²/2·32 flops (milliseconds at D = 784): asking here
                                    // lets a cancelled caller stop promptly.
                                    while start < range.upperBound, !isCancelled() {
                                        let end = min(start + block, range.upperBound)
                                        for j in 0..<k {
                                            var used = 0
                                            for i in start..<end {
                                                let w = r[i * k + j]
                                                if w == 0 { continue }
                                                let t = diff + used * d
                                                for f in 0..<d { t[f] = x[i * d + f] - mu[j * d + f] }
                                                wt[used] = w
                                                used += 1
                                            }
                                            if used == 0 { continue }
                                            let base = a.baseAddress! + j * d * d
                                            for p in 0..<d {
                                                let row = base + p * d
                                                var u = 0
                                                // Four rows per pass over the accumulator row, added in row order.
                                                while u + 4 <= used {
                                                    let t0 = diff + u * d, t1 = t0 + d, t2 = t1 + d, t3 = t2 + d
                                                    let w0 = wt[u] * t0[p], w1 = wt[u + 1] * t1[p]
                                                    let w2 = wt[u + 2] * t2[p], w3 = wt[u + 3] * t3[p]
                                                    for q in p..<d { row[q] = row[q] + w0 * t0[q] + w1 * t1[q] + w2 * t2[q] + w3 * t3[q] }
                                                    u += 4
                                                }
                                                while u < used {
                                                    let t = diff + u * d
                                                    let wp = wt[u] * t[p]
                                                    for q in p..<d { row[q] += wp * t[q] }
                                                    u += 1
                                                }
                                            }
                                        }
                                        start = end
                                    }
                                }
                            }
                        }
                        return acc
                    }, combine: { total, p in for i in total.indices { total[i] += p[i] } })
                }
            }
        }
        return (0..<k).map { j in
            var c = Matrix(rows: d, columns: d)
            for p in 0..<d {
                for q in p..<d {
                    let v = total[j * d * d + p * d + q] / mass[j]
                    c[p, q] = v
                    c[q, p] = v
                }
                c[p, p] += regCovar
            }
            return c
        }
    }
}

/// Runs `body` on groups of consecutive components, in parallel when there are several: work that
/// writes only its own components' sums, so the split never changes a result.
func forEachComponentGroup(_ k: Int, _ body: (Range<Int>) -> Void) {
    let groups = min(k, 8)
    if groups <= 1 { body(0..<k); return }
    DispatchQueue.concurrentPerform(iterations: groups) { g in
        body((g * k / groups)..<((g + 1) * k / groups))
    }
}

/// XᵀX (D×D), summed in a fixed order. `isCancelled` is asked every 32 rows; once it says true
/// the result is garbage and the caller must drop it.
func gramMatrix(_ data: Matrix, isCancelled: () -> Bool = { false }) -> Matrix {
    let n = data.rows, d = data.columns
    let partials: [[Double]] = data.values.withUnsafeBufferPointer { x in
        // One partial at a time beside the running sum (`fold`), not one per chunk (D × D each).
        [ParallelChunks.fold(n, { range -> [Double] in
            var acc = [Double](repeating: 0, count: d * d)
            for i in range {
                if (i - range.lowerBound) % 32 == 0, isCancelled() { break }
                for p in 0..<d {
                    let v = x[i * d + p]
                    for q in p..<d { acc[p * d + q] += v * x[i * d + q] }
                }
            }
            return acc
        }, combine: { total, p in for i in total.indices { total[i] += p[i] } })]
    }
    var g = Matrix(rows: d, columns: d)
    for p in partials { for i in p.indices { g.values[i] += p[i] } }
    for a in 0..<d { for b in 0..<a { g[a, b] = g[b, a] } }
    return g
}
