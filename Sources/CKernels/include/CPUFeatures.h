#ifndef CLUSTERVIEW_CPU_FEATURES_H
#define CLUSTERVIEW_CPU_FEATURES_H

// What this CPU runs, checked at run time (Swift cannot compile one function for a newer CPU than
// the rest; the kernels are C functions with `__attribute__((target))`, called only when these say
// so). One place for every kernel file and for Swift. 0 on CPUs that are not x86-64.

/// 1 when the CPU runs AVX2, else 0.
int cv_has_avx2(void);

/// 1 when the CPU runs AVX2 and FMA, else 0.
int cv_has_avx2_fma(void);

/// 1 when the CPU runs AVX-512F (and AVX2), else 0.
int cv_has_avx512(void);

#endif
