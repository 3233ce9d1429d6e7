#ifndef SCAN_KERNELS_H
#define SCAN_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// What one pass over a buffer finds: its '\n' bytes, and whether any byte is '"' or >= 0x80.
typedef struct {
    int64_t breaks;
    int32_t sawQuote;
    int32_t sawHighByte;
} CKByteCounts;

/// Counts '\n' and flags '"' and bytes >= 0x80 in the `n` bytes at `p`: AVX2 where the CPU has it
/// (checked at run time), else a plain loop; both give the same result.
CKByteCounts ck_scan_bytes(const uint8_t *p, size_t n);

/// The plain loop alone, the reference for tests.
CKByteCounts ck_scan_bytes_plain(const uint8_t *p, size_t n);

/// 10^e for 0 <= e <= 22 (all exact doubles), for the float parser's fast path. A static inline
/// function over a constant table in read-only data: Swift's own constant tuple was copied onto
/// the stack (23 stores) on every number parsed.
static inline double ck_exact_power_of_ten(long e) {
    static const double table[23] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    return table[e];
}

#endif
