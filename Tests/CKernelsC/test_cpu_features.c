// cpu_features.c: on x86-64 the checks say what the CPU runs; anywhere else (and in the portable
// test build) all three say no, so no dispatch can pick a body that does not exist there.
#include "check.h"
#include "CPUFeatures.h"

int main(void) {
    const int avx2 = cv_has_avx2(), fma = cv_has_avx2_fma(), avx512 = cv_has_avx512();
    printf("test_cpu_features: avx2=%d avx2+fma=%d avx512=%d\n", avx2, fma, avx512);
#if SIMD_BUILD
    __builtin_cpu_init();
    CHECK(avx2 == (__builtin_cpu_supports("avx2") != 0), "cv_has_avx2");
    CHECK(fma == (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")), "cv_has_avx2_fma");
    CHECK(avx512 == (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2")), "cv_has_avx512");
#else
    CHECK(avx2 == 0 && fma == 0 && avx512 == 0, "a portable build reports a SIMD extension");
#endif
    CHECK(!fma || avx2, "AVX2+FMA without AVX2");
    CHECK(!avx512 || avx2, "AVX-512 without AVX2");
    return finish_tests("test_cpu_features");
}
