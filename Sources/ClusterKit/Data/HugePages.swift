#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back a large fresh buffer with 2 MiB pages (transparent huge pages), when
/// the system leaves that to programs (`madvise` mode).
///
/// Design note: a profile of loading 1M × 8 rows showed a quarter of the time in the kernel,
/// faulting in and later unmapping the output arrays 4 KiB at a time; with huge pages that is a
/// few dozen faults. Only a hint: where huge pages are off or unavailable nothing changes.
enum HugePages {
    /// Buffers smaller than this are left alone.
    static let minimumBytes = 4 << 20

    static func advise(_ pointer: UnsafeMutableRawPointer?, bytes: Int) {
        #if os(Linux)
        guard let pointer, bytes >= minimumBytes else { return }
        let huge = 2 << 20
        let start = (Int(bitPattern: pointer) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: pointer) + bytes) & ~(huge - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }

    /// An array of `count` elements whose storage was advised before `initialize` writes it.
    static func array<T>(count: Int, initialize: (UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            advise(UnsafeMutableRawPointer(buffer.baseAddress), bytes: count * MemoryLayout<T>.stride)
            initialize(buffer)
            initialized = count
        }
    }
}
