// Squared distances from many rows to a few points (k-means++'s candidates, a feature table's
// centroids) with AVX2: eight points per pair of registers, two rows sharing each load.
//
// The arithmetic per (row, point) is exactly `squaredDistance` in Matrix.swift (two running sums,
// even and odd features, in feature order, added at the end): the SIMD lanes hold different
// points, never different terms of one sum, so every result has the scalar loop's bits.
//
// Off x86-64 (cpu_features.c says no AVX2, so Swift's loops run) the same functions are plain C
// with the same operations per point: the portable build's bodies.
#include "Seeding.h"
#include "kernel_target.h"

#pragma STDC FP_CONTRACT OFF

/// One pair of rows (r1 may equal r0) against eight points starting at column `c` of `pt`.
#if CV_X86_SIMD
CV_TARGET("avx2")
static inline void eight_points(const double *r0, const double *r1, long d, const double *c, long padded,
                                double *o0, double *o1) {
    __m256d e00 = _mm256_setzero_pd(), e01 = _mm256_setzero_pd(), o00 = _mm256_setzero_pd(), o01 = _mm256_setzero_pd();
    __m256d e10 = _mm256_setzero_pd(), e11 = _mm256_setzero_pd(), o10 = _mm256_setzero_pd(), o11 = _mm256_setzero_pd();
    long f = 0;
    for (; f + 1 < d; f += 2) {
        const double *ce = c + f * padded, *co = ce + padded;
        const __m256d ce0 = _mm256_loadu_pd(ce), ce1 = _mm256_loadu_pd(ce + 4);
        const __m256d co0 = _mm256_loadu_pd(co), co1 = _mm256_loadu_pd(co + 4);
        const __m256d xe0 = _mm256_set1_pd(r0[f]), xo0 = _mm256_set1_pd(r0[f + 1]);
        const __m256d xe1 = _mm256_set1_pd(r1[f]), xo1 = _mm256_set1_pd(r1[f + 1]);
        __m256d t;
        t = _mm256_sub_pd(xe0, ce0); e00 = _mm256_add_pd(e00, _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(xe0, ce1); e01 = _mm256_add_pd(e01, _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(xo0, co0); o00 = _mm256_add_pd(o00, _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(xo0, co1); o01 = _mm256_add_pd(o01, _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(xe1, ce0); e10 = _mm256_add_pd(e10, _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(xe1, ce1); e11 = _mm256_add_pd(e11, _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(xo1, co0); o10 = _mm256_add_pd(o10, _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(xo1, co1); o11 = _mm256_add_pd(o11, _mm256_mul_pd(t, t));
    }
    if (f < d) {
        const double *ce = c + f * padded;
        const __m256d ce0 = _mm256_loadu_pd(ce), ce1 = _mm256_loadu_pd(ce + 4);
        const __m256d xe0 = _mm256_set1_pd(r0[f]), xe1 = _mm256_set1_pd(r1[f]);
        __m256d t;
        t = _mm256_sub_pd(xe0, ce0); e00 = _mm256_add_pd(e00, _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(xe0, ce1); e01 = _mm256_add_pd(e01, _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(xe1, ce0); e10 = _mm256_add_pd(e10, _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(xe1, ce1); e11 = _mm256_add_pd(e11, _mm256_mul_pd(t, t));
    }
    _mm256_storeu_pd(o0, _mm256_add_pd(e00, o00));
    _mm256_storeu_pd(o0 + 4, _mm256_add_pd(e01, o01));
    _mm256_storeu_pd(o1, _mm256_add_pd(e10, o10));
    _mm256_storeu_pd(o1 + 4, _mm256_add_pd(e11, o11));
}
#else
static inline void eight_points(const double *r0, const double *r1, long d, const double *c, long padded,
                                double *o0, double *o1) {
    double e0[8] = {0}, od0[8] = {0}, e1[8] = {0}, od1[8] = {0};
    for (long f = 0; f < d; f++) {
        // Even features (and a last odd-numbered one) to e, odd ones to od, as `squaredDistance`.
        double *s0 = f % 2 == 0 ? e0 : od0, *s1 = f % 2 == 0 ? e1 : od1;
        const double *cf = c + f * padded;
        for (long l = 0; l < 8; l++) {
            double t = r0[f] - cf[l];
            s0[l] = s0[l] + t * t;
            t = r1[f] - cf[l];
            s1[l] = s1[l] + t * t;
        }
    }
    for (long l = 0; l < 8; l++) { o0[l] = e0[l] + od0[l]; o1[l] = e1[l] + od1[l]; }
}
#endif

CV_TARGET("avx2")
void cv_pair_distances_avx2(const double *x, long lo, long hi, long d, const double *pt, long padded,
                            double *out, long out_stride) {
    long i = lo;
    for (; i + 1 < hi; i += 2) {
        const double *r0 = x + i * d;
        double *o0 = out + (i - lo) * out_stride;
        for (long b = 0; b < padded; b += 8) eight_points(r0, r0 + d, d, pt + b, padded, o0 + b, o0 + out_stride + b);
    }
    if (i < hi) {
        const double *r0 = x + i * d;
        double *o0 = out + (i - lo) * out_stride;
        double scratch[8];
        for (long b = 0; b < padded; b += 8) eight_points(r0, r0, d, pt + b, padded, o0 + b, scratch);
    }
}

CV_TARGET("avx2")
void cv_two_rows_distances_avx2(const double *r0, const double *r1, long d, const double *pt, long padded,
                                double *o0, double *o1) {
    for (long b = 0; b < padded; b += 8) eight_points(r0, r1, d, pt + b, padded, o0 + b, o1 + b);
}

/// Whether row i may skip every distance (see `cv_seed_potentials_avx2`).
CV_TARGET("avx2")
static inline int prunable(double c, const double *b, long trials, double factor) {
    if (!(c == 0 || (c >= 1e-290 && c <= 1e300))) return 0;
#if !CV_X86_SIMD
    const double bound = c * factor;
    for (long t = 0; t < trials; t++) {
        if (!(b[t] >= bound)) return 0;  // a NaN never passes
    }
    return 1;
#else
    const __m256d bound = _mm256_set1_pd(c * factor);
    for (long t = 0; t < trials; t += 4) {
        // Ordered, non-signalling: a NaN never passes.
        const int mask = _mm256_movemask_pd(_mm256_cmp_pd(_mm256_loadu_pd(b + t), bound, _CMP_GE_OQ));
        const long live = trials - t;
        const int need = live >= 4 ? 0xF : (1 << live) - 1;
        if ((mask & need) != need) return 0;
    }
    return 1;
#endif
}

/// out[t] = closest < out[t] ? closest : out[t], for every lane.
CV_TARGET("avx2")
static inline void keep_closest(double c, double *o, long padded) {
#if !CV_X86_SIMD
    for (long t = 0; t < padded; t++) o[t] = c < o[t] ? c : o[t];
#else
    const __m256d cv = _mm256_set1_pd(c);
    for (long t = 0; t < padded; t += 4) {
        const __m256d v = _mm256_loadu_pd(o + t);
        _mm256_storeu_pd(o + t, _mm256_blendv_pd(v, cv, _mm256_cmp_pd(cv, v, _CMP_LT_OQ)));
    }
#endif
}

CV_TARGET("avx2")
void cv_seed_potentials_avx2(const double *x, long lo, long hi, long d, const double *pt, long padded, long trials,
                             const double *closest, const int *nearest, const double *between, double factor,
                             int prune, double *out) {
    long pending = -1;
    for (long i = lo; i < hi; i++) {
        const double c = closest[i];
        double *o = out + i * padded;
        if (prune && prunable(c, between + (long)nearest[i] * padded, trials, factor)) {
            for (long t = 0; t < padded; t++) o[t] = c;
            continue;
        }
        if (pending < 0) { pending = i; continue; }
        double *q = out + pending * padded;
        cv_two_rows_distances_avx2(x + pending * d, x + i * d, d, pt, padded, q, o);
        keep_closest(closest[pending], q, padded);
        keep_closest(c, o, padded);
        pending = -1;
    }
    if (pending >= 0) {
        double *q = out + pending * padded;
        double scratch[padded];
        cv_two_rows_distances_avx2(x + pending * d, x + pending * d, d, pt, padded, q, scratch);
        keep_closest(closest[pending], q, padded);
    }
}

CV_TARGET("avx2")
void cv_column_sums_avx2(const double *p, long n, long padded, double *sums) {
#if !CV_X86_SIMD
    for (long i = 0; i < n; i++) {
        for (long t = 0; t < padded; t++) sums[t] = sums[t] + p[i * padded + t];
    }
#else
    for (long t = 0; t < padded; t += 8) {
        __m256d a0 = _mm256_loadu_pd(sums + t), a1 = _mm256_loadu_pd(sums + t + 4);
        for (long i = 0; i < n; i++) {
            a0 = _mm256_add_pd(a0, _mm256_loadu_pd(p + i * padded + t));
            a1 = _mm256_add_pd(a1, _mm256_loadu_pd(p + i * padded + t + 4));
        }
        _mm256_storeu_pd(sums + t, a0);
        _mm256_storeu_pd(sums + t + 4, a1);
    }
#endif
}
