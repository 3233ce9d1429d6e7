// The nearest-centroid assignment with AVX2 (four doubles per instruction), for CPUs that have
// it: Swift cannot compile one function for a newer CPU than the rest, C can
// (`__attribute__((target))`), with the Swift loop as the fallback elsewhere.
//
// Same bits as the Swift kernel: per lane Σ (x_f − c_f)² in feature order with separate multiply
// and add (no FMA: contraction is off and the target has no FMA), padding lanes set to +∞, the
// block's smallest lane found by strict < from lane 0 (so a NaN in lane 0 behaves the same), the
// block kept only when strictly smaller than the best so far.
#include "CKernels.h"
#include <immintrin.h>
#include <math.h>

#pragma clang fp contract(off)

int cv_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? 1 : 0;
}

__attribute__((target("avx2")))
double cv_assign_avx2(const double *x, long lo, long hi, long d, const double *ct, long padded, long k,
                      int32_t *labels) {
    double sum = 0;
    const long lastBlock = padded - 8;
    for (long i = lo; i < hi; i++) {
        const double *row = x + i * d;
        double best = INFINITY;
        long bestJ = 0;
        for (long block = 0; block < padded; block += 8) {
            __m256d a0 = _mm256_setzero_pd(), a1 = _mm256_setzero_pd();
            const double *c = ct + block;
            for (long f = 0; f < d; f++) {
                const __m256d xf = _mm256_set1_pd(row[f]);
                const __m256d t0 = _mm256_sub_pd(xf, _mm256_loadu_pd(c));
                const __m256d t1 = _mm256_sub_pd(xf, _mm256_loadu_pd(c + 4));
                a0 = _mm256_add_pd(a0, _mm256_mul_pd(t0, t0));
                a1 = _mm256_add_pd(a1, _mm256_mul_pd(t1, t1));
                c += padded;
            }
            double v[8];
            _mm256_storeu_pd(v, a0);
            _mm256_storeu_pd(v + 4, a1);
            if (block == lastBlock) {
                for (long l = k - block; l < 8; l++) v[l] = INFINITY;
            }
            double m = v[0];
            long lane = 0;
            for (long l = 1; l < 8; l++) {
                if (v[l] < m) { m = v[l]; lane = l; }
            }
            if (m < best) { best = m; bestJ = block + lane; }
        }
        labels[i] = (int32_t)bestJ;
        sum += best;
    }
    return sum;
}
