// seeding.c against the Swift `squaredDistance` (even and odd features summed apart, in feature
// order, then added) and `Initialization`'s k-means++ step in plain C, bit for bit.
#include "check.h"
#include "Seeding.h"
#include "CPUFeatures.h"

/// `squaredDistance(_:_:_:)` in Matrix.swift.
static double squared_distance(const double *a, const double *b, long n) {
    double s0 = 0, s1 = 0;
    long j = 0;
    for (; j + 1 < n; j += 2) {
        const double d0 = a[j] - b[j], d1 = a[j + 1] - b[j + 1];
        s0 += d0 * d0;
        s1 += d1 * d1;
    }
    if (j < n) { const double t = a[j] - b[j]; s0 += t * t; }
    return s0 + s1;
}

/// The points (row-major, `count` × d) transposed to d × padded with zero padding, as `PointDistances`.
static double *transpose(const double *points, long count, long d, long padded) {
    double *pt = calloc((size_t)(d * padded) + 1, sizeof(double));
    if (!pt) exit(2);
    for (long t = 0; t < count; t++)
        for (long f = 0; f < d; f++) pt[f * padded + t] = points[t * d + f];
    return pt;
}

static void distances_case(long n, long d, long count, enum Fill kind) {
    const long padded = count < 8 ? 8 : (count + 7) / 8 * 8, stride = padded + below(3);
    double *x = xmalloc(sizeof(double) * (size_t)(n * d)), *points = calloc((size_t)(padded * d), sizeof(double));
    if (!points) exit(2);
    fill(x, n * d, kind);
    fill(points, count * d, kind);
    if (count > 1) memcpy(points, x, sizeof(double) * (size_t)d);  // a point on a row: distance 0
    double *pt = transpose(points, count, d, padded);
    double *out = xmalloc(sizeof(double) * (size_t)(n * stride));
    const long lo = below(n), hi = lo + below(n - lo + 1);
    cv_pair_distances_avx2(x, lo, hi, d, pt, padded, out, stride);
    long badI = -1, badT = -1;
    for (long i = lo; i < hi && badI < 0; i++)
        for (long t = 0; t < padded; t++) {
            if (!same_bits(out[(i - lo) * stride + t], squared_distance(x + i * d, points + t * d, d))) { badI = i; badT = t; break; }
        }
    CHECK(badI < 0, "cv_pair_distances_avx2 n=%ld d=%ld points=%ld %s: row %ld point %ld", n, d, count, fill_names[kind], badI, badT);

    double *o0 = xmalloc(sizeof(double) * (size_t)padded), *o1 = xmalloc(sizeof(double) * (size_t)padded);
    const long i0 = below(n), i1 = below(4) == 0 ? i0 : below(n);
    cv_two_rows_distances_avx2(x + i0 * d, x + i1 * d, d, pt, padded, o0, o1);
    badT = -1;
    for (long t = 0; t < padded && badT < 0; t++) {
        if (!same_bits(o0[t], squared_distance(x + i0 * d, points + t * d, d)) ||
            !same_bits(o1[t], squared_distance(x + i1 * d, points + t * d, d))) badT = t;
    }
    CHECK(badT < 0, "cv_two_rows_distances_avx2 d=%ld points=%ld %s: point %ld", d, count, fill_names[kind], badT);
    free(x); free(points); free(pt); free(out); free(o0); free(o1);
}

