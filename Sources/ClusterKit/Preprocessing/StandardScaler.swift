/// Per-feature z-scoring with the population standard deviation, as scikit-learn's StandardScaler.
///
/// A feature whose variance is within rounding error of 0 keeps scale 1, so a constant column
/// maps to 0 rather than NaN (scikit-learn's `_is_constant_feature` bound).
public struct StandardScaler: Sendable, Equatable, Codable {
    public var mean: [Double]
    public var scale: [Double]

    public init(mean: [Double], scale: [Double]) {
        self.mean = mean
        self.scale = scale
    }

    /// Fits on the rows of `data`.
    public init(fitting data: Matrix) {
        let n = data.rows, d = data.columns
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for f in 0..<d { mean[f] += data.values[i * d + f] } }
        for f in 0..<d { mean[f] /= Double(max(n, 1)) }
        var variance = [Double](repeating: 0, count: d)
        for i in 0..<n { for f in 0..<d { let t = data.values[i * d + f] - mean[f]; variance[f] += t * t } }
        let eps = Double.ulpOfOne, count = Double(max(n, 1))
        self.mean = mean
        self.scale = (0..<d).map { f in
            let v = variance[f] / count
            let bound = count * eps * v + (count * mean[f] * eps) * (count * mean[f] * eps)
            return v <= bound ? 1 : v.squareRoot()
        }
    }

    public func transform(_ data: Matrix) -> Matrix {
        var out = data
        let d = data.columns
        for i in 0..<data.rows { for f in 0..<d { out.values[i * d + f] = (data.values[i * d + f] - mean[f]) / scale[f] } }
        return out
    }

    public func transform(point: [Double]) -> [Double] {
        point.indices.map { (point[$0] - mean[$0]) / scale[$0] }
    }

    public func inverseTransform(point: [Double]) -> [Double] {
        point.indices.map { point[$0] * scale[$0] + mean[$0] }
    }
}
