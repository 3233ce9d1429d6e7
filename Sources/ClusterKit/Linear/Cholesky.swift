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
    // Rows of L are contiguous and every product below reads along rows: the same operations in
    // the same order as the textbook loop (so the same bits), without its bounds checks.
    try l.values.withUnsafeMutableBufferPointer { lb in
        try a.values.withUnsafeBufferPointer { ab in
            let l = lb.baseAddress!, a = ab.baseAddress!
            for j in 0..<n {
                let lj = l + j * n
                var diag = a[j * n + j]
                for k in 0..<j { diag -= lj[k] * lj[k] }
                guard diag > 0, diag.isFinite else { throw NotPositiveDefinite() }
                let ljj = diag.squareRoot()
                lj[j] = ljj
                for i in (j + 1)..<max(n, j + 1) {
                    let li = l + i * n
                    var s = a[i * n + j]
                    for k in 0..<j { s -= li[k] * lj[k] }
                    li[j] = s / ljj
                }
            }
        }
    }
    return l
}

/// The precision Cholesky factor as scikit-learn defines it: P = (L⁻¹)ᵀ, upper triangular,
/// so that the precision matrix is P·Pᵀ and (x−μ)ᵀΣ⁻¹(x−μ) = ‖(x−μ)ᵀP‖².
public func precisionCholesky(ofCovariance covariance: Matrix) throws -> Matrix {
    let l = try choleskyLower(covariance)
    let n = l.rows
    // Solve L·X = I column by column (forward substitution); X = L⁻¹ is lower triangular. Column c
    // of X is kept as row c of P = Xᵀ, so the inner product reads two rows (O(D³) work that walked
    // a column at a stride of D before: minutes at D = 784); the operations and their order are
    // unchanged, so are the bits.
    var p = Matrix(rows: n, columns: n)
    p.values.withUnsafeMutableBufferPointer { pb in
        l.values.withUnsafeBufferPointer { lb in
            let p = pb.baseAddress!, l = lb.baseAddress!
            for c in 0..<n {
                let pc = p + c * n
                for i in c..<n {
                    let li = l + i * n
                    var s = (i == c) ? 1.0 : 0.0
                    for k in c..<i { s -= li[k] * pc[k] }
                    pc[i] = s / li[i]
                }
            }
        }
    }
    return p
}
