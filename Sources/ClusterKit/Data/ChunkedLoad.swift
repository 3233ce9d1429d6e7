import Foundation

/// Positional reads of an input: fill the buffer with the bytes from `offset` on; return how many
/// were read, 0 at the end. The caller supplies it (`pread` on a file; an array in tests), so
/// ClusterKit itself does no I/O.
public typealias ReadAt = (_ into: UnsafeMutableRawBufferPointer, _ offset: Int) throws -> Int

/// Loading a large plain file through small reused buffers instead of holding all of its bytes.
///
/// Design note: the whole-buffer load (`Dataset.load(csvBuffer:)`) kept the file mapped while it
/// parsed, so the peak memory held the file (72 MB for a million rows of eight columns) on top of
/// the matrix built from it, and a file truncated while mapped could kill the process with
/// SIGBUS. Here every core reads its part of the file twice with `readAt`, `chunkBytes` at a time
/// into a buffer it reuses (small enough to stay in its cache): the first pass counts the part's
/// line breaks and checks its UTF-8 and quotes (as `ByteScan`), which fixes where the part's rows
/// go in the one output array; the second parses the part straight into it (as
/// `CSVReader.read`). Chunks end just after a line break, so no record and no UTF-8 character is
/// cut, which holds because the data has no quote (a quoted field may span lines).
///
/// Anything this path does not decide the way the whole-buffer load would is handed back to it:
/// `load` returns nil for a small file, a layout the first chunk cannot settle (a column without
/// any value there), a quote in the data, invalid UTF-8, or an error in the layout (so every such
/// message comes from the one place). The result is otherwise identical, bit for bit, including
/// every error of the read and its line.
public enum ChunkedLoad {
    /// Files below this size are left to the whole-buffer load (reading them whole is cheap).
    public static let defaultMinimumBytes = 1 << 23
    /// Large enough that a system call per chunk costs nothing, small enough to stay in L2.
    public static let defaultChunkBytes = 1 << 18
    /// The first chunk, from which the delimiter, header and column kinds are found: more than
    /// the delimiter sniffer's 64 KiB window, so its window is the same as over the whole file.
    static let headBytes = 1 << 20

    /// The dataset of a file of `size` bytes read through `readAt`, or nil when the whole-buffer
    /// load must do it (see the type's note). `cores` parts are read in parallel.
    public static func load(size: Int, source: String, options: LoadOptions, readAt: ReadAt,
                            minimumBytes: Int = defaultMinimumBytes, chunkBytes: Int = defaultChunkBytes,
                            cores: Int = ProcessInfo.processInfo.activeProcessorCount,
                            minimumPartBytes: Int = 1 << 21) throws -> Dataset? {
        guard size >= max(minimumBytes, 1) else { return nil }
        let chunkBytes = max(chunkBytes, 64)
        // The head, cut after its last line break unless it is the whole file.
        var head = [UInt8](repeating: 0, count: min(size, max(headBytes, chunkBytes)))
        let headRead = try head.withUnsafeMutableBytes { try readFully(readAt, into: $0, at: 0) }
        guard headRead == head.count else { return nil }
        if head.count < size {
            guard let lastBreak = head.lastIndex(of: UInt8(ascii: "\n")), lastBreak + 1 > 65_536 + 3 else { return nil }
            head.removeSubrange((lastBreak + 1)...)
        }
        guard let layout = head.withUnsafeBufferPointer({ try? CSVLayout.detect($0, source: source, delimiter: options.delimiter,
                                                                                  decimalComma: options.decimalComma) }),
              // Detection stopped before the head's end: nothing after it could change the layout.
              layout.examinedEnd < head.count || head.count == size,
              !layout.kinds.contains(.empty), layout.dataStart < head.count,
              head.withUnsafeBufferPointer({ UTF8Validator.firstInvalidOffset(UnsafeBufferPointer(rebasing: $0[0..<layout.dataStart])) }) == nil
        else { return nil }

        // Parts of at least 2 MiB, one per core, each starting just after a line break.
        let points = try splitPoints(readAt, from: layout.dataStart, size: size, cores: cores, minimumPartBytes: minimumPartBytes)
        let partCount = points.count - 1
        var scans = [Result<PartScan, Error>?](repeating: nil, count: partCount)
        scans.withUnsafeMutableBufferPointer { out in
            DispatchQueue.concurrentPerform(iterations: partCount) { i in
                out[i] = Result { try scanPart(readAt, from: points[i], to: points[i + 1], chunkBytes: chunkBytes, source: source) }
            }
        }
        var breaks: [Int] = []
        for scan in scans {
            let part = try scan!.get()
            if part.quote || part.invalidUTF8 { return nil }
            breaks.append(part.breaks)
        }

        return try Dataset.readChoosingColumns(layout: layout, options: options, source: source) { layout, actions in
            try CSVReader.readParts(byteCounts: (0..<partCount).map { points[$0 + 1] - points[$0] }, lineBreaks: breaks,
                                    layout: layout, source: source, actions: actions) { i, reader in
                try parsePart(readAt, from: points[i], to: points[i + 1], chunkBytes: chunkBytes, source: source, into: &reader)
            }
        }
    }

