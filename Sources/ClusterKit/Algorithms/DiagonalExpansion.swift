import CKernels

/// Diagonal (or spherical) Gaussians in the expanded form the E-step's product kernel reads:
/// ‖x − μ_j‖²_{P_j} = Σ_f x_f² p_jf − 2 Σ_f x_f q_jf + c_j, with p = (1/σ)², q = μ·p, c_j = Σ_f μ_jf² p_jf.
///
/// Design notes: this is scikit-learn's `_estimate_log_gaussian_prob` for diag, done as one blocked
/// product per row block instead of a difference, a multiply and a square per (row, component,
/// feature). The expanded form can cancel when a row lies far from the origin relative to σ and
/// near μ_j (a + c ≫ m); the kernel reports such entries (see `limit`) and they are computed
/// directly, so no entry is less accurate than `limit` times the direct form's rounding.
struct DiagonalExpansion: Sendable, Equatable {
    let k: Int
    let d: Int
    /// k rounded up to the kernel's block of 8 components.
    let padded: Int
    /// p transposed, d × padded (zeros beyond k).
    var pt: [Double]
    /// q = μ·p transposed, d × padded.
    var qt: [Double]
    /// c_j = Σ_f (μ_jf²)·p_jf, in feature order.
    var c: [Double]

    /// An entry is taken from the expanded form only while a + c ≤ limit·max(m, 1): its rounding
    /// error, ≲ 2(d+3)ε(a + c), then stays within ~2·limit times the direct form's ≈ dε·m (and below
    /// ~1e-12 absolute at d = 64 for m ≤ 1). 32 keeps nearly every entry of real data on the fast path.
    static let limit = 32.0

    /// nil unless the precisions are diagonal or spherical.
    init?(means: Matrix, precisions: PrecisionFactors) {
        let k = means.rows, d = means.columns
        guard k > 0, d > 0, precisions.covarianceType == .diag || precisions.covarianceType == .spherical else { return nil }
        self.k = k
        self.d = d
        padded = max(8, (k + 7) / 8 * 8)
        pt = [Double](repeating: 0, count: d * padded)
        qt = [Double](repeating: 0, count: d * padded)
        c = [Double](repeating: 0, count: k)
        for j in 0..<k {
            var cj = 0.0
            for f in 0..<d {
                // p as scikit-learn's precisions_chol ** 2.
                let s = precisions.covarianceType == .diag ? precisions.diagonal[j, f] : precisions.spherical[j]
                let p = s * s, mu = means[j, f]
                pt[f * padded + j] = p
                qt[f * padded + j] = mu * p
                cj += (mu * mu) * p
            }
            c[j] = cj
        }
    }

    /// Squared Mahalanobis distances of `rows` rows starting at `x` to every component, written to
    /// `out` (rows × k); an entry the cancellation guard rejects is NaN (the caller computes it directly).
    /// `portable`: the plain-C path whatever the CPU (the default under `CLUSTERVIEW_KERNELS=portable`).
    func mahalanobis(_ x: UnsafePointer<Double>, rows: Int, into out: UnsafeMutablePointer<Double>,
                     portable: Bool = KernelLevel.active < .avx2) {
        pt.withUnsafeBufferPointer { p in
            qt.withUnsafeBufferPointer { q in
                c.withUnsafeBufferPointer { cb in
                    if portable {
                        cv_gmm_diag_mahalanobis_portable(x, rows, d, p.baseAddress!, q.baseAddress!, cb.baseAddress!,
                                                         padded, k, Self.limit, out)
                    } else {
                        cv_gmm_diag_mahalanobis(x, rows, d, p.baseAddress!, q.baseAddress!, cb.baseAddress!,
                                                padded, k, Self.limit, out)
                    }
                }
            }
        }
    }
}
