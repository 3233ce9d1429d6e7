// The Gaussian mixture's diagonal E-step as a register-blocked product: per row block, a ← x²·P and
// b ← x·Q accumulate over the features with one fused multiply-add each, eight components per pair
// of AVX2 registers, two rows at a time (each P/Q load serves both rows). scikit-learn computes the
// same expansion with two BLAS products; here the two chains stay apart so the cancellation guard
// (see GMMKernels.h) costs nothing extra.
//
// Same bits on both paths: an entry's a and b are each one FMA chain in feature order starting at
// 0, x² is one rounded product, and the final m = (c − 2b) + a uses the same operations, so the
// AVX2 lanes, the one-row tail and the plain-C fallback agree exactly.
//
// Off x86-64 only the plain-C path exists (and is what the dispatch runs).
#include "GMMKernels.h"
#include "CPUFeatures.h"
#include "kernel_target.h"
#include <math.h>

// Only the explicit fused multiply-adds: (c − 2b) + a must not become one more (the AVX2 path is
// compiled with FMA available, and clang contracts by default on arm64).
#pragma STDC FP_CONTRACT OFF

/// Writes m for one row and components [j, j + count) from lanes a, b (count ≤ 8).
static inline void finish(const double *a, const double *b, const double *c, long count, double limit, double *out) {
    for (long l = 0; l < count; l++) {
        const double m = (c[l] - 2.0 * b[l]) + a[l];
        const double scale = m > 1.0 ? m : 1.0;
        out[l] = (a[l] + c[l] <= limit * scale) ? m : NAN;
    }
}

#if CV_X86_SIMD
CV_TARGET("avx2,fma")
static void mahalanobis_avx2(const double *x, long rows, long d, const double *pt, const double *qt,
                             const double *c, long padded, long k, double limit, double *out) {
    double a0[8], b0[8], a1[8], b1[8];
    long i = 0;
    for (; i + 1 < rows; i += 2) {
        const double *r0 = x + i * d, *r1 = r0 + d;
        for (long j = 0; j < padded; j += 8) {
            __m256d sa00 = _mm256_setzero_pd(), sa01 = _mm256_setzero_pd(), sb00 = _mm256_setzero_pd(), sb01 = _mm256_setzero_pd();
            __m256d sa10 = _mm256_setzero_pd(), sa11 = _mm256_setzero_pd(), sb10 = _mm256_setzero_pd(), sb11 = _mm256_setzero_pd();
            const double *p = pt + j, *q = qt + j;
            for (long f = 0; f < d; f++) {
                const __m256d p0 = _mm256_loadu_pd(p), p1 = _mm256_loadu_pd(p + 4);
                const __m256d q0 = _mm256_loadu_pd(q), q1 = _mm256_loadu_pd(q + 4);
                const __m256d x0 = _mm256_set1_pd(r0[f]), x1 = _mm256_set1_pd(r1[f]);
                const __m256d s0 = _mm256_mul_pd(x0, x0), s1 = _mm256_mul_pd(x1, x1);
                sa00 = _mm256_fmadd_pd(s0, p0, sa00); sa01 = _mm256_fmadd_pd(s0, p1, sa01);
                sb00 = _mm256_fmadd_pd(x0, q0, sb00); sb01 = _mm256_fmadd_pd(x0, q1, sb01);
                sa10 = _mm256_fmadd_pd(s1, p0, sa10); sa11 = _mm256_fmadd_pd(s1, p1, sa11);
                sb10 = _mm256_fmadd_pd(x1, q0, sb10); sb11 = _mm256_fmadd_pd(x1, q1, sb11);
                p += padded;
                q += padded;
            }
            _mm256_storeu_pd(a0, sa00); _mm256_storeu_pd(a0 + 4, sa01);
            _mm256_storeu_pd(b0, sb00); _mm256_storeu_pd(b0 + 4, sb01);
            _mm256_storeu_pd(a1, sa10); _mm256_storeu_pd(a1 + 4, sa11);
            _mm256_storeu_pd(b1, sb10); _mm256_storeu_pd(b1 + 4, sb11);
            const long count = k - j < 8 ? k - j : 8;
            finish(a0, b0, c + j, count, limit, out + i * k + j);
            finish(a1, b1, c + j, count, limit, out + (i + 1) * k + j);
        }
    }
    for (; i < rows; i++) {
        const double *r0 = x + i * d;
        for (long j = 0; j < padded; j += 8) {
            __m256d sa00 = _mm256_setzero_pd(), sa01 = _mm256_setzero_pd(), sb00 = _mm256_setzero_pd(), sb01 = _mm256_setzero_pd();
            const double *p = pt + j, *q = qt + j;
            for (long f = 0; f < d; f++) {
                const __m256d x0 = _mm256_set1_pd(r0[f]);
                const __m256d s0 = _mm256_mul_pd(x0, x0);
                sa00 = _mm256_fmadd_pd(s0, _mm256_loadu_pd(p), sa00);
                sa01 = _mm256_fmadd_pd(s0, _mm256_loadu_pd(p + 4), sa01);
                sb00 = _mm256_fmadd_pd(x0, _mm256_loadu_pd(q), sb00);
                sb01 = _mm256_fmadd_pd(x0, _mm256_loadu_pd(q + 4), sb01);
                p += padded;
                q += padded;
            }
            _mm256_storeu_pd(a0, sa00); _mm256_storeu_pd(a0 + 4, sa01);
            _mm256_storeu_pd(b0, sb00); _mm256_storeu_pd(b0 + 4, sb01);
            finish(a0, b0, c + j, k - j < 8 ? k - j : 8, limit, out + i * k + j);
        }
    }
}

#endif

/// The plain-C path (no AVX2/FMA): the same chains with the C library's exact fma.
static void mahalanobis_plain(const double *x, long rows, long d, const double *pt, const double *qt,
                              const double *c, long padded, long k, double limit, double *out) {
    double a[8], b[8];
    for (long i = 0; i < rows; i++) {
        const double *r = x + i * d;
        for (long j = 0; j < padded; j += 8) {
            for (long l = 0; l < 8; l++) { a[l] = 0; b[l] = 0; }
            for (long f = 0; f < d; f++) {
                const double v = r[f], s = v * v;
                const double *p = pt + f * padded + j, *q = qt + f * padded + j;
                for (long l = 0; l < 8; l++) {
                    a[l] = fma(s, p[l], a[l]);
                    b[l] = fma(v, q[l], b[l]);
                }
            }
            finish(a, b, c + j, k - j < 8 ? k - j : 8, limit, out + i * k + j);
        }
    }
}

void cv_gmm_diag_mahalanobis_portable(const double *x, long rows, long d, const double *pt, const double *qt,
                                      const double *c, long padded, long k, double limit, double *out) {
    mahalanobis_plain(x, rows, d, pt, qt, c, padded, k, limit, out);
}

void cv_gmm_diag_mahalanobis(const double *x, long rows, long d, const double *pt, const double *qt,
                             const double *c, long padded, long k, double limit, double *out) {
#if CV_X86_SIMD
    if (cv_has_avx2_fma()) {
        mahalanobis_avx2(x, rows, d, pt, qt, c, padded, k, limit, out);
        return;
    }
#endif
    mahalanobis_plain(x, rows, d, pt, qt, c, padded, k, limit, out);
}
