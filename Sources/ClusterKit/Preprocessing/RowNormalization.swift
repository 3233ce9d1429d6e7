/// How each row is rescaled before anything else (`--normalize`): `none`, or `l2`, each row
/// divided by its Euclidean length, as scikit-learn's `normalize(X, norm="l2")`.
///
/// Unit rows make squared distances 2 − 2·cos θ, so clustering them is clustering by cosine
/// similarity (how sentence embeddings are clustered). A row of zeros has no direction and stays
/// zero (scikit-learn's convention). The order, in every path (fit, explorer, `membership`
/// queries, saved models), is: normalise the raw row, then z-score it when `--standardize` asks,
/// with a scaler fitted on the normalised rows.
public enum RowNormalization: String, Sendable, Equatable, CaseIterable, Codable {
    case none
    case l2

    /// `data` with each row normalised; `data` itself (no copy) for `none`.
    public func apply(to data: Matrix) -> Matrix {
        guard self == .l2 else { return data }
        var out = data
        let d = data.columns
        out.values.withUnsafeMutableBufferPointer { x in
            guard let base = x.baseAddress, d > 0 else { return }
            for i in 0..<data.rows { Self.normalizeL2(base + i * d, count: d) }
        }
        return out
    }

    /// One point normalised, as a row of `apply(to:)`.
    public func apply(to point: [Double]) -> [Double] {
        guard self == .l2 else { return point }
        var out = point
        out.withUnsafeMutableBufferPointer { x in
            if let base = x.baseAddress { Self.normalizeL2(base, count: x.count) }
        }
        return out
    }

    /// Divides `count` values in place by their Euclidean length; all zeros stay zeros.
    ///
    /// Design note: the sum of squares is taken after dividing by the power of two at the largest
    /// magnitude (exact), so rows of values near 1e±200 neither overflow nor underflow, while for
    /// ordinary rows the length is bit for bit the plain √Σx² (scikit-learn parity).
    @inline(__always)
    public static func normalizeL2(_ x: UnsafeMutablePointer<Double>, count: Int) {
        var largest = 0.0
        for f in 0..<count { largest = Swift.max(largest, abs(x[f])) }
        guard largest > 0, largest.isFinite else { return }
        let power = Double(sign: .plus, exponent: largest.exponent, significand: 1)
        var sum = 0.0
        for f in 0..<count { let t = x[f] / power; sum += t * t }
        let length = sum.squareRoot() * power
        guard length > 0, length.isFinite else {
            // Only reachable at the very edges of the doubles: divide in two exact-scaled steps.
            let scaledLength = sum.squareRoot()
            for f in 0..<count { x[f] = x[f] / power / scaledLength }
            return
        }
        for f in 0..<count { x[f] /= length }
    }
}
