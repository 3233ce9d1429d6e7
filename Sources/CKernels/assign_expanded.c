// The nearest-centroid assignment as a certified filter (AVX-512F): the same labels and the same
// inertia bits as the direct kernel (assign.c), at about a third of its arithmetic when D is large.
//
// Why: the direct Σ_f (x_f − c_f)² costs a subtract, a multiply and an add per feature and centroid;
// the expanded s_j = ‖c_j‖² − 2 x·c_j costs one fused multiply-add, laid out like a small matrix
// product (8 rows × 16 centroids of accumulators in registers; for few centroids, e.g. k = 10,
// where 16 lanes would be a third padding, 4 rows × 5 centroids of dot products summed across
// lanes: `dot_products`). But the expanded value loses
// precision (cancellation far from the origin) and rounds differently from the direct form, so it
// only *filters*:
//
//  1. e_j = α (‖x‖² + ‖c_j‖²) + τ bounds, with a factor-2 margin, the rounding error of ŝ_j against
//     the exact s_j = D_j − ‖x‖² PLUS the rounding error of the direct-form value d̂_j against the
//     exact D_j (both are at most ~(D+2)·u·(‖x‖ + ‖c_j‖)² ≤ 2(D+2)·u·(‖x‖² + ‖c_j‖²); α = 4(2D+3)u;
//     τ covers underflow, a few units of 2⁻¹⁰⁷⁴ per operation).
//  2. U = min_j (ŝ_j + e_j). Any j with ŝ_j − e_j > U has d̂_j > d̂_m for the m attaining U, so it
//     cannot be the direct form's choice. The rest are the candidates.
//  3. One candidate: it is the direct form's choice; only its d̂ is computed (for the inertia, the
//     same bits as the direct kernel: the same operations in the same order). Several (near or
//     exact ties): d̂ of each candidate in index order with strict <, as the direct kernel does,
//     so ties still go to the lowest index.
//  4. Anything non-finite (ŝ, ‖x‖², a candidate's d̂: overflow at huge magnitudes, inf or NaN in the
//     data): that row goes through the direct kernel itself (`cv_assign_avx2`), unchanged.
//
// The direct values of a block of 8 rows are computed side by side in the lanes of one vector
// (x − c and its square per row, then an 8 × 8 transpose so the additions run in feature order per
// lane): separate multiply and add, no FMA, as the direct kernel.
//
// Off x86-64 (no AVX-512: never picked) the portable body is the direct form for every row, the
// same path as a call without scratch memory here: the contract's labels, sum and sums.
#include "CKernels.h"
#include "kernel_target.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF

#define ROWS 8    // rows per register block
#define PANEL 16  // centroids per register block (two vectors of 8)
#define PROBE 32  // rows at the start of each call that decide whether the filter is worth it

long cv_expanded_padded(long k) { return (k + PANEL - 1) / PANEL * PANEL; }

void cv_expanded_pack(const double *centroids, long k, long d, double *packed, double *cc, double *ecc) {
    const long padded = cv_expanded_padded(k);
    const double u = 0x1p-53;
    const double alpha = 4.0 * (2.0 * (double)d + 3.0) * u;
    const double tau = 8.0 * ((double)d + 2.0) * 0x1p-1074;
    memset(packed, 0, sizeof(double) * (size_t)(padded * d));
    for (long j = 0; j < padded; j++) {
        double s = 0;
        if (j < k) {
            const double *c = centroids + j * d;
            for (long f = 0; f < d; f++) {
                packed[(j / PANEL) * d * PANEL + f * PANEL + j % PANEL] = c[f];
                s = fma(c[f], c[f], s);
            }
        }
        cc[j] = s;
        ecc[j] = j < k ? alpha * s + tau : 0;
    }
}

