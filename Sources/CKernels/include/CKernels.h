#ifndef CLUSTERVIEW_CKERNELS_H
#define CLUSTERVIEW_CKERNELS_H

#include <stdint.h>
#include "CPUFeatures.h"
#include "PCAKernels.h"

/// Nearest-centroid assignment of rows [lo, hi) of `x` (row-major, `d` columns), the centroids
/// transposed to d × padded (`padded` a multiple of 8, `k` real columns). Writes `labels[i]` and
/// returns the sum of the smallest squared distances, in row order. The same arithmetic, in the
/// same order, as the Swift `Assignment.compute` (see there); call only when `cv_has_avx2()`.
double cv_assign_avx2(const double *x, long lo, long hi, long d, const double *ct, long padded, long k,
                      int32_t *labels);

/// `cv_assign_avx2` with AVX-512 (same arguments, same labels and returned sum, bit for bit).
/// Call only when `cv_has_avx512()`.
double cv_assign_direct_avx512(const double *x, long lo, long hi, long d, const double *ct, long padded, long k,
                               int32_t *labels);

/// `cv_assign_direct_avx512` continuing a running sum: returns `sum` + the rows' distances, added
/// in row order (so a caller can hand over the rest of its rows without changing the sum's bits).
double cv_assign_direct_avx512_after(double sum, const double *x, long lo, long hi, long d, const double *ct,
                                     long padded, long k, int32_t *labels);

/// Adds rows [lo, hi) of `x` (row-major, `d` columns) to `sums[labels[i]]` (k × d) and 1 to
/// `counts[labels[i]]`, in row order: the same bits as the Swift `ClusterSums.chunk`.
/// Call only when `cv_has_avx2()`.
void cv_cluster_sums_avx2(const double *x, long lo, long hi, long d, const int32_t *labels, double *sums,
                          double *counts);

/// k rounded up to the expanded kernel's panel width (16): the length of `cc`, `ecc`, and
/// `packed` has `cv_expanded_padded(k) * d` doubles.
long cv_expanded_padded(long k);

/// Packs the centroids (row-major k × d) for `cv_assign_expanded_avx512`, once per assignment:
/// panels of 16 centroids, feature-major inside a panel; `cc[j]` = ‖c_j‖², `ecc[j]` its share of
/// the error bound (padding: zeros).
void cv_expanded_pack(const double *centroids, long k, long d, double *packed, double *cc, double *ecc);

/// The same labels and the same returned sum, bit for bit, as `cv_assign_avx2` on rows [lo, hi),
/// through a certified ‖c‖² − 2x·c filter (see assign_expanded.c). `ct`/`padded8` are
/// `cv_assign_avx2`'s transposed centroids, used for rows the filter cannot decide (non-finite
/// values; or the rest of the call when it leaves most of the first 32 rows undecided). With `sums` (k × d, zeroed) and `counts` (k, zeroed) non-null, also adds each row to
/// its cluster's sum, in row order (the same bits as the Swift `ClusterSums.chunk`).
/// Call only when `cv_has_avx512()`.
double cv_assign_expanded_avx512(const double *x, long lo, long hi, long d, const double *centroids, long k,
                                 const double *packed, const double *cc, const double *ecc,
                                 const double *ct, long padded8, int32_t *labels, double *sums, double *counts);

#endif
