// assign.c, assign_direct512.c, assign_expanded.c against the plain-C reference of the Swift
// `Assignment.compute` loop: the same labels and the same inertia bits (and, for the expanded
// kernel with sums, the same per-cluster sums as `ClusterSums.chunk`), on random and edge inputs.
#include "check.h"
#include "CKernels.h"

/// The Swift loop, one row at a time: per block of 8 centroids (padding centroids at the largest
/// double, their lanes set to +∞ after the sum) the Σ (x_f − c_f)² per lane in feature order, the
/// block's smallest lane by strict < from lane 0, the block kept when strictly below the best.
static double reference_assign(const double *x, long lo, long hi, long d, const double *centroids, long k,
                               int32_t *labels) {
    const long padded = (k + 7) / 8 * 8;
    double sum = 0;
    for (long i = lo; i < hi; i++) {
        const double *row = x + i * d;
        double best = INFINITY;
        long bestJ = 0;
        for (long block = 0; block < padded; block += 8) {
            double v[8];
            for (long l = 0; l < 8; l++) {
                const long j = block + l;
                double a = 0;
                for (long f = 0; f < d; f++) {
                    const double t = row[f] - (j < k ? centroids[j * d + f] : DBL_MAX);
                    a = a + t * t;
                }
                v[l] = j < k ? a : INFINITY;
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

/// `ClusterSums.chunk`: rows in order, each added element by element to its cluster's sum.
static void reference_sums(const double *x, long lo, long hi, long d, const int32_t *labels, double *sums,
                           double *counts) {
    for (long i = lo; i < hi; i++) {
        counts[labels[i]] += 1;
        for (long f = 0; f < d; f++) sums[labels[i] * d + f] += x[i * d + f];
    }
}

static void compare(const char *kernel, const char *what, long lo, long hi, const int32_t *want, const int32_t *got,
                    double wantSum, double gotSum) {
    long bad = -1;
    for (long i = lo; i < hi && bad < 0; i++) if (want[i] != got[i]) bad = i;
    CHECK(bad < 0, "%s %s: row %ld labelled %d, reference %d", kernel, what, bad, bad < 0 ? 0 : got[bad], bad < 0 ? 0 : want[bad]);
    CHECK(same_bits(wantSum, gotSum), "%s %s: sum %a, reference %a", kernel, what, gotSum, wantSum);
}

static void one_case(long n, long d, long k, enum Fill kind, int direct, int wide) {
    char what[160];
    double *x = xmalloc(sizeof(double) * (size_t)(n * d));
    double *centroids = xmalloc(sizeof(double) * (size_t)(k * d));
    fill(x, n * d, kind);
    fill(centroids, k * d, kind);
    // Exact ties: some centroids repeat others, some are rows.
    for (long j = 1; j < k; j++) {
        if (below(4) == 0) memcpy(centroids + j * d, centroids + below(j) * d, sizeof(double) * (size_t)d);
        else if (below(4) == 0) memcpy(centroids + j * d, x + below(n) * d, sizeof(double) * (size_t)d);
    }
    const long padded = (k + 7) / 8 * 8;
    double *ct = xmalloc(sizeof(double) * (size_t)(d * padded));
    for (long f = 0; f < d; f++)
        for (long j = 0; j < padded; j++) ct[f * padded + j] = j < k ? centroids[j * d + f] : DBL_MAX;
    int32_t *want = xmalloc(sizeof(int32_t) * (size_t)n), *got = xmalloc(sizeof(int32_t) * (size_t)n);
    // A chunk that does not start at row 0, as ParallelChunks hands them out.
    const long lo = n > 3 ? below(3) : 0, hi = n;
    snprintf(what, sizeof what, "n=%ld d=%ld k=%ld %s rows %ld..<%ld", n, d, k, fill_names[kind], lo, hi);
    const double wantSum = reference_assign(x, lo, hi, d, centroids, k, want);

    if (direct) {
        memset(got, 0xFF, sizeof(int32_t) * (size_t)n);
        compare("cv_assign_avx2", what, lo, hi, want, got, wantSum, cv_assign_avx2(x, lo, hi, d, ct, padded, k, got));
    }
    if (wide) {
        memset(got, 0xFF, sizeof(int32_t) * (size_t)n);
        compare("cv_assign_direct_avx512", what, lo, hi, want, got, wantSum,
                cv_assign_direct_avx512(x, lo, hi, d, ct, padded, k, got));
        // Continuing a running sum: the same bits as adding the rows one by one after it.
        const double start = 0.1 + (double)n;
        double wantAfter = start;
        for (long i = lo; i < hi; i++) wantAfter += reference_assign(x, i, i + 1, d, centroids, k, want);
        memset(got, 0xFF, sizeof(int32_t) * (size_t)n);
        compare("cv_assign_direct_avx512_after", what, lo, hi, want, got, wantAfter,
                cv_assign_direct_avx512_after(start, x, lo, hi, d, ct, padded, k, got));

        const long ep = cv_expanded_padded(k);
        CHECK(ep % 16 == 0 && ep >= k && ep < k + 16, "cv_expanded_padded(%ld) = %ld", k, ep);
        double *packed = xmalloc(sizeof(double) * (size_t)(ep * d)), *cc = xmalloc(sizeof(double) * (size_t)ep),
               *ecc = xmalloc(sizeof(double) * (size_t)ep);
        cv_expanded_pack(centroids, k, d, packed, cc, ecc);
        memset(got, 0xFF, sizeof(int32_t) * (size_t)n);
        compare("cv_assign_expanded_avx512", what, lo, hi, want, got, wantSum,
                cv_assign_expanded_avx512(x, lo, hi, d, centroids, k, packed, cc, ecc, ct, padded, got, NULL, NULL));
        // With the cluster sums added in the kernel.
        double *sums = calloc((size_t)(k * d) + 1, sizeof(double)), *counts = calloc((size_t)k, sizeof(double));
        double *wantSums = calloc((size_t)(k * d) + 1, sizeof(double)), *wantCounts = calloc((size_t)k, sizeof(double));
        if (!sums || !counts || !wantSums || !wantCounts) { fprintf(stderr, "out of memory\n"); exit(2); }
        memset(got, 0xFF, sizeof(int32_t) * (size_t)n);
        compare("cv_assign_expanded_avx512 (sums)", what, lo, hi, want, got, wantSum,
                cv_assign_expanded_avx512(x, lo, hi, d, centroids, k, packed, cc, ecc, ct, padded, got, sums, counts));
        reference_sums(x, lo, hi, d, want, wantSums, wantCounts);
        long bad = -1;
        for (long e = 0; e < k * d && bad < 0; e++) if (!same_bits(sums[e], wantSums[e])) bad = e;
        CHECK(bad < 0, "cv_assign_expanded_avx512 %s: sums[%ld] = %a, reference %a", what, bad,
              bad < 0 ? 0 : sums[bad], bad < 0 ? 0 : wantSums[bad]);
        CHECK(memcmp(counts, wantCounts, sizeof(double) * (size_t)k) == 0, "cv_assign_expanded_avx512 %s: counts", what);
        free(packed); free(cc); free(ecc); free(sums); free(counts); free(wantSums); free(wantCounts);
    }
    free(x); free(centroids); free(ct); free(want); free(got);
}

int main(void) {
    require_no_contraction();
    const int direct = !SIMD_BUILD || cv_has_avx2(), wide = !SIMD_BUILD || cv_has_avx512();
    if (!direct) printf("test_assign: this CPU has no AVX2: cv_assign_avx2 not run\n");
    if (!wide) printf("test_assign: this CPU has no AVX-512: the AVX-512 kernels not run\n");
    static const long ns[] = {1, 2, 3, 7, 40, 97};
    static const long ds[] = {1, 2, 3, 5, 8, 9, 17, 64};
    static const long ks[] = {1, 2, 3, 7, 8, 9, 10, 16, 17, 33};
    for (int kind = 0; kind < FILL_KINDS; kind++)
        for (size_t a = 0; a < sizeof ns / sizeof *ns; a++)
            for (size_t b = 0; b < sizeof ds / sizeof *ds; b++)
                for (size_t c = 0; c < sizeof ks / sizeof *ks; c++) one_case(ns[a], ds[b], ks[c], (enum Fill)kind, direct, wide);
    // Longer chunks: the expanded kernel's probe of the first 32 rows, and its fallback.
    for (int kind = 0; kind < FILL_KINDS; kind++) {
        one_case(300, 64, 32, (enum Fill)kind, direct, wide);
        one_case(257, 33, 20, (enum Fill)kind, direct, wide);
    }
    for (int r = 0; r < 40; r++) one_case(1 + below(200), 1 + below(70), 1 + below(40), (enum Fill)below(FILL_KINDS), direct, wide);
    return finish_tests("test_assign");
}
