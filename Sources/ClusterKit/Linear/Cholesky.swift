import Foundation

/// Raised when a covariance matrix is not positive definite (a collapsed component).
public struct NotPositiveDefinite: Error, Sendable, CustomStringConvertible {
    public var description: String {
        "a covariance matrix is not positive definite (a component collapsed onto too few points); "
            + "try a smaller k, a larger --reg-covar, or --standardize"
    }
}

/// Lower-triangular Cholesky factor L of a symmetric positive-definite matrix A = L·Lᵀ.
///
/// Only the lower triangle of `a` is read. Throws `NotPositiveDefinite` when a pivot is not positive.
public func choleskyLower(_ a: Matrix) throws -> Matrix {
    let n = a.rows
    var l = Matrix(rows: n, columns: n)
    for j in 0..<n {
        var diag = a[j, j]
        for k in 0..<j { diag -= l[j, k] * l[j, k] }
        guard diag > 0, diag.isFinite else { throw NotPositiveDefinite() }
        let ljj = diag.squareRoot()
        l[j, j] = ljj
        for i in (j + 1)..<max(n, j + 1) {
            var s = a[i, j]
            for k in 0..<j { s -= l[i, k] * l[j, k] }
            l[i, j] = s / ljj
        }
    }
    return l
}

/// The precision Cholesky factor as scikit-learn defines it: P = (L⁻¹)ᵀ, upper triangular,
/// so that the precision matrix is P·Pᵀ and (x−μ)ᵀΣ⁻¹(x−μ) = ‖(x−μ)ᵀP‖².
public func precisionCholesky(ofCovariance covariance: Matrix) throws -> Matrix {
    let l = try choleskyLower(covariance)
    let n = l.rows
    // Solve L·X = I column by column (forward substitution); X = L⁻¹ is lower triangular.
    var inv = Matrix(rows: n, columns: n)
    for c in 0..<n {
        for i in c..<n {
            var s = (i == c) ? 1.0 : 0.0
            for k in c..<i { s -= l[i, k] * inv[k, c] }
            inv[i, c] = s / l[i, i]
        }
    }
    return inv.transposed
}