/// One k-means++ step (`Initialization.Step.potentials` in Swift): min(closest, distance) per
/// candidate, compared as `closest < d ? closest : d`, and a row skipped whole when the bound says so.
static void potentials_case(long n, long d, long trials, long chosen, enum Fill kind, int prune) {
    const long padded = trials < 8 ? 8 : (trials + 7) / 8 * 8;
    double *x = xmalloc(sizeof(double) * (size_t)(n * d)), *cand = calloc((size_t)(padded * d), sizeof(double));
    if (!cand) exit(2);
    fill(x, n * d, kind);
    for (long t = 0; t < trials; t++) memcpy(cand + t * d, x + below(n) * d, sizeof(double) * (size_t)d);
    double *pt = transpose(cand, trials, d, padded);
    double *closest = xmalloc(sizeof(double) * (size_t)n), *between = xmalloc(sizeof(double) * (size_t)(chosen * padded));
    int *nearest = xmalloc(sizeof(int) * (size_t)n);
    const double factor = 4 * (1 + 8 * (4 * (double)(d + 4) * 0x1p-53));
    for (long i = 0; i < n; i++) {
        nearest[i] = (int)below(chosen);
        const long r = below(8);
        // Closest values on both sides of the pruning window's edges, zero, NaN, and plain ones.
        closest[i] = r == 0 ? 0 : r == 1 ? 1e-291 : r == 2 ? 2e300 : r == 3 ? NAN : r == 4 ? 1e-290 : unit() * 4;
    }
    for (long e = 0; e < chosen * padded; e++) {
        const long r = below(10);
        between[e] = r == 0 ? NAN : r < 6 ? 100 + unit() : unit() * 20;  // often far enough to prune, sometimes not
    }
    double *out = xmalloc(sizeof(double) * (size_t)(n * padded)), *want = xmalloc(sizeof(double) * (size_t)padded);
    fill(out, n * padded, kind);  // rows outside lo..<hi keep these (the column sums read every row)
    const long lo = below(n), hi = lo + below(n - lo + 1);
    cv_seed_potentials_avx2(x, lo, hi, d, pt, padded, trials, closest, nearest, between, factor, prune, out);
    long badI = -1, badT = -1;
    for (long i = lo; i < hi && badI < 0; i++) {
        const double c = closest[i];
        int skip = 0;
        if (prune && (c == 0 || (c >= 1e-290 && c <= 1e300))) {
            skip = 1;
            for (long t = 0; t < trials; t++) if (!(between[nearest[i] * padded + t] >= c * factor)) skip = 0;
        }
        for (long t = 0; t < trials; t++) {
            const double dist = squared_distance(x + i * d, cand + t * d, d);
            want[t] = skip ? c : (c < dist ? c : dist);
        }
        for (long t = 0; t < trials; t++) if (!same_bits(out[i * padded + t], want[t])) { badI = i; badT = t; break; }
    }
    CHECK(badI < 0, "cv_seed_potentials_avx2 n=%ld d=%ld trials=%ld prune=%d %s: row %ld candidate %ld", n, d, trials, prune,
          fill_names[kind], badI, badT);

    // The step's column sums continue running sums, rows in order.
    double *sums = xmalloc(sizeof(double) * (size_t)padded), *wantSums = xmalloc(sizeof(double) * (size_t)padded);
    fill(sums, padded, kind);
    memcpy(wantSums, sums, sizeof(double) * (size_t)padded);
    for (long i = 0; i < n; i++) for (long t = 0; t < padded; t++) wantSums[t] += out[i * padded + t];
    cv_column_sums_avx2(out, n, padded, sums);
    badT = -1;
    for (long t = 0; t < padded && badT < 0; t++) if (!same_bits(sums[t], wantSums[t])) badT = t;
    CHECK(badT < 0, "cv_column_sums_avx2 n=%ld padded=%ld: column %ld", n, padded, badT);
    free(x); free(cand); free(pt); free(closest); free(between); free(nearest); free(out); free(want); free(sums); free(wantSums);
}

int main(void) {
    require_no_contraction();
    if (SIMD_BUILD && !cv_has_avx2()) {
        printf("test_seeding: this CPU has no AVX2: the seeding kernels not run\n");
        return finish_tests("test_seeding");
    }
    for (int r = 0; r < 900; r++) {
        const enum Fill kind = (enum Fill)(r % FILL_KINDS);
        distances_case(1 + below(40), 1 + below(r < 450 ? 9 : 70), 1 + below(r % 3 ? 8 : 40), kind);
        potentials_case(1 + below(40), 1 + below(r < 450 ? 9 : 40), 1 + below(r % 3 ? 8 : 24), 1 + below(4), kind, r % 2);
    }
    return finish_tests("test_seeding");
}
