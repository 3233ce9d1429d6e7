// gmm.c (`cv_gmm_diag_mahalanobis`, dispatched, and `cv_gmm_diag_mahalanobis_portable`) against the
// contract in GMMKernels.h written out in plain C: a and b each one fused multiply-add chain in
// feature order from 0, m = (c − 2b) + a, NaN where the cancellation guard rejects it. Bit for bit.
#include "check.h"
#include "GMMKernels.h"

static void reference(const double *x, long rows, long d, const double *pt, const double *qt, const double *c,
                      long padded, long k, double limit, double *out) {
    for (long i = 0; i < rows; i++)
        for (long j = 0; j < k; j++) {
            double a = 0, b = 0;
            for (long f = 0; f < d; f++) {
                const double v = x[i * d + f];
                a = fma(v * v, pt[f * padded + j], a);
                b = fma(v, qt[f * padded + j], b);
            }
            const double m = (c[j] - 2.0 * b) + a;
            out[i * k + j] = (a + c[j] <= limit * (m > 1.0 ? m : 1.0)) ? m : NAN;
        }
}

int main(void) {
    require_no_contraction();
    long guarded = 0, entries = 0;
    for (int r = 0; r < 1500; r++) {
        const enum Fill kind = (enum Fill)(r % FILL_KINDS);
        const long rows = 1 + below(13), d = 1 + below(r < 750 ? 9 : 70), k = 1 + below(r % 2 ? 8 : 30);
        const long padded = (k + 7) / 8 * 8;
        double *x = xmalloc(sizeof(double) * (size_t)(rows * d));
        double *pt = calloc((size_t)(d * padded), sizeof(double)), *qt = calloc((size_t)(d * padded), sizeof(double));
        double *c = xmalloc(sizeof(double) * (size_t)k);
        if (!pt || !qt) exit(2);
        fill(x, rows * d, kind);
        // Diagonal Gaussians as DiagonalExpansion builds them: p = precision², q = μ·p, c = Σ μ²·p.
        for (long j = 0; j < k; j++) {
            double cj = 0;
            for (long f = 0; f < d; f++) {
                const double mu = fill_value(kind), s = kind == FILL_SPECIAL && below(20) == 0 ? fill_value(kind) : 0.5 + unit() * 4;
                const double p = s * s;
                pt[f * padded + j] = p;
                qt[f * padded + j] = mu * p;
                cj += (mu * mu) * p;
            }
            c[j] = cj;
        }
        const double limit = r % 3 == 0 ? 32.0 : r % 3 == 1 ? 1.0 : INFINITY;
        double *want = xmalloc(sizeof(double) * (size_t)(rows * k)), *got = xmalloc(sizeof(double) * (size_t)(rows * k)),
               *plain = xmalloc(sizeof(double) * (size_t)(rows * k));
        reference(x, rows, d, pt, qt, c, padded, k, limit, want);
        cv_gmm_diag_mahalanobis(x, rows, d, pt, qt, c, padded, k, limit, got);
        cv_gmm_diag_mahalanobis_portable(x, rows, d, pt, qt, c, padded, k, limit, plain);
        long bad = -1, badPlain = -1;
        for (long e = 0; e < rows * k; e++) {
            if (bad < 0 && !same_bits(got[e], want[e])) bad = e;
            if (badPlain < 0 && !same_bits(plain[e], want[e])) badPlain = e;
            guarded += isnan(want[e]);
            entries++;
        }
        CHECK(bad < 0, "cv_gmm_diag_mahalanobis rows=%ld d=%ld k=%ld %s limit=%g: entry %ld = %a, reference %a", rows, d, k,
              fill_names[kind], limit, bad, bad < 0 ? 0 : got[bad], bad < 0 ? 0 : want[bad]);
        CHECK(badPlain < 0, "cv_gmm_diag_mahalanobis_portable rows=%ld d=%ld k=%ld %s: entry %ld", rows, d, k, fill_names[kind], badPlain);
        free(x); free(pt); free(qt); free(c); free(want); free(got); free(plain);
    }
    // The guard must have both accepted and rejected entries, or the comparison above proved little.
    CHECK(guarded > 0 && guarded < entries, "guard rejected %ld of %ld entries", guarded, entries);
    return finish_tests("test_gmm");
}