#if CV_X86_SIMD
/// ŝ_j = ‖c_j‖² − 2 x·c_j of 8 rows (pointers r[0..7]) against the 16 centroids of one panel.
CV_TARGET("avx512f")
static inline void panel_products(const double *const *r, long d, const double *p, const double *cc,
                                  double *out, long stride) {
    __m512d a[ROWS][2];
    for (int i = 0; i < ROWS; i++) { a[i][0] = _mm512_setzero_pd(); a[i][1] = _mm512_setzero_pd(); }
    for (long f = 0; f < d; f++) {
        const __m512d c0 = _mm512_loadu_pd(p + f * PANEL), c1 = _mm512_loadu_pd(p + f * PANEL + 8);
        for (int i = 0; i < ROWS; i++) {
            const __m512d xi = _mm512_set1_pd(r[i][f]);
            a[i][0] = _mm512_fmadd_pd(xi, c0, a[i][0]);
            a[i][1] = _mm512_fmadd_pd(xi, c1, a[i][1]);
        }
    }
    const __m512d two = _mm512_set1_pd(2.0), n0 = _mm512_loadu_pd(cc), n1 = _mm512_loadu_pd(cc + 8);
    for (int i = 0; i < ROWS; i++) {
        _mm512_storeu_pd(out + i * stride, _mm512_fnmadd_pd(a[i][0], two, n0));
        _mm512_storeu_pd(out + i * stride + 8, _mm512_fnmadd_pd(a[i][1], two, n1));
    }
}

/// The same ŝ_j for few centroids, where a 16-wide panel would be mostly padding (k = 10 fills
/// 10 of 16 lanes): lanes over features instead, 4 rows × GROUP centroids of dot products
/// x·c_j in registers (every product used), each summed across its lanes at the end. Only the
/// order of the additions differs from `panel_products`, and the filter's bound holds for any
/// order (a dot product's rounding error is at most γ_D Σ|x_f c_f| however it is summed), so the
/// candidates still contain the direct form's choice. Group 0 also sums ‖x‖² (`xx`) while the
/// rows are loaded. `c[j]` are the centroids' rows (zero rows past k); `out` as `panel_products`.
#define GROUP 5
#define DOT_ROWS 4
CV_TARGET("avx512f")
static inline void dot_products(const double *const *r, long d, const double *const *c, long groups, const double *cc,
                                double *out, long stride, double *xx) {
    for (long g = 0; g < groups; g++) {
        const double *const *cg = c + g * GROUP;
        __m512d a[DOT_ROWS][GROUP], n[DOT_ROWS];
        for (int i = 0; i < DOT_ROWS; i++) {
            n[i] = _mm512_setzero_pd();
            for (int j = 0; j < GROUP; j++) a[i][j] = _mm512_setzero_pd();
        }
        for (long f = 0; f < d; f += 8) {
            const __mmask8 m = d - f >= 8 ? (__mmask8)0xFF : (__mmask8)((1u << (d - f)) - 1);
            __m512d xv[DOT_ROWS];
            for (int i = 0; i < DOT_ROWS; i++) xv[i] = _mm512_maskz_loadu_pd(m, r[i] + f);
            if (g == 0) {
                for (int i = 0; i < DOT_ROWS; i++) n[i] = _mm512_fmadd_pd(xv[i], xv[i], n[i]);
            }
            for (int j = 0; j < GROUP; j++) {
                const __m512d cv = _mm512_maskz_loadu_pd(m, cg[j] + f);
                for (int i = 0; i < DOT_ROWS; i++) a[i][j] = _mm512_fmadd_pd(xv[i], cv, a[i][j]);
            }
        }
        for (int i = 0; i < DOT_ROWS; i++) {
            if (g == 0) xx[i] = _mm512_reduce_add_pd(n[i]);
            for (int j = 0; j < GROUP; j++) {
                const long col = g * GROUP + j;
                out[i * stride + col] = fma(-2.0, _mm512_reduce_add_pd(a[i][j]), cc[col]);
            }
        }
    }
}

