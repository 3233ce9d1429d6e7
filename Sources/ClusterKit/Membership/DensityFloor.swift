import Foundation

/// Spark ML's convention for a Gaussian mixture's posterior, for models exported from Spark.
///
/// Spark's `GaussianMixtureModel` computes the probability of component j as
/// (ε + w_j·pdf_j(x)) / Σ_i (ε + w_i·pdf_i(x)), with ε its machine epsilon (2.220446049250313e-16),
/// and its `prediction` is the first largest of those probabilities. Where the mixture density is
/// large the floor changes nothing measurable; where it is small (points far from every
/// component, or data in large units) Spark's probabilities move towards 1/k, and where every
/// weighted density is below about 1e-32 they are all 1/k and the prediction is component 0.
/// A model with `density_floor` (docs/model-format.md) answers the `gmm` rule and the hard
/// cluster this way, so they equal Spark's `probability` and `prediction` columns.
///
/// Design note: Spark multiplies w_j by exp(log pdf_j); here exp(log w_j + log pdf_j) is used.
/// The two differ by a few ulps, far below the 1e-9 the parity test asks.
public enum DensityFloor {
    /// Spark ML's `EPSILON`: the smallest power of two ε with 1 + ε/2 == 1 (2^-52).
    public static let spark = Double.ulpOfOne

    /// The floored posterior from the weighted log densities log(w_j) + log pdf_j(x).
    public static func probabilities(weightedLogDensities lp: [Double], floor: Double) -> [Double] {
        let p = lp.map { floor + exp($0) }
        let total = p.reduce(0, +)
        return p.map { $0 / total }
    }

    /// The first largest floored probability, as Spark's `Vector.argmax`.
    public static func hardCluster(weightedLogDensities lp: [Double], floor: Double) -> Int {
        let p = lp.map { floor + exp($0) }
        var best = 0
        for j in p.indices.dropFirst() where p[j] > p[best] { best = j }
        return best
    }
}
