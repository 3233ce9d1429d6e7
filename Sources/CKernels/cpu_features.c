// The run-time CPU checks declared in CPUFeatures.h.
#include "CPUFeatures.h"
#include "kernel_target.h"

#if CV_X86_SIMD
int cv_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? 1 : 0;
}

int cv_has_avx2_fma(void) {
    __builtin_cpu_init();
    return (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? 1 : 0;
}

int cv_has_avx512(void) {
    __builtin_cpu_init();
    return (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2")) ? 1 : 0;
}
#else
// Not x86-64 (or the portable test build): no SIMD body exists to pick, every dispatch takes the portable one.
int cv_has_avx2(void) { return 0; }
int cv_has_avx2_fma(void) { return 0; }
int cv_has_avx512(void) { return 0; }
#endif
