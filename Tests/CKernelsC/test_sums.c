// sums.c (`cv_cluster_sums_avx2`) against the Swift `ClusterSums.chunk` in plain C: rows in order,
// each added element by element to its cluster's running sum, bit for bit.
#include "check.h"
#include "CKernels.h"

int main(void) {
    require_no_contraction();
    if (SIMD_BUILD && !cv_has_avx2()) {
        printf("test_sums: this CPU has no AVX2: cv_cluster_sums_avx2 not run\n");
        return finish_tests("test_sums");
    }
    for (int r = 0; r < 600; r++) {
        const enum Fill kind = (enum Fill)(r % FILL_KINDS);
        const long n = 1 + below(60), d = 1 + below(r < 300 ? 12 : 70), k = 1 + below(9);
        const long lo = below(n), hi = lo + below(n - lo + 1);
        double *x = xmalloc(sizeof(double) * (size_t)(n * d));
        fill(x, n * d, kind);
        int32_t *labels = xmalloc(sizeof(int32_t) * (size_t)n);
        for (long i = 0; i < n; i++) labels[i] = (int32_t)below(k);
        // Running sums that already hold something (the kernel continues them).
        double *sums = xmalloc(sizeof(double) * (size_t)(k * d)), *want = xmalloc(sizeof(double) * (size_t)(k * d));
        double *counts = xmalloc(sizeof(double) * (size_t)k), *wantCounts = xmalloc(sizeof(double) * (size_t)k);
        fill(sums, k * d, kind);
        memcpy(want, sums, sizeof(double) * (size_t)(k * d));
        for (long j = 0; j < k; j++) counts[j] = wantCounts[j] = (double)below(3);
        for (long i = lo; i < hi; i++) {
            wantCounts[labels[i]] += 1;
            for (long f = 0; f < d; f++) want[labels[i] * d + f] += x[i * d + f];
        }
        cv_cluster_sums_avx2(x, lo, hi, d, labels, sums, counts);
        long bad = -1;
        for (long e = 0; e < k * d && bad < 0; e++) if (!same_bits(sums[e], want[e])) bad = e;
        CHECK(bad < 0, "n=%ld d=%ld k=%ld %s rows %ld..<%ld: sums[%ld] = %a, reference %a", n, d, k, fill_names[kind], lo, hi,
              bad, bad < 0 ? 0 : sums[bad], bad < 0 ? 0 : want[bad]);
        CHECK(memcmp(counts, wantCounts, sizeof(double) * (size_t)k) == 0, "n=%ld d=%ld k=%ld: counts", n, d, k);
        free(x); free(labels); free(sums); free(want); free(counts); free(wantCounts);
    }
    return finish_tests("test_sums");
}
