// Which bodies this build of the kernels has: the x86-64 SIMD ones (AVX2, AVX-512, chosen at run
// time by cpu_features.c) or the portable C ones (every other architecture). Private to the .c
// files: both builds export the same symbols (CKernels.h, Seeding.h, ...), so Swift never changes.
//
// CKERNELS_PORTABLE (defined by the C tests only, never by the package) builds the portable bodies
// on x86-64 too, so they are tested natively as well as under qemu.
#ifndef CLUSTERVIEW_KERNEL_TARGET_H
#define CLUSTERVIEW_KERNEL_TARGET_H

#if defined(__x86_64__) && !defined(CKERNELS_PORTABLE)
#define CV_X86_SIMD 1
#include <immintrin.h>
/// Compiles one function for a newer x86-64 CPU than the rest (called only when cpu_features.c says so).
#define CV_TARGET(features) __attribute__((target(features)))
#else
#define CV_X86_SIMD 0
#define CV_TARGET(features)
#endif

#endif
