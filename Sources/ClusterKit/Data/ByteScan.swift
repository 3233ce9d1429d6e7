import CKernels
import Foundation

/// One parallel pass over a file's bytes before it is parsed: the line breaks of each part, where
/// the first invalid UTF-8 byte is, and whether there is any quote character.
///
/// Design note: these were three sequential passes (UTF-8, the quote `memchr`, then a line count
/// per part); one pass, eight bytes at a time and a part per core, costs about one of them. Parts
/// end just after a line break, so no UTF-8 character (which never contains the byte 0x0A) and no
/// unquoted record is cut.
struct ByteScan {
    /// Part boundaries: first 0, last the end of the buffer.
    var points: [Int]
    /// Line breaks in each part.
    var lineBreaks: [Int]
    var firstInvalidUTF8: Int?
    var hasQuote: Bool

    /// Scans `buf` in parts of at least `minimumPartBytes`, one per core at most.
    static func run(_ buf: UnsafeBufferPointer<UInt8>, minimumPartBytes: Int = 1 << 21) -> ByteScan {
        let cores = min(8, ProcessInfo.processInfo.activeProcessorCount)
        let wanted = max(1, min(cores, buf.count / max(1, minimumPartBytes)))
        var points = [0]
        for i in 1..<max(1, wanted) {
            var p = max(buf.count * i / wanted, points.last!)
            while p < buf.count && buf[p] != UInt8(ascii: "\n") { p += 1 }
            if p + 1 < buf.count && p + 1 > points.last! { points.append(p + 1) }
        }
        points.append(buf.count)
        let parts = points.count - 1
        var results = [(breaks: Int, invalid: Int?, quote: Bool)](repeating: (0, nil, false), count: parts)
        results.withUnsafeMutableBufferPointer { out in
            DispatchQueue.concurrentPerform(iterations: parts) { i in
                out[i] = scanPart(UnsafeBufferPointer(rebasing: buf[points[i]..<points[i + 1]]))
            }
        }
        let invalid = results.indices.lazy.compactMap { i in results[i].invalid.map { points[i] + $0 } }.first
        return ByteScan(points: points, lineBreaks: results.map(\.breaks), firstInvalidUTF8: invalid,
                        hasQuote: results.contains { $0.quote })
    }

    /// Line breaks, the first invalid UTF-8 byte and whether a quote occurs, in one pass.
    ///
    /// The counting is C (`ck_scan_bytes`: AVX2 when the CPU has it, 32 bytes per compare and
    /// popcount; a plain loop otherwise or under `CLUSTERVIEW_KERNELS=portable`, same result); the Swift SWAR loop it replaced ran at
    /// about a quarter of its speed. Only a part holding a byte ≥ 0x80 goes through the UTF-8
    /// validator, as before.
    static func scanPart(_ buf: UnsafeBufferPointer<UInt8>) -> (breaks: Int, invalid: Int?, quote: Bool) {
        guard let base = buf.baseAddress, buf.count > 0 else { return (0, nil, false) }
        let found = KernelLevel.active >= .avx2 ? ck_scan_bytes(base, buf.count) : ck_scan_bytes_plain(base, buf.count)
        let invalid = found.sawHighByte != 0 ? UTF8Validator.firstInvalidOffset(buf) : nil
        return (Int(found.breaks), invalid, found.sawQuote != 0)
    }

    /// The 1-based line of `offset`, from the parts' counts (only the part holding it is rescanned).
    func line(of offset: Int, in buf: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        var part = 0
        while part + 1 < points.count - 1 && points[part + 1] <= offset {
            line += lineBreaks[part]
            part += 1
        }
        let rest = UnsafeBufferPointer(rebasing: buf[points[part]..<buf.count])
        return line + UTF8Validator.line(of: offset - points[part], in: rest) - 1
    }
}