/// ‖x‖² of one row (any summation order: only its bound matters).
CV_TARGET("avx512f")
static inline double squared_norm(const double *x, long d) {
    __m512d a = _mm512_setzero_pd();
    long f = 0;
    for (; f + 8 <= d; f += 8) { const __m512d v = _mm512_loadu_pd(x + f); a = _mm512_fmadd_pd(v, v, a); }
    if (f < d) {
        const __m512d v = _mm512_maskz_loadu_pd((__mmask8)((1u << (d - f)) - 1), x + f);
        a = _mm512_fmadd_pd(v, v, a);
    }
    return _mm512_reduce_add_pd(a);
}

/// The direct-form Σ_f (x_f − c_f)² of 8 (row, centroid) pairs, lane i for pair i: per lane the
/// same operations in the same order as the direct kernel (features in order, multiply then add).
/// With `into` (8 cluster sums, one per row, rows in order), each row is also added to its sum
/// while it is loaded: per element the same additions in the same row order as `add_row`.
CV_TARGET("avx512f")
static inline __m512d direct_eight(const double *const *r, const double *const *c, long d, double *const *into) {
    __m512d acc = _mm512_setzero_pd();
    for (long f = 0; f < d; f += 8) {
        // Features beyond d load as 0 on both sides: (0 − 0)² = +0 leaves every lane's sum as it was.
        const __mmask8 m = d - f >= 8 ? (__mmask8)0xFF : (__mmask8)((1u << (d - f)) - 1);
        __m512d q[8];
        for (int i = 0; i < 8; i++) {
            const __m512d x = _mm512_maskz_loadu_pd(m, r[i] + f);
            if (into) _mm512_mask_storeu_pd(into[i] + f, m, _mm512_add_pd(_mm512_maskz_loadu_pd(m, into[i] + f), x));
            const __m512d t = _mm512_sub_pd(x, _mm512_maskz_loadu_pd(m, c[i] + f));
            q[i] = _mm512_mul_pd(t, t);
        }
        // 8 × 8 transpose: q[i][g] → col[g][i].
        const __m512d t0 = _mm512_unpacklo_pd(q[0], q[1]), t1 = _mm512_unpackhi_pd(q[0], q[1]);
        const __m512d t2 = _mm512_unpacklo_pd(q[2], q[3]), t3 = _mm512_unpackhi_pd(q[2], q[3]);
        const __m512d t4 = _mm512_unpacklo_pd(q[4], q[5]), t5 = _mm512_unpackhi_pd(q[4], q[5]);
        const __m512d t6 = _mm512_unpacklo_pd(q[6], q[7]), t7 = _mm512_unpackhi_pd(q[6], q[7]);
        const __m512d u0 = _mm512_shuffle_f64x2(t0, t2, 0x88), u1 = _mm512_shuffle_f64x2(t0, t2, 0xDD);
        const __m512d u2 = _mm512_shuffle_f64x2(t1, t3, 0x88), u3 = _mm512_shuffle_f64x2(t1, t3, 0xDD);
        const __m512d u4 = _mm512_shuffle_f64x2(t4, t6, 0x88), u5 = _mm512_shuffle_f64x2(t4, t6, 0xDD);
        const __m512d u6 = _mm512_shuffle_f64x2(t5, t7, 0x88), u7 = _mm512_shuffle_f64x2(t5, t7, 0xDD);
        const __m512d col[8] = {
            _mm512_shuffle_f64x2(u0, u4, 0x88), _mm512_shuffle_f64x2(u2, u6, 0x88),
            _mm512_shuffle_f64x2(u1, u5, 0x88), _mm512_shuffle_f64x2(u3, u7, 0x88),
            _mm512_shuffle_f64x2(u0, u4, 0xDD), _mm512_shuffle_f64x2(u2, u6, 0xDD),
            _mm512_shuffle_f64x2(u1, u5, 0xDD), _mm512_shuffle_f64x2(u3, u7, 0xDD)};
        if (d - f >= 8) {
            for (int g = 0; g < 8; g++) acc = _mm512_add_pd(acc, col[g]); // features f, f+1, … in order
        } else {
            for (int g = 0; g < d - f; g++) acc = _mm512_add_pd(acc, col[g]);
        }
    }
    return acc;
}

