// The direct nearest-centroid assignment (assign.c) with AVX-512: the same Σ (x_f − c_f)² per
// lane, in feature order, separate multiply and add, so the same bits; eight centroids per
// instruction instead of four, and four rows share each centroid load. For small D × k, where the
// expanded filter (assign_expanded.c) costs more than it saves.
//
// The choice is the direct kernel's: without NaN, its strict < scan (lane by lane, block by block)
// picks the lowest index holding the minimum, found here with vector compares; a row with a NaN
// distance goes through assign.c itself.
//
// Off x86-64 (no AVX-512: never picked) the portable body hands each row to assign.c's and adds
// its distance to the running sum: the contract's bits by construction.
#include "CKernels.h"
#include "kernel_target.h"
#include <math.h>

#pragma STDC FP_CONTRACT OFF

#define ROWS 4

double cv_assign_direct_avx512(const double *x, long lo, long hi, long d, const double *ct, long padded, long k,
                               int32_t *labels) {
    return cv_assign_direct_avx512_after(0, x, lo, hi, d, ct, padded, k, labels);
}

#if CV_X86_SIMD
CV_TARGET("avx512f,avx2")
double cv_assign_direct_avx512_after(double sum, const double *x, long lo, long hi, long d, const double *ct,
                                     long padded, long k, int32_t *labels) {
    const long lastBlock = padded - 8;
    const __mmask8 padding = (__mmask8)(0xFF & ~((1u << (k - lastBlock)) - 1));
    const __m512d inf = _mm512_set1_pd(INFINITY);
    for (long i = lo; i < hi; i += ROWS) {
        const long rows = hi - i < ROWS ? hi - i : ROWS;
        const double *r[ROWS];
        for (int q = 0; q < ROWS; q++) r[q] = x + (i + (q < rows ? q : rows - 1)) * d;
        // Per lane the smallest value over the blocks so far (strict <, so the earliest block on
        // ties) and its cluster index; whether any value was NaN.
        __m512d best[ROWS];
        __m512i bestJ[ROWS];
        __mmask8 nan[ROWS];
        for (int q = 0; q < ROWS; q++) { best[q] = inf; bestJ[q] = _mm512_setzero_si512(); nan[q] = 0; }
        __m512i index = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
        for (long block = 0; block < padded; block += 8) {
            __m512d a[ROWS];
            for (int q = 0; q < ROWS; q++) a[q] = _mm512_setzero_pd();
            const double *c = ct + block;
            for (long f = 0; f < d; f++) {
                const __m512d cv = _mm512_loadu_pd(c);
                for (int q = 0; q < ROWS; q++) {
                    const __m512d t = _mm512_sub_pd(_mm512_set1_pd(r[q][f]), cv);
                    a[q] = _mm512_add_pd(a[q], _mm512_mul_pd(t, t));
                }
                c += padded;
            }
            const __mmask8 real = block == lastBlock ? (__mmask8)~padding : (__mmask8)0xFF;
            for (int q = 0; q < ROWS; q++) {
                nan[q] |= _mm512_mask_cmp_pd_mask(real, a[q], a[q], _CMP_UNORD_Q);
                const __mmask8 smaller = _mm512_mask_cmp_pd_mask(real, a[q], best[q], _CMP_LT_OQ);
                best[q] = _mm512_mask_mov_pd(best[q], smaller, a[q]);
                bestJ[q] = _mm512_mask_mov_epi64(bestJ[q], smaller, index);
            }
            index = _mm512_add_epi64(index, _mm512_set1_epi64(8));
        }
        for (int q = 0; q < rows; q++) {
            if (nan[q]) {
                // assign.c's exact scan, NaN quirks included (a NaN in a block's lane 0 hides the block).
                sum += cv_assign_avx2(x, i + q, i + q + 1, d, ct, padded, k, labels);
                continue;
            }
            // Without NaN, strict < block by block and lane by lane is the lowest index holding the
            // minimum (+∞ everywhere: index 0, as the scan that never improves on +∞).
            const double m = _mm512_reduce_min_pd(best[q]);
            const __mmask8 at = _mm512_cmp_pd_mask(best[q], _mm512_set1_pd(m), _CMP_EQ_OQ);
            long lanes[8];
            _mm512_storeu_si512(lanes, bestJ[q]);
            long j = lanes[__builtin_ctz(at)];
            for (unsigned rest = at & (at - 1u); rest; rest &= rest - 1u) {  // ties across lanes
                if (lanes[__builtin_ctz(rest)] < j) j = lanes[__builtin_ctz(rest)];
            }
            labels[i + q] = (int32_t)j;
            sum += m;
        }
    }
    return sum;
}
#else
double cv_assign_direct_avx512_after(double sum, const double *x, long lo, long hi, long d, const double *ct,
                                     long padded, long k, int32_t *labels) {
    for (long i = lo; i < hi; i++) sum += cv_assign_avx2(x, i, i + 1, d, ct, padded, k, labels);
    return sum;
}
#endif
