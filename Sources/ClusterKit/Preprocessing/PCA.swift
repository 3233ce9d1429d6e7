/// A two-component principal-component projection for display.
///
/// Fitted from the D×D covariance matrix accumulated in one pass over the rows, so memory stays
/// O(D²) whatever N. Component signs follow scikit-learn's convention (the largest-magnitude
/// loading of each component is positive) so pictures match theirs.
public struct PCA: Sendable, Equatable {
    public var mean: [Double]
    /// 2 × D, unit rows.
    public var components: Matrix
    /// Share of the total variance along each of the two axes.
    public var explainedVarianceRatio: [Double]

    public init(fitting data: Matrix) {
        let n = data.rows, d = data.columns
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for f in 0..<d { mean[f] += data.values[i * d + f] } }
        for f in 0..<d { mean[f] /= Double(max(n, 1)) }
        var cov = Matrix(rows: d, columns: d)
        var diff = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for f in 0..<d { diff[f] = data.values[i * d + f] - mean[f] }
            for p in 0..<d { for q in p..<d { cov.values[p * d + q] += diff[p] * diff[q] } }
        }
        for p in 0..<d { for q in p..<d { cov[p, q] /= Double(max(n - 1, 1)); cov[q, p] = cov[p, q] } }
        let (values, vectors) = symmetricEigen(cov)
        let total = values.reduce(0) { $0 + max($1, 0) }
        var components = Matrix(rows: 2, columns: d)
        var ratios = [0.0, 0.0]
        for c in 0..<min(2, d) {
            var row = vectors.row(c)
            if let big = row.indices.max(by: { abs(row[$0]) < abs(row[$1]) }), row[big] < 0 { row = row.map { -$0 } }
            for f in 0..<d { components[c, f] = row[f] }
            ratios[c] = total > 0 ? max(values[c], 0) / total : 0
        }
        self.mean = mean
        self.components = components
        self.explainedVarianceRatio = ratios
    }

    /// The (x, y) coordinates of a point on the first two components.
    public func project(_ point: [Double]) -> (x: Double, y: Double) {
        var x = 0.0, y = 0.0
        for f in point.indices {
            let t = point[f] - mean[f]
            x += t * components[0, f]
            y += t * components[1, f]
        }
        return (x, y)
    }

    /// The point of the PCA plane through the mean at plane coordinates (x, y).
    public func point(atPlane x: Double, _ y: Double) -> [Double] {
        mean.indices.map { mean[$0] + x * components[0, $0] + y * components[1, $0] }
    }
}
