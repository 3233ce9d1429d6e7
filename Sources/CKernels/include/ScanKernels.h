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

/// 1 when ck_scan_bytes uses AVX2 on this CPU.
int ck_scan_bytes_vectorised(void);

#endif
