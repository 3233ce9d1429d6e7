extension PCA {
    /// Few rows, many features: the N × N Gram matrix G = Xc·Xcᵀ of the centred rows has the
    /// covariance's nonzero eigenvalues (times N − 1), and each eigenvector u gives the component
    /// Xcᵀu / ‖Xcᵀu‖. O(N²·D) and N² memory, whatever D (12 × 2,000: 12 × 12).
    ///
    /// Edge cases: a component whose eigenvalue is negligible (≤ 1e-12 of the total: one row, two
    /// rows for PC2, identical rows) is not determined by the data; it becomes `standInAxis`, share 0.
    static func gramPath(_ data: Matrix) -> PCA {
        let n = data.rows, d = data.columns
        let mean = rowOrderMeans(data)
        var gram = Matrix(rows: n, columns: n)
        data.values.withUnsafeBufferPointer { x in
            mean.withUnsafeBufferPointer { m in
                for i in 0..<n {
                    for j in i..<n {
                        let ri = x.baseAddress! + i * d, rj = x.baseAddress! + j * d
                        var s = 0.0
                        for f in 0..<d { s += (ri[f] - m[f]) * (rj[f] - m[f]) }
                        gram[i, j] = s
                        gram[j, i] = s
                    }
                }
            }
        }
        let total = (0..<n).reduce(0.0) { $0 + gram[$1, $1] }
        let (values, vectors) = n > 0 ? symmetricEigen(gram) : ([], Matrix(rows: 0, columns: 0))
        var axes: [[Double]] = [], ratios: [Double] = []
        for c in 0..<2 {
            if c < n, total > 0, values[c] > 1e-12 * total {
                var axis = [Double](repeating: 0, count: d)
                for i in 0..<n {
                    let u = vectors[c, i]
                    for f in 0..<d { axis[f] += u * (data.values[i * d + f] - mean[f]) }
                }
                let norm = axis.reduce(0) { $0 + $1 * $1 }.squareRoot()
                axes.append(oriented(axis.map { $0 / norm }))
                ratios.append(values[c] / total)
            } else {
                axes.append(standInAxis(orthogonalTo: axes, dimension: d))
                ratios.append(0)
            }
        }
        return PCA(mean: mean, axes: axes, ratios: ratios, method: .gram)
    }
}
