// The nearest-centroid assignment with AVX2 (four doubles per instruction), for CPUs that have
// it: Swift cannot compile one function for a newer CPU than the rest, C can
// (`__attribute__((target))`), with the Swift loop as the fallback elsewhere.
//
// Same bits as the Swift kernel: per lane Σ (x_f − c_f)² in feature order with separate multiply
// and add (no FMA: contraction is off and the target has no FMA), padding lanes set to +∞, the
// block's smallest lane found by strict < from lane 0 (so a NaN in lane 0 behaves the same), the
// block kept only when strictly smaller than the best so far.
//
// Off x86-64 the same function is plain C with the same operations per lane (cpu_features.c then
// says no AVX2, so Swift's loop runs; the C body is the portable build's and the tests' reference).
#include "CKernels.h"
#include "kernel_target.h"
#include <math.h>

// a + t·t must stay a multiply and an add everywhere (clang contracts it into an FMA by default
// on arm64, and within `target("fma")` functions on x86-64).
#pragma STDC FP_CONTRACT OFF

/// Squared distances of two rows to the eight centroids of one block (lanes of v0, v1).
#if CV_X86_SIMD
CV_TARGET("avx2")
static inline void block_two_rows(const double *r0, const double *r1, long d, const double *c, long padded,
                                  double *v0, double *v1) {
    __m256d a0 = _mm256_setzero_pd(), a1 = _mm256_setzero_pd(), b0 = _mm256_setzero_pd(), b1 = _mm256_setzero_pd();
    for (long f = 0; f < d; f++) {
        const __m256d c0 = _mm256_loadu_pd(c), c1 = _mm256_loadu_pd(c + 4);
        const __m256d x0 = _mm256_set1_pd(r0[f]), x1 = _mm256_set1_pd(r1[f]);
        __m256d t;
        t = _mm256_sub_pd(x0, c0); a0 = _mm256_add_pd(a0, _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(x0, c1); a1 = _mm256_add_pd(a1, _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(x1, c0); b0 = _mm256_add_pd(b0, _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(x1, c1); b1 = _mm256_add_pd(b1, _mm256_mul_pd(t, t));
        c += padded;
    }
    _mm256_storeu_pd(v0, a0);
    _mm256_storeu_pd(v0 + 4, a1);
    _mm256_storeu_pd(v1, b0);
    _mm256_storeu_pd(v1 + 4, b1);
}
#else
static inline void block_two_rows(const double *r0, const double *r1, long d, const double *c, long padded,
                                  double *v0, double *v1) {
    for (long l = 0; l < 8; l++) { v0[l] = 0; v1[l] = 0; }
    for (long f = 0; f < d; f++) {
        for (long l = 0; l < 8; l++) {
            double t = r0[f] - c[l];
            v0[l] = v0[l] + t * t;
            t = r1[f] - c[l];
            v1[l] = v1[l] + t * t;
        }
        c += padded;
    }
}
#endif

/// The block's smallest lane by strict < from lane 0, padding lanes (≥ k − block) at +∞.
static inline void smallest_lane(double *v, long block, long lastBlock, long k, double *m, long *lane) {
    if (block == lastBlock) {
        for (long l = k - block; l < 8; l++) v[l] = INFINITY;
    }
    *m = v[0];
    *lane = 0;
    for (long l = 1; l < 8; l++) {
        if (v[l] < *m) { *m = v[l]; *lane = l; }
    }
}

CV_TARGET("avx2")
double cv_assign_avx2(const double *x, long lo, long hi, long d, const double *ct, long padded, long k,
                      int32_t *labels) {
    double sum = 0;
    const long lastBlock = padded - 8;
    long i = lo;
    // Two rows at a time: each centroid load serves both, and four accumulator chains run at once.
    for (; i + 1 < hi; i += 2) {
        const double *r0 = x + i * d, *r1 = r0 + d;
        double best0 = INFINITY, best1 = INFINITY;
        long j0 = 0, j1 = 0;
        for (long block = 0; block < padded; block += 8) {
            double v0[8], v1[8], m0, m1;
            long l0, l1;
            block_two_rows(r0, r1, d, ct + block, padded, v0, v1);
            smallest_lane(v0, block, lastBlock, k, &m0, &l0);
            smallest_lane(v1, block, lastBlock, k, &m1, &l1);
            if (m0 < best0) { best0 = m0; j0 = block + l0; }
            if (m1 < best1) { best1 = m1; j1 = block + l1; }
        }
        labels[i] = (int32_t)j0;
        labels[i + 1] = (int32_t)j1;
        sum += best0;
        sum += best1;
    }
    if (i < hi) {
        const double *row = x + i * d;
        double best = INFINITY;
        long bestJ = 0;
        for (long block = 0; block < padded; block += 8) {
            double v[8], unused[8], m;
            long lane;
            block_two_rows(row, row, d, ct + block, padded, v, unused);
            smallest_lane(v, block, lastBlock, k, &m, &lane);
            if (m < best) { best = m; bestJ = block + lane; }
        }
        labels[i] = (int32_t)bestJ;
        sum += best;
    }
    return sum;
}
