// Shared by the C kernel tests: a seeded generator, the edge values every kernel meets, and
// bit-for-bit comparison with a count of failures (each printed once, with what was compared).
#ifndef CKERNELS_C_CHECK_H
#define CKERNELS_C_CHECK_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The references must round every multiply and every add (the contract is the Swift loop's
// bits, and Swift never contracts); the run script also passes -ffp-contract=off to the tests.
#pragma STDC FP_CONTRACT OFF

/// Whether this build holds the x86-64 SIMD bodies (else every exported kernel is the portable C
/// body and may be called whatever the CPU): kernel_target.h's rule, seen from outside.
#if defined(__x86_64__) && !defined(CKERNELS_PORTABLE)
#define SIMD_BUILD 1
#else
#define SIMD_BUILD 0
#endif

static long failures = 0, checks = 0;

/// Fails (and prints `what`, at most 20 times in all) unless the condition holds.
#define CHECK(cond, ...) do { \
    checks++; \
    if (!(cond)) { \
        if (failures++ < 20) { fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } \
    } \
} while (0)

/// The same double bit for bit; two NaNs count as the same whatever their payload or sign (which
/// operand's NaN an instruction passes on is not part of any kernel's contract).
static inline int same_bits(double a, double b) {
    if (isnan(a) && isnan(b)) return 1;
    uint64_t x, y;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    return x == y;
}

/// SplitMix64: seeded, the same sequence on every architecture.
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static inline uint64_t next_u64(void) {
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}
/// Uniform in [0, 1).
static inline double unit(void) { return (double)(next_u64() >> 11) * 0x1p-53; }
static inline long below(long n) { return (long)(next_u64() % (uint64_t)n); }

/// The kinds of values the tests fill arrays with.
enum Fill {
    FILL_PLAIN,      // uniform in [−1, 1)
    FILL_TIES,       // small integers: many exact ties between distances
    FILL_HUGE,       // ±1e300 and neighbours: squares overflow to +∞
    FILL_SUBNORMAL,  // around 1e−310: squares underflow to 0 or subnormals
    FILL_FAR,        // 1e8 + small: far from the origin (cancellation in expanded forms)
    FILL_SPECIAL,    // plain values with NaN, ±∞, ±0 and the largest double sprinkled in
    FILL_KINDS
};
static const char *const fill_names[FILL_KINDS] = {"plain", "ties", "huge", "subnormal", "far", "special"};

static inline double fill_value(enum Fill kind) {
    switch (kind) {
    case FILL_PLAIN: return 2 * unit() - 1;
    case FILL_TIES: return (double)(below(5) - 2);
    case FILL_HUGE: return (below(2) ? 1 : -1) * (below(3) == 0 ? 1e300 : unit() * 1e300);
    case FILL_SUBNORMAL: return (below(2) ? 1 : -1) * unit() * 1e-310;
    case FILL_FAR: return 1e8 + unit();
    case FILL_SPECIAL: {
        static const double special[] = {NAN, INFINITY, -INFINITY, 0.0, -0.0, DBL_MAX, -DBL_MAX, 5e-324};
        return below(6) == 0 ? special[below(8)] : 2 * unit() - 1;
    }
    default: return 0;
    }
}

static inline void fill(double *v, long n, enum Fill kind) {
    for (long i = 0; i < n; i++) v[i] = fill_value(kind);
}

/// Stops the test unless this file's own arithmetic rounds a*b+c twice: a reference compiled with
/// contraction would agree with a contracted kernel and hide exactly what these tests look for.
static inline void require_no_contraction(void) {
    volatile double a = 1 + 0x1p-30, b = 1 - 0x1p-30, c = -1;
    const double r = a * b + c;  // exactly −2⁻⁶⁰ with one rounding (FMA), 0 with two
    if (r != 0) {
        fprintf(stderr, "FAIL: the test itself was compiled with floating-point contraction (a*b+c = %a)\n", r);
        exit(2);
    }
}

/// Prints the summary line and returns the exit status.
static inline int finish_tests(const char *name) {
#if defined(__x86_64__)
    const char *arch = "x86-64";
#elif defined(__aarch64__)
    const char *arch = "aarch64";
#else
    const char *arch = "other";
#endif
    printf("%s: %ld checks, %ld failures (%s, %s bodies)\n", name, checks, failures, arch, SIMD_BUILD ? "SIMD" : "portable");
    return failures ? 1 : 0;
}

static inline void *xmalloc(size_t bytes) {
    void *p = malloc(bytes ? bytes : 1);
    if (!p) { fprintf(stderr, "out of memory\n"); exit(2); }
    return p;
}

#endif
