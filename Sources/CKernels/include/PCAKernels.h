#ifndef CLUSTERVIEW_PCA_KERNELS_H
#define CLUSTERVIEW_PCA_KERNELS_H

#include <stdint.h>

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

/// The same operator over rows kept sparse (their nonzeros only): row i's nonzeros are
/// values[k], at columns[k], for k in [row_start[i], row_start[i+1]), columns increasing. For each
/// row in [lo, hi), in row order:
///   y_j = (Σ_k values[k] · v[columns[k]*b + j]) − vmean[j]   (k in order, starting from 0.0);
///   ysum[j] += y_j;   acc[columns[k]*b + j] += values[k] · y_j  (k in order);
///   and, when `squares` is not NULL, squares[columns[k]] += (values[k] − mean[columns[k]])².
/// With vmean = μᵀV, y is the centred row's product, so acc − μ·ysumᵀ (which the caller
/// subtracts once, after every row) is Xcᵀ(Xc·V); the squares of the zeros, μ_f² each, are the
/// caller's too. Costs the nonzeros, not N·D. Same bits on every CPU (no fusing, no reordering).
void cv_pca_sparse_pass(const double *values, const int32_t *columns, const long *row_start, long lo, long hi,
                        const double *mean, const double *v, long b, const double *vmean, double *acc, double *ysum,
                        double *squares);

/// `cv_pca_sparse_pass` for the baseline CPU only (for tests: the same bits).
void cv_pca_sparse_pass_baseline(const double *values, const int32_t *columns, const long *row_start, long lo,
                                 long hi, const double *mean, const double *v, long b, const double *vmean,
                                 double *acc, double *ysum, double *squares);

/// Returns the heap's freed pages to the system (glibc's malloc_trim; nothing elsewhere): the
/// sparse rows' chunks are freed into the heap, which would otherwise keep them resident.
void cv_pca_release_freed_memory(void);

#endif
