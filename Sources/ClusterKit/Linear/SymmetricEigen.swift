import Foundation

/// Eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi rotations.
///
/// Returns eigenvalues in decreasing order and the matching unit eigenvectors as rows. Jacobi is
/// slow for large D (O(D³) per sweep) but accurate to the last digits and simple; the matrices
/// here are D×D covariance matrices of the features, small in practice.
public func symmetricEigen(_ a: Matrix) -> (values: [Double], vectors: Matrix) {
    let n = a.rows
    var m = a
    var v = Matrix.identity(n)
    for _ in 0..<100 {
        var off = 0.0
        for p in 0..<n { for q in (p + 1)..<max(n, p + 1) { off += m[p, q] * m[p, q] } }
        if off < 1e-30 * max(1e-300, (0..<n).reduce(0) { $0 + m[$1, $1] * m[$1, $1] }) { break }
        for p in 0..<n {
            for q in (p + 1)..<max(n, p + 1) where m[p, q] != 0 {
                let theta = (m[q, q] - m[p, p]) / (2 * m[p, q])
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                for r in 0..<n {
                    let mrp = m[r, p], mrq = m[r, q]
                    m[r, p] = c * mrp - s * mrq
                    m[r, q] = s * mrp + c * mrq
                }
                for r in 0..<n {
                    let mpr = m[p, r], mqr = m[q, r]
                    m[p, r] = c * mpr - s * mqr
                    m[q, r] = s * mpr + c * mqr
                }
                for r in 0..<n {
                    let vrp = v[r, p], vrq = v[r, q]
                    v[r, p] = c * vrp - s * vrq
                    v[r, q] = s * vrp + c * vrq
                }
            }
        }
    }
    let order = (0..<n).sorted { m[$0, $0] > m[$1, $1] }
    var vectors = Matrix(rows: n, columns: n)
    for (row, col) in order.enumerated() { for r in 0..<n { vectors[row, r] = v[r, col] } }
    return (order.map { m[$0, $0] }, vectors)
}
