// scan.c (`ck_scan_bytes`, dispatched, and `ck_scan_bytes_plain`) against a byte-by-byte count of
// '\n', any '"' and any byte >= 0x80, on every length around the 64-byte steps and odd offsets.
#include "check.h"
#include "ScanKernels.h"

int main(void) {
    enum { SIZE = 1 << 12 };
    uint8_t *buf = xmalloc(SIZE);
    for (int r = 0; r < 400; r++) {
        // Mostly plain ASCII; some buffers with quotes, high bytes or many line breaks.
        const int density = (int)below(4);
        for (long i = 0; i < SIZE; i++) {
            const long pick = below(64);
            buf[i] = pick < 4 * density ? '\n' : pick == 63 && r % 3 == 0 ? '"' : pick == 62 && r % 5 == 0 ? (uint8_t)(0x80 + below(128))
                                                                                                            : (uint8_t)(' ' + below(90));
        }
        const size_t start = (size_t)below(70), n = r < 200 ? (size_t)below(200) : (size_t)below(SIZE - 70);
        int64_t breaks = 0;
        int quote = 0, high = 0;
        for (size_t i = start; i < start + n; i++) {
            breaks += buf[i] == '\n';
            quote |= buf[i] == '"';
            high |= buf[i] >= 0x80;
        }
        const CKByteCounts got = ck_scan_bytes(buf + start, n), plain = ck_scan_bytes_plain(buf + start, n);
        CHECK(got.breaks == breaks && got.sawQuote == quote && got.sawHighByte == high,
              "ck_scan_bytes at %zu, %zu bytes: %lld/%d/%d, reference %lld/%d/%d", start, n, (long long)got.breaks, got.sawQuote,
              got.sawHighByte, (long long)breaks, quote, high);
        CHECK(plain.breaks == breaks && plain.sawQuote == quote && plain.sawHighByte == high,
              "ck_scan_bytes_plain at %zu, %zu bytes", start, n);
    }
    free(buf);
    return finish_tests("test_scan");
}
