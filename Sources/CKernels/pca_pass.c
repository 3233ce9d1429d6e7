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
#include "kernel_target.h"
#include <stddef.h>
#include <stdint.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

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

#if CV_X86_SIMD
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
#if CV_X86_SIMD
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

// The sparse pass (see PCAKernels.h): each row's nonzeros only. Per row, y = x·V − μᵀV (the
// centred row's product, the nonzeros in order then μᵀV subtracted), acc += x·yᵀ over the
// nonzeros, ysum += y; the caller removes μ·ysumᵀ once at the end. The column loops over the
// block are what vectorises; nothing is reordered and nothing fused, so every CPU gives the same bits.
static inline __attribute__((always_inline)) void sparse_body(const double *values, const int32_t *columns,
                                                              const long *row_start, long lo, long hi,
                                                              const double *mean, const double *v, const long b,
                                                              const double *vmean, double *acc, double *ysum,
                                                              double *squares) {
    double y[max_block];
    for (long i = lo; i < hi; i++) {
        const long start = row_start[i], end = row_start[i + 1];
        for (long j = 0; j < b; j++) y[j] = 0.0;
        COLUMNS_INSIDE
        for (long k = start; k < end; k++) {
            const double a = values[k];
            const double *vf = v + (long)columns[k] * b;
            for (long j = 0; j < b; j++) y[j] += a * vf[j];
        }
        for (long j = 0; j < b; j++) {
            y[j] -= vmean[j];
            ysum[j] += y[j];
        }
        COLUMNS_INSIDE
        for (long k = start; k < end; k++) {
            const double a = values[k];
            double *af = acc + (long)columns[k] * b;
            for (long j = 0; j < b; j++) af[j] += a * y[j];
        }
        if (squares) {
            for (long k = start; k < end; k++) {
                const double t = values[k] - mean[columns[k]];
                squares[columns[k]] += t * t;
            }
        }
    }
}

#define PCA_SPARSE_ARGS                                                                                   \
    const double *values, const int32_t *columns, const long *row_start, long lo, long hi, const double *mean, \
        const double *v, long b, const double *vmean, double *acc, double *ysum, double *squares

static void sparse_any(PCA_SPARSE_ARGS) {
    sparse_body(values, columns, row_start, lo, hi, mean, v, b, vmean, acc, ysum, squares);
}
static void sparse_8(PCA_SPARSE_ARGS) {
    (void)b;
    sparse_body(values, columns, row_start, lo, hi, mean, v, 8, vmean, acc, ysum, squares);
}

void cv_pca_sparse_pass_baseline(PCA_SPARSE_ARGS) {
    if (b == 8) sparse_8(values, columns, row_start, lo, hi, mean, v, b, vmean, acc, ysum, squares);
    else sparse_any(values, columns, row_start, lo, hi, mean, v, b, vmean, acc, ysum, squares);
}

#if CV_X86_SIMD
__attribute__((target("avx512f"), min_vector_width(512))) static void sparse_8_avx512(PCA_SPARSE_ARGS) {
    (void)b;
    sparse_body(values, columns, row_start, lo, hi, mean, v, 8, vmean, acc, ysum, squares);
}
#endif

void cv_pca_sparse_pass(PCA_SPARSE_ARGS) {
#if CV_X86_SIMD
    if (b == 8 && cv_has_avx512()) {
        sparse_8_avx512(values, columns, row_start, lo, hi, mean, v, b, vmean, acc, ysum, squares);
        return;
    }
#endif
    cv_pca_sparse_pass_baseline(values, columns, row_start, lo, hi, mean, v, b, vmean, acc, ysum, squares);
}

void cv_pca_release_freed_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
