// Per-cluster sums of rows under hard labels (the M-step's input), with AVX2.
//
// Same bits as the Swift `ClusterSums.chunk`: rows in order, each added element by element to its
// cluster's running sum (vector lanes are independent elements, so the additions per element are
// the same, in the same order). Only faster: Swift's loop re-checks array bounds and uniqueness.
// Off x86-64 the same loop in plain C (the Swift loop runs there; this is the portable build's body).
#include "CKernels.h"
#include "kernel_target.h"

#pragma STDC FP_CONTRACT OFF

CV_TARGET("avx2")
void cv_cluster_sums_avx2(const double *x, long lo, long hi, long d, const int32_t *labels, double *sums,
                          double *counts) {
    for (long i = lo; i < hi; i++) {
        const long j = labels[i];
        const double *row = x + i * d;
        double *sum = sums + j * d;
        counts[j] += 1;
        long f = 0;
#if CV_X86_SIMD
        for (; f + 4 <= d; f += 4) _mm256_storeu_pd(sum + f, _mm256_add_pd(_mm256_loadu_pd(sum + f), _mm256_loadu_pd(row + f)));
#endif
        for (; f < d; f++) sum[f] += row[f];
    }
}
