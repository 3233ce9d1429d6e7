#ifndef CLUSTERVIEW_PCA_KERNELS_H
#define CLUSTERVIEW_PCA_KERNELS_H

/// One pass of the (unscaled) covariance operator over rows [lo, hi) of `x` (row-major, `d`
/// columns), for a block of `b` vectors `v` (d × b, row-major: vector j's feature f at v[f*b + j]).
/// For each row, in row order:
///   t_f = x_f − mean_f;   y_j = Σ_f t_f · v[f*b + j]  (f in order, starting from 0.0);
///   acc[f*b + j] += t_f · y_j;   and, when `squares` is not NULL, squares[f] += t_f · t_f.
/// So on return acc holds its old value plus Xcᵀ(Xc·V) over the rows: the covariance operator
/// applied to V, times n − 1. `scratch` needs 4·d doubles.
///
/// Plain C, every product and sum rounded separately (no fused multiply-add) and no sum
/// reordered, so the result is the same bits on every CPU and equal to the same loop written out
/// in Swift. Rows go four at a time (four independent y chains hide the add latency) and the
/// inner loops run over the b block columns, which is what the compiler vectorises.
void cv_pca_covariance_pass(const double *x, long lo, long hi, long d, const double *mean, const double *v, long b,
                            double *acc, double *squares, double *scratch);

/// The same arithmetic compiled for the baseline CPU only, whatever this CPU runs (for tests:
/// same bits as `cv_pca_covariance_pass`).
void cv_pca_covariance_pass_baseline(const double *x, long lo, long hi, long d, const double *mean, const double *v,
                                     long b, double *acc, double *squares, double *scratch);

#endif
