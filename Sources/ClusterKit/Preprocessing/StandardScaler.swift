/// Per-feature z-scoring with the population standard deviation, as scikit-learn's StandardScaler.
///
/// A feature whose variance is within rounding error of 0 keeps scale 1, so a constant column
/// maps to 0 rather than NaN (scikit-learn's `_is_constant_feature` bound). When such a column's
/// values are beyond 2³² in size its scale is the power of two at their magnitude instead: the
/// rounding error of its mean (an ulp of the values, 1e283 for a column of 1e299) then maps to
/// about 1e-16 rather than staying that large. Below 2³² (ulps under 1e-6) scale 1 is kept, as
/// scikit-learn does, so exported models agree.
public struct StandardScaler: Sendable, Equatable, Codable {
    public var mean: [Double]
    public var scale: [Double]

    public init(mean: [Double], scale: [Double]) {
        self.mean = mean
        self.scale = scale
    }

    /// Fits on the rows of `data`.
    ///
    /// Design note: each column is first divided by the power of two at or below its largest
    /// magnitude, so sums of values near ±1e308 cannot overflow and squares of values near
    /// ±1e-300 cannot underflow to 0 (which would silently leave such a column unscaled).
    /// Dividing by a power of two is exact, so for ordinary data every result is bit for bit what
    /// the unscaled formulas give (scikit-learn parity).
    public init(fitting data: Matrix) {
        let n = data.rows, d = data.columns
        let moments = ColumnMoments(data, scaled: true)
        let power = moments.power, mean = moments.mean, variance = moments.squares
        let eps = Double.ulpOfOne, count = Double(max(n, 1))
        self.mean = (0..<d).map { mean[$0] * power[$0] }
        self.scale = (0..<d).map { f in
            let v = variance[f] / count
            let bound = count * eps * v + (count * mean[f] * eps) * (count * mean[f] * eps)
            let scale = v.squareRoot() * power[f]
            // A spread too small to represent (below ~1e-308 around values near 1e-308) keeps 1.
            if v <= bound { return power[f] > 0x1p32 ? power[f] : 1 }
            return !(scale > 0) || !scale.isFinite ? 1 : scale
        }
    }

    public func transform(_ data: Matrix) -> Matrix {
        var out = data
        transform(&out)
        return out
    }

    /// `transform` in place: no second matrix when the caller holds the only copy.
    public func transform(_ data: inout Matrix) {
        let d = data.columns, n = data.rows
        data.values.withUnsafeMutableBufferPointer { x in
            guard let base = x.baseAddress else { return }
            // Each value alone: row chunks in parallel change nothing.
            ParallelChunks.forEach(n) { _, rows in
                for i in rows {
                    let row = base + i * d
                    for f in 0..<d { row[f] = z(row[f], f) }
                }
            }
        }
    }

    public func transform(point: [Double]) -> [Double] {
        point.indices.map { z(point[$0], $0) }
    }

    /// (x − mean)/scale; when x − mean overflows (x and the mean near opposite ends of the
    /// doubles) the halves are subtracted instead, so a finite z-score stays finite.
    @inline(__always)
    func z(_ x: Double, _ f: Int) -> Double {
        let t = (x - mean[f]) / scale[f]
        if t.isFinite { return t }
        return (x / 2 - mean[f] / 2) / scale[f] * 2
    }

    public func inverseTransform(point: [Double]) -> [Double] {
        point.indices.map { point[$0] * scale[$0] + mean[$0] }
    }
}
