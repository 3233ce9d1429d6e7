// The first pass of a chunked load: line breaks, any quote, any byte >= 0x80 (which alone sends
// a part through the UTF-8 validator). 32 bytes per step with AVX2: compare, movemask, popcount.
#include "include/ScanKernels.h"
#include "include/CPUFeatures.h"
#include "kernel_target.h"

CKByteCounts ck_scan_bytes_plain(const uint8_t *p, size_t n) {
    CKByteCounts r = {0, 0, 0};
    int64_t breaks = 0;
    uint8_t quote = 0, high = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = p[i];
        breaks += (b == '\n');
        quote |= (b == '"');
        high |= b;
    }
    r.breaks = breaks;
    r.sawQuote = quote != 0;
    r.sawHighByte = (high & 0x80) != 0;
    return r;
}

#if CV_X86_SIMD
CV_TARGET("avx2,popcnt")
static CKByteCounts scan_avx2(const uint8_t *p, size_t n) {
    const __m256i nl = _mm256_set1_epi8('\n'), qt = _mm256_set1_epi8('"');
    __m256i anyQuote = _mm256_setzero_si256(), anyHigh = _mm256_setzero_si256();
    int64_t breaks = 0;
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(p + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(p + i + 32));
        uint32_t ma = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, nl));
        uint32_t mb = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, nl));
        breaks += __builtin_popcountll(((uint64_t)mb << 32) | ma);
        anyQuote = _mm256_or_si256(anyQuote, _mm256_or_si256(_mm256_cmpeq_epi8(a, qt), _mm256_cmpeq_epi8(b, qt)));
        anyHigh = _mm256_or_si256(anyHigh, _mm256_or_si256(a, b));
    }
    CKByteCounts tail = ck_scan_bytes_plain(p + i, n - i);
    CKByteCounts r;
    r.breaks = breaks + tail.breaks;
    r.sawQuote = (_mm256_movemask_epi8(anyQuote) != 0) || tail.sawQuote;
    r.sawHighByte = (_mm256_movemask_epi8(anyHigh) != 0) || tail.sawHighByte;
    return r;
}
#endif

CKByteCounts ck_scan_bytes(const uint8_t *p, size_t n) {
#if CV_X86_SIMD
    if (cv_has_avx2()) return scan_avx2(p, n);
#endif
    return ck_scan_bytes_plain(p, n);
}
