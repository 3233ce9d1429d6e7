// zlib for reading .csv.gz inputs as a stream (Debian: zlib1g-dev).
#include <zlib.h>

// inflateInit2 is a macro; Swift sees this function instead.
static inline int cz_inflate_init_gzip(z_stream *stream) {
    // 15 + 32: the largest window, gzip or zlib header detected automatically.
    return inflateInit2(stream, 15 + 32);
}