    /// Reads until `buffer` is full or the input ends; returns the bytes read.
    static func readFully(_ readAt: ReadAt, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        var got = 0
        while got < buffer.count {
            let n = try readAt(UnsafeMutableRawBufferPointer(rebasing: buffer[got...]), offset + got)
            if n <= 0 { break }
            got += n
        }
        return got
    }

    /// Part boundaries from `start` to `size`: one part per core (parts of at least `minimumPartBytes`), each
    /// after the first starting just after a line break.
    static func splitPoints(_ readAt: ReadAt, from start: Int, size: Int, cores: Int, minimumPartBytes: Int) throws -> [Int] {
        let wanted = max(1, min(min(8, cores), (size - start) / max(1, minimumPartBytes)))
        var points = [start]
        var window = [UInt8](repeating: 0, count: 1 << 16)
        for i in 1..<max(1, wanted) {
            var p = max(start + (size - start) * i / wanted, points.last!)
            // The next line break at or after p.
            var found: Int?
            while found == nil && p < size {
                let got = try window.withUnsafeMutableBytes { try readFully(readAt, into: $0, at: p) }
                if got == 0 { break }
                if let k = window[0..<got].firstIndex(of: UInt8(ascii: "\n")) { found = p + k } else { p += got }
            }
            guard let lineBreak = found else { break }
            if lineBreak + 1 < size && lineBreak + 1 > points.last! { points.append(lineBreak + 1) }
        }
        points.append(size)
        return points
    }

    /// What the first pass found in one part.
    struct PartScan {
        var breaks = 0
        var quote = false
        var invalidUTF8 = false
    }

    /// Calls `body` with successive chunks of `from..<to`, each ending just after a line break
    /// (the last at `to`); a line longer than the buffer grows it.
    static func forEachChunk(_ readAt: ReadAt, from: Int, to: Int, chunkBytes: Int, source: String,
                             _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: min(chunkBytes, max(1, to - from)))
        var pos = from
        while pos < to {
            let want = min(buffer.count, to - pos)
            let got = try buffer.withUnsafeMutableBytes { try readFully(readAt, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<want]), at: pos) }
            guard got == want else {
                throw DataError(file: source, "the file changed while it was being read (it ended at byte \(pos + got), "
                                + "\(to > pos + got ? "expected \(to)" : "earlier than before"))")
            }
            var end = got
            if pos + got < to {
                guard let lastBreak = buffer[0..<got].lastIndex(of: UInt8(ascii: "\n")) else {
                    // A line longer than the buffer: read it again into one twice the size.
                    buffer = [UInt8](repeating: 0, count: buffer.count * 2)
                    continue
                }
                end = lastBreak + 1
            }
            try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<end])) }
            pos += end
        }
    }

    /// First pass over a part: line breaks, any quote, any invalid UTF-8.
    static func scanPart(_ readAt: ReadAt, from: Int, to: Int, chunkBytes: Int, source: String) throws -> PartScan {
        var scan = PartScan()
        try forEachChunk(readAt, from: from, to: to, chunkBytes: chunkBytes, source: source) { chunk in
            let found = ByteScan.scanPart(chunk)
            scan.breaks += found.breaks
            scan.quote = scan.quote || found.quote
            scan.invalidUTF8 = scan.invalidUTF8 || found.invalid != nil
        }
        return scan
    }

    /// Second pass over a part: its records parsed into the reader's place in the output.
    static func parsePart(_ readAt: ReadAt, from: Int, to: Int, chunkBytes: Int, source: String,
                          into reader: inout RecordReader) throws {
        try forEachChunk(readAt, from: from, to: to, chunkBytes: chunkBytes, source: source) { chunk in
            try reader.read(chunk, from: 0)
        }
    }
}