/// The direct-form distance of one row to one centroid (scalar, same operations and order).
static inline double direct_one(const double *x, const double *c, long d) {
    double a = 0;
    for (long f = 0; f < d; f++) { const double t = x[f] - c[f]; a = a + t * t; }
    return a;
}
#endif

/// sum += row, count += 1: per element the same additions, in the same row order, as the Swift
/// `ClusterSums.chunk`, so the same bits (vector lanes are independent elements).
CV_TARGET("avx512f")
static inline void add_row(double *sum, const double *row, long d, double *count) {
    *count += 1;
    long f = 0;
#if CV_X86_SIMD
    for (; f + 8 <= d; f += 8) _mm512_storeu_pd(sum + f, _mm512_add_pd(_mm512_loadu_pd(sum + f), _mm512_loadu_pd(row + f)));
#endif
    for (; f < d; f++) sum[f] += row[f];
}

/// Rows [lo, hi) by the direct form, then each added to its cluster's sum (with `sums`): the
/// filter's result without the filter.
CV_TARGET("avx512f,avx2")
static double direct_rows(double sum, const double *x, long lo, long hi, long d, const double *ct, long padded8,
                          long k, int32_t *labels, double *sums, double *counts) {
    sum = cv_assign_direct_avx512_after(sum, x, lo, hi, d, ct, padded8, k, labels);
    if (sums) {
        for (long t = lo; t < hi; t++) add_row(sums + labels[t] * d, x + t * d, d, counts + labels[t]);
    }
    return sum;
}

enum { CERTAIN = 0, SEVERAL = 1, DIRECT = 2 };

