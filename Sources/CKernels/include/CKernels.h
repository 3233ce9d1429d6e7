#ifndef CLUSTERVIEW_CKERNELS_H
#define CLUSTERVIEW_CKERNELS_H

#include <stdint.h>

/// 1 when the CPU runs AVX2 (checked once, at run time), else 0.
int cv_has_avx2(void);

/// Nearest-centroid assignment of rows [lo, hi) of `x` (row-major, `d` columns), the centroids
/// transposed to d × padded (`padded` a multiple of 8, `k` real columns). Writes `labels[i]` and
/// returns the sum of the smallest squared distances, in row order. The same arithmetic, in the
/// same order, as the Swift `Assignment.compute` (see there); call only when `cv_has_avx2()`.
double cv_assign_avx2(const double *x, long lo, long hi, long d, const double *ct, long padded, long k,
                      int32_t *labels);

#endif
