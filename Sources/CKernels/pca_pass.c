// The principal components' hot loop: the covariance operator applied to a block of vectors in one
// pass over the rows (see PCAKernels.h). Plain C, no intrinsics: the inner loops run over the
// block's columns, so the compiler vectorises them without reordering any sum, and each row's
// y chain and each accumulator keep the order of the one-row loop. With contraction off no
// multiply-add is fused, so every CPU (x86-64 at any width, arm64) gives the same bits.
//
// On x86-64 the same source is also compiled for AVX2 and for AVX-512 (the compiler's own
// vectorisation of the same loops, not hand-written SIMD) and chosen at run time: wider lanes, the
// same operations in the same order, so the same bits.
#include "PCAKernels.h"
#include "CPUFeatures.h"
#include <stddef.h>

#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

enum { max_block = 16 };

// The loops over f that hold a loop over the block's columns must not be vectorised over f (that
// gives gathers and scatters); the column loop inside is what becomes vector code.
#if defined(__clang__)
#define COLUMNS_INSIDE _Pragma("clang loop vectorize(disable) interleave(disable)")
#else
#define COLUMNS_INSIDE
#endif

/// The pass itself; `b` is a constant where the callers below inline it, so the column loops have
/// a fixed trip count and become straight vector code.
static inline __attribute__((always_inline)) void pass_body(const double *x, long lo, long hi, long d,
                                                            const double *mean, const double *v, const long b,
                                                            double *acc, double *squares, double *scratch) {
    double y0[max_block], y1[max_block], y2[max_block], y3[max_block];
    double *t0 = scratch, *t1 = scratch + d, *t2 = scratch + 2 * d, *t3 = scratch + 3 * d;
    long i = lo;
    for (; i + 4 <= hi; i += 4) {
        const double *r0 = x + i * d, *r1 = r0 + d, *r2 = r1 + d, *r3 = r2 + d;
        for (long f = 0; f < d; f++) {
            t0[f] = r0[f] - mean[f];
            t1[f] = r1[f] - mean[f];
            t2[f] = r2[f] - mean[f];
            t3[f] = r3[f] - mean[f];
        }
        if (squares) {
            for (long f = 0; f < d; f++) {
                squares[f] = (((squares[f] + t0[f] * t0[f]) + t1[f] * t1[f]) + t2[f] * t2[f]) + t3[f] * t3[f];
            }
        }
        for (long j = 0; j < b; j++) { y0[j] = 0.0; y1[j] = 0.0; y2[j] = 0.0; y3[j] = 0.0; }
        COLUMNS_INSIDE
        for (long f = 0; f < d; f++) {
            const double *vf = v + f * b;
            const double a0 = t0[f], a1 = t1[f], a2 = t2[f], a3 = t3[f];
            for (long j = 0; j < b; j++) {
                y0[j] += a0 * vf[j];
                y1[j] += a1 * vf[j];
                y2[j] += a2 * vf[j];
                y3[j] += a3 * vf[j];
            }
        }
        COLUMNS_INSIDE
        for (long f = 0; f < d; f++) {
            double *af = acc + f * b;
            const double a0 = t0[f], a1 = t1[f], a2 = t2[f], a3 = t3[f];
            for (long j = 0; j < b; j++) {
                af[j] = (((af[j] + a0 * y0[j]) + a1 * y1[j]) + a2 * y2[j]) + a3 * y3[j];
            }
        }
    }
    for (; i < hi; i++) {
        const double *r0 = x + i * d;
        for (long f = 0; f < d; f++) t0[f] = r0[f] - mean[f];
        if (squares) {
            for (long f = 0; f < d; f++) squares[f] += t0[f] * t0[f];
        }
        for (long j = 0; j < b; j++) y0[j] = 0.0;
        COLUMNS_INSIDE
        for (long f = 0; f < d; f++) {
            const double *vf = v + f * b;
            const double a0 = t0[f];
            for (long j = 0; j < b; j++) y0[j] += a0 * vf[j];
        }
        COLUMNS_INSIDE
        for (long f = 0; f < d; f++) {
            double *af = acc + f * b;
            const double a0 = t0[f];
            for (long j = 0; j < b; j++) af[j] += a0 * y0[j];
        }
    }
}

#define PCA_PASS_ARGS                                                                                      \
    const double *x, long lo, long hi, long d, const double *mean, const double *v, long b, double *acc, \
        double *squares, double *scratch

static void pass_any(PCA_PASS_ARGS) { pass_body(x, lo, hi, d, mean, v, b, acc, squares, scratch); }
static void pass_8(PCA_PASS_ARGS) {
    (void)b;
    pass_body(x, lo, hi, d, mean, v, 8, acc, squares, scratch);
}

void cv_pca_covariance_pass_baseline(PCA_PASS_ARGS) {
    if (b == 8) pass_8(x, lo, hi, d, mean, v, b, acc, squares, scratch);
    else pass_any(x, lo, hi, d, mean, v, b, acc, squares, scratch);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void pass_8_avx2(PCA_PASS_ARGS) {
    (void)b;
    pass_body(x, lo, hi, d, mean, v, 8, acc, squares, scratch);
}
__attribute__((target("avx512f"), min_vector_width(512))) static void pass_8_avx512(PCA_PASS_ARGS) {
    (void)b;
    pass_body(x, lo, hi, d, mean, v, 8, acc, squares, scratch);
}
#endif

void cv_pca_covariance_pass(PCA_PASS_ARGS) {
#if defined(__x86_64__)
    if (b == 8 && cv_has_avx512()) {
        pass_8_avx512(x, lo, hi, d, mean, v, b, acc, squares, scratch);
        return;
    }
    if (b == 8 && cv_has_avx2()) {
        pass_8_avx2(x, lo, hi, d, mean, v, b, acc, squares, scratch);
        return;
    }
#endif
    cv_pca_covariance_pass_baseline(x, lo, hi, d, mean, v, b, acc, squares, scratch);
}