#if CV_X86_SIMD
CV_TARGET("avx512f,avx2")
double cv_assign_expanded_avx512(const double *x, long lo, long hi, long d, const double *centroids, long k,
                                 const double *packed, const double *cc, const double *ecc,
                                 const double *ct, long padded8, int32_t *labels, double *sums, double *counts) {
    const long padded = cv_expanded_padded(k), vectors = padded / 8;
    const double alpha = 4.0 * (2.0 * (double)d + 3.0) * 0x1p-53;
    double *s = calloc((size_t)(ROWS * padded), sizeof(double)); // entries past k stay 0 (finite)
    uint8_t *bits = malloc((size_t)(ROWS * vectors));
    // Few centroids for the 16-wide panels (at most 80 % of the products would count): the
    // dot-product layout, groups of GROUP centroid rows (zero rows past k).
    const long groups = (k + GROUP - 1) / GROUP;
    const int dots = 5 * groups * GROUP <= 4 * padded;
    double *zero = dots ? calloc((size_t)d, sizeof(double)) : NULL;
    const double **rowsOfC = dots ? malloc(sizeof(double *) * (size_t)(groups * GROUP)) : NULL;
    if (dots && zero && rowsOfC) {
        for (long j = 0; j < groups * GROUP; j++) rowsOfC[j] = j < k ? centroids + j * d : zero;
    }
    const __mmask8 lastValid = (__mmask8)(k % 8 == 0 ? 0xFF : (1u << (k % 8)) - 1);
    const long lastVector = (k - 1) / 8;
    double sum = 0;
    if (!s || !bits || (dots && (!zero || !rowsOfC))) {  // no scratch memory (an enormous k): the direct form needs none
        free(s);
        free(bits);
        free(zero);
        free(rowsOfC);
        return direct_rows(0, x, lo, hi, d, ct, padded8, k, labels, sums, counts);
    }
    long undecided = 0;  // rows of the first PROBE the filter could not decide alone
    for (long i = lo; i < hi; i += ROWS) {
        if (i == lo + PROBE && 2 * undecided > PROBE) {
            // The filter is not earning its keep here (data far from the origin, where ‖x‖² dwarfs
            // the gaps, or many exact ties): the rest of the chunk by the direct form, same bits.
            sum = direct_rows(sum, x, i, hi, d, ct, padded8, k, labels, sums, counts);
            break;
        }
        const long rows = hi - i < ROWS ? hi - i : ROWS;
        const double *r[ROWS];
        for (int q = 0; q < ROWS; q++) r[q] = x + (i + (q < rows ? q : rows - 1)) * d;
        // The next block's rows, while this one computes (8 interleaved row streams are more than
        // the hardware prefetcher follows well).
        if (i + 2 * ROWS <= hi) {
            const char *next = (const char *)(x + (i + ROWS) * d);
            for (long b = 0; b < (long)sizeof(double) * ROWS * d; b += 64) _mm_prefetch(next + b, _MM_HINT_T0);
        }
        double norms[ROWS];
        if (dots) {
            for (int q = 0; q < ROWS; q += DOT_ROWS) dot_products(r + q, d, rowsOfC, groups, cc, s + q * padded, padded, norms + q);
        } else {
            for (long p = 0; p < padded; p += PANEL) panel_products(r, d, packed + p * d, cc + p, s + p, padded);
        }

        int kind[ROWS], winner[ROWS], several[ROWS];
        double norms_of[ROWS];
        const double *w[ROWS];
        for (int q = 0; q < ROWS; q++) {
            const double *sq = s + q * padded;
            const double xx = dots ? norms[q] : squared_norm(r[q], d);
            norms_of[q] = xx;
            const __m512d ax = _mm512_set1_pd(alpha * xx), zero = _mm512_setzero_pd(), inf = _mm512_set1_pd(INFINITY);
            // One pass: U = min (ŝ + e), and per lane the smallest and second smallest ŝ − e (with
            // the index of the smallest). Exactly one candidate ⇔ exactly one lane's smallest is
            // ≤ U and no lane's second smallest is.
            __m512d up = inf, low1 = inf, low2 = inf, check = zero;
            __m512i idx1 = _mm512_setzero_si512(), idx = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
            const __m512i eight = _mm512_set1_epi64(8);
            for (long v = 0; v <= lastVector; v++) {
                const __m512d sv = _mm512_loadu_pd(sq + v * 8), ev = _mm512_add_pd(ax, _mm512_loadu_pd(ecc + v * 8));
                const __mmask8 m = v == lastVector ? lastValid : (__mmask8)0xFF;
                up = _mm512_mask_min_pd(up, m, up, _mm512_add_pd(sv, ev));
                const __m512d lo = _mm512_mask_mov_pd(inf, m, _mm512_sub_pd(sv, ev));
                const __mmask8 smaller = _mm512_cmp_pd_mask(lo, low1, _CMP_LT_OQ);
                low2 = _mm512_min_pd(low2, _mm512_max_pd(low1, lo));
                low1 = _mm512_min_pd(low1, lo);
                idx1 = _mm512_mask_mov_epi64(idx1, smaller, idx);
                idx = _mm512_add_epi64(idx, eight);
                check = _mm512_add_pd(check, _mm512_mul_pd(sv, zero)); // NaN when any ŝ is not finite
            }
            const double u = _mm512_reduce_min_pd(up);
            winner[q] = 0;
            several[q] = 0;
            w[q] = centroids;
            if (_mm512_cmp_pd_mask(check, check, _CMP_UNORD_Q) || !isfinite(xx * 0 + u * 0)) { kind[q] = DIRECT; continue; }
            const __m512d uv = _mm512_set1_pd(u);
            const __mmask8 one = _mm512_cmp_pd_mask(low1, uv, _CMP_LE_OQ), two = _mm512_cmp_pd_mask(low2, uv, _CMP_LE_OQ);
            if (__builtin_popcount(one) == 1 && two == 0) {
                long lanes[8];
                _mm512_storeu_si512(lanes, idx1);
                kind[q] = CERTAIN;
                winner[q] = (int)lanes[__builtin_ctz(one)];
                w[q] = centroids + winner[q] * d;
                continue;
            }
            int count = 0, first = 0;
            for (long v = 0; v < vectors; v++) {
                const __m512d sv = _mm512_loadu_pd(sq + v * 8), ev = _mm512_add_pd(ax, _mm512_loadu_pd(ecc + v * 8));
                const __mmask8 m = v == lastVector ? lastValid : v < lastVector ? (__mmask8)0xFF : 0;
                const __mmask8 b = _mm512_mask_cmp_pd_mask(m, _mm512_sub_pd(sv, ev), uv, _CMP_LE_OQ);
                bits[q * vectors + v] = (uint8_t)b;
                if (b && count == 0) first = (int)(v * 8 + __builtin_ctz(b));
                count += __builtin_popcount(b);
            }
            several[q] = count;
            if (count == 1) {
                kind[q] = CERTAIN;
                winner[q] = first;
                w[q] = centroids + first * d;
            } else {
                // count == 0 cannot happen with finite values (the j attaining U is a candidate);
                // treat it like several candidates anyway, which then falls back if needed.
                kind[q] = SEVERAL;
            }
        }
        // A full block of rows all decided by the filter, whose direct values cannot overflow
        // (Σ (x_f − c_f)² ≤ 2(‖x‖² + ‖c‖²) < DBL_MAX: every row stays decided): each row is added
        // to its cluster's sum inside the direct pass, while it is loaded anyway.
        int fused = sums != NULL && rows == ROWS;
        double *into[ROWS];
        for (int q = 0; q < ROWS && fused; q++) {
            fused = kind[q] == CERTAIN && norms_of[q] + cc[winner[q]] < 1e300;
            into[q] = fused ? sums + (long)winner[q] * d : NULL;
        }
        double dist[ROWS];
        _mm512_storeu_pd(dist, direct_eight(r, w, d, fused ? into : NULL));
        if (fused) {
            for (int q = 0; q < ROWS; q++) {
                labels[i + q] = (int32_t)winner[q];
                counts[winner[q]] += 1;
                sum += dist[q];
            }
            continue;
        }
        for (int q = 0; q < rows; q++) {
            if (kind[q] == SEVERAL && several[q] > 2) kind[q] = DIRECT; // cheaper as one vectorised row
            if (kind[q] == SEVERAL) {
                double best = INFINITY;
                long bestJ = 0;
                for (long v = 0; v < vectors; v++) {
                    unsigned b = bits[q * vectors + v];
                    while (b) {
                        const long j = v * 8 + __builtin_ctz(b);
                        b &= b - 1;
                        const double t = direct_one(r[q], centroids + j * d, d);
                        if (!isfinite(t)) { kind[q] = DIRECT; break; }
                        if (t < best) { best = t; bestJ = j; }
                    }
                    if (kind[q] == DIRECT) break;
                }
                if (kind[q] == SEVERAL && isfinite(best)) { winner[q] = (int)bestJ; dist[q] = best; }
                else kind[q] = DIRECT;
            } else if (kind[q] == CERTAIN && !isfinite(dist[q])) {
                kind[q] = DIRECT;
            }
            if (kind[q] != CERTAIN) undecided++;
            if (kind[q] == DIRECT) {
                sum += cv_assign_avx2(x, i + q, i + q + 1, d, ct, padded8, k, labels);
            } else {
                labels[i + q] = (int32_t)winner[q];
                sum += dist[q];
            }
            if (sums) add_row(sums + labels[i + q] * d, r[q], d, counts + labels[i + q]);
        }
    }
    free(s);
    free(bits);
    free(zero);
    free(rowsOfC);
    return sum;
}
#else
double cv_assign_expanded_avx512(const double *x, long lo, long hi, long d, const double *centroids, long k,
                                 const double *packed, const double *cc, const double *ecc,
                                 const double *ct, long padded8, int32_t *labels, double *sums, double *counts) {
    (void)centroids; (void)packed; (void)cc; (void)ecc;
    return direct_rows(0, x, lo, hi, d, ct, padded8, k, labels, sums, counts);
}
#endif
