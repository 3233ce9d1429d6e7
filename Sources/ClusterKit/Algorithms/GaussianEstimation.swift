import Dispatch
import Foundation

/// Mixture parameters estimated from responsibilities: scikit-learn's M-step formulas.
struct GaussianParameters: Sendable, Equatable {
    /// Σᵢ r_ij + 10ε per component (the ε keeps empty components finite, as scikit-learn).
    var componentMass: [Double]
    var means: Matrix
    var covariances: Covariances

    /// Estimates from `resp` (n × k, row-major). `xtx` (XᵀX, D×D) is reused for the tied type.
    static func estimate(_ data: Matrix, resp: [Double], k: Int, type: CovarianceType,
                         regCovar: Double, xtx: Matrix) -> GaussianParameters {
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
            covariances = .full(fullCovariances(data, resp: resp, k: k, means: means, mass: mass, regCovar: regCovar))
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
                                        mass: [Double], regCovar: Double) -> [Matrix] {
        let n = data.rows, d = data.columns
        let partials: [[Double]] = data.values.withUnsafeBufferPointer { x in
            resp.withUnsafeBufferPointer { r in
                means.values.withUnsafeBufferPointer { mu in
                    ParallelChunks.map(n) { range -> [Double] in
                        var acc = [Double](repeating: 0, count: k * d * d)
                        var diff = [Double](repeating: 0, count: d)
                        acc.withUnsafeMutableBufferPointer { a in
                            for i in range {
                                for j in 0..<k {
                                    let w = r[i * k + j]
                                    if w == 0 { continue }
                                    for f in 0..<d { diff[f] = x[i * d + f] - mu[j * d + f] }
                                    let base = j * d * d
                                    for p in 0..<d {
                                        let wp = w * diff[p]
                                        for q in p..<d { a[base + p * d + q] += wp * diff[q] }
                                    }
                                }
                            }
                        }
                        return acc
                    }
                }
            }
        }
        var total = partials[0]
        for p in partials.dropFirst() { for i in total.indices { total[i] += p[i] } }
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

/// XᵀX (D×D), summed in a fixed order.
func gramMatrix(_ data: Matrix) -> Matrix {
    let n = data.rows, d = data.columns
    let partials: [[Double]] = data.values.withUnsafeBufferPointer { x in
        ParallelChunks.map(n) { range -> [Double] in
            var acc = [Double](repeating: 0, count: d * d)
            for i in range {
                for p in 0..<d {
                    let v = x[i * d + p]
                    for q in p..<d { acc[p * d + q] += v * x[i * d + q] }
                }
            }
            return acc
        }
    }
    var g = Matrix(rows: d, columns: d)
    for p in partials { for i in p.indices { g.values[i] += p[i] } }
    for a in 0..<d { for b in 0..<a { g[a, b] = g[b, a] } }
    return g
}
