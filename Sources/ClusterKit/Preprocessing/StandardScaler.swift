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
        var power = [Double](repeating: 1, count: d)
        var largest = [Double](repeating: 0, count: d)
        var mean = [Double](repeating: 0, count: d)
        var variance = [Double](repeating: 0, count: d)
        // Three passes over plain pointers (no bounds or uniqueness checks in the loops).
        data.values.withUnsafeBufferPointer { x in
            guard let rows = x.baseAddress, n > 0, d > 0 else { return }
            largest.withUnsafeMutableBufferPointer { top in
                for i in 0..<n {
                    let row = rows + i * d
                    for f in 0..<d { top[f] = max(top[f], abs(row[f])) }
                }
            }
            for f in 0..<d where largest[f] > 0 && largest[f].isFinite {
                power[f] = Double(sign: .plus, exponent: largest[f].exponent, significand: 1)
            }
            // x / 2^e and x · 2^-e are both the correctly rounded x·2^-e, so multiplying by the
            // reciprocal gives the same bits (and is several times cheaper) wherever 2^-e is a
            // double; a column of subnormal magnitudes (e < -1022) keeps the division.
            let inverse = power.map { 1 / $0 }
            let exact = power.allSatisfy { $0.exponent >= -1022 }
            mean.withUnsafeMutableBufferPointer { sum in
                inverse.withUnsafeBufferPointer { inv in
                    power.withUnsafeBufferPointer { p in
                        for i in 0..<n {
                            let row = rows + i * d
                            if exact {
                                for f in 0..<d { sum[f] += row[f] * inv[f] }
                            } else {
                                for f in 0..<d { sum[f] += row[f] / p[f] }
                            }
                        }
                    }
                }
            }
            for f in 0..<d { mean[f] /= Double(max(n, 1)) }
            variance.withUnsafeMutableBufferPointer { sum in
                mean.withUnsafeBufferPointer { m in
                    inverse.withUnsafeBufferPointer { inv in
                        power.withUnsafeBufferPointer { p in
                            for i in 0..<n {
                                let row = rows + i * d
                                if exact {
                                    for f in 0..<d { let t = row[f] * inv[f] - m[f]; sum[f] += t * t }
                                } else {
                                    for f in 0..<d { let t = row[f] / p[f] - m[f]; sum[f] += t * t }
                                }
                            }
                        }
                    }
                }
            }
        }
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
            for i in 0..<n {
                let row = base + i * d
                for f in 0..<d { row[f] = z(row[f], f) }
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
