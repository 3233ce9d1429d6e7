#ifndef CLUSTERVIEW_GMM_KERNELS_H
#define CLUSTERVIEW_GMM_KERNELS_H

/// Squared Mahalanobis distances of `rows` rows of `x` (row-major, `d` columns) to `k` diagonal
/// Gaussians by the expanded form  m_ij = (c_j − 2 b_ij) + a_ij  with
///   a_ij = Σ_f x_if² p_jf,  b_ij = Σ_f x_if q_jf  (q = μ·p),  c_j = Σ_f μ_jf² p_jf,
/// `pt` and `qt` being p and q transposed to d × padded (`padded` a multiple of 8, zero beyond k).
/// Each sum runs over f in order as one fused multiply-add chain, so an entry has the same bits
/// whichever rows it is computed with (one row or a block) and on either path (AVX2+FMA or plain C).
///
/// Cancellation guard: an entry is written only when (a_ij + c_j) ≤ limit·max(m_ij, 1), i.e. when
/// the expanded form's rounding error (≲ (d+3)·ε·2(a+c)) is within `limit` times the direct form's;
/// otherwise (and for NaN) it is written as NaN, for the caller to compute directly.
/// `out` is rows × k, row-major.
void cv_gmm_diag_mahalanobis(const double *x, long rows, long d, const double *pt, const double *qt,
                             const double *c, long padded, long k, double limit, double *out);

/// The plain-C path of `cv_gmm_diag_mahalanobis` whatever the CPU (for tests: same bits).
void cv_gmm_diag_mahalanobis_portable(const double *x, long rows, long d, const double *pt, const double *qt,
                                      const double *c, long padded, long k, double limit, double *out);

#endif
