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
        // Pass 1: component mass and weighted sums (and weighted squares for diag/spherical).
        struct Moments { var mass: [Double]; var sum: [Double]; var square: [Double] }
        let wantSquares = type == .diag || type == .spherical
        let partials: [Moments] = data.values.withUnsafeBufferPointer { x in
            resp.withUnsafeBufferPointer { r in
                ParallelChunks.map(n) { range -> Moments in
                    var m = Moments(mass: .init(repeating: 0, count: k), sum: .init(repeating: 0, count: k * d),
                                    square: wantSquares ? .init(repeating: 0, count: k * d) : [])
                    for i in range {
                        for j in 0..<k {
                            let w = r[i * k + j]
                            if w == 0 { continue }
                            m.mass[j] += w
                            for f in 0..<d {
                                let v = x[i * d + f]
                                m.sum[j * d + f] += w * v
                                if wantSquares { m.square[j * d + f] += w * v * v }
                            }
                        }
                    }
                    return m
                }
            }
        }
        var total = partials[0]
        for p in partials.dropFirst() {
            for j in 0..<k { total.mass[j] += p.mass[j] }
            for i in total.sum.indices { total.sum[i] += p.sum[i] }
            if wantSquares { for i in total.square.indices { total.square[i] += p.square[i] } }
        }
        let mass = total.mass.map { $0 + 10 * Double.ulpOfOne }
        var means = Matrix(rows: k, columns: d)
        for j in 0..<k { for f in 0..<d { means[j, f] = total.sum[j * d + f] / mass[j] } }

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
                    v[j, f] = total.square[j * d + f] / mass[j] - means[j, f] * means[j, f] + regCovar
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
