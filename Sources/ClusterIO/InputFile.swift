import Foundation
import ClusterKit

/// The input as bytes: a file path, `-` for standard input, a gzip-compressed file (found by its
/// magic number, whatever its name) or a folder of Spark part files (`PartFilesSource`).
public enum InputFile {
    /// The name an input goes by in messages: `<stdin>` for `-`, else its path.
    public static func sourceName(_ path: String) -> String { path == "-" ? "<stdin>" : path }

    /// Reads the whole input into memory, first checking that it fits (`MemoryBudget`): a file
    /// too large for the memory this process may use fails at once with a clear message (and the
    /// advice to use `--sample`) instead of driving the machine into swap.
    public static func read(_ path: String, budget: MemoryBudget? = MemoryBudget.current(),
                            calls: SystemCalls = .live) throws -> [UInt8] {
        if path != "-" {
            if try !isFolder(path), let bytes = try readPlainFile(path, budget: budget, calls: calls) { return bytes }
        }
        return try collect(try open(path, calls: calls), path: path, budget: budget)
    }

    /// Runs `body` on the whole input, read as by `read` (into memory, never mapped: a file
    /// truncated while mapped would kill the process with SIGBUS).
    public static func withContents<R>(_ path: String, budget: MemoryBudget? = MemoryBudget.current(),
                                       calls: SystemCalls = .live,
                                       _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        try read(path, budget: budget, calls: calls).withUnsafeBufferPointer { try body($0) }
    }

    /// The dataset of `path`. A large regular uncompressed file is read in chunks by
    /// `ChunkedLoad` (memory holds the matrix and a small buffer per core, not the file's bytes);
    /// anything else, or a file that path hands back, is read whole first. The same memory
    /// check applies either way.
    public static func loadDataset(_ path: String, source: String, options: LoadOptions,
                                   budget: MemoryBudget? = MemoryBudget.current(),
                                   calls: SystemCalls = .live) throws -> Dataset {
        if path != "-", let dataset = try loadInChunks(path, source: source, options: options, budget: budget, calls: calls) {
            return dataset
        }
        return try withContents(path, budget: budget, calls: calls) { try Dataset.load(csvBuffer: $0, source: source, options: options) }
    }

    /// `ChunkedLoad` over `pread(2)`; nil when the file is not a large regular uncompressed one or
    /// `ChunkedLoad` hands it back. A file that shrinks meanwhile is an error, never a crash.
    private static func loadInChunks(_ path: String, source: String, options: LoadOptions,
                                     budget: MemoryBudget?, calls: SystemCalls) throws -> Dataset? {
        let fd = calls.open(path, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else { return nil }  // the whole read reports why
        defer { _ = calls.close(fd) }
        guard let size = regularSize(fd), size >= ChunkedLoad.defaultMinimumBytes,
              try isPlainAndFits(fd, size: size, path: path, budget: budget, calls: calls) else { return nil }
        let readAt: ReadAt = { buffer, offset in
            let got = calls.readSome(fd, into: buffer, at: offset)
            guard got >= 0 else { throw DataError(file: path, "cannot be read: \(SystemCalls.describe(errno))") }
            return got
        }
        return try ChunkedLoad.load(size: size, source: source, options: options, readAt: readAt)
    }

    /// Whether `path` is a folder (of Spark part files); a path that does not exist is refused here.
    static func isFolder(_ path: String) throws -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError(file: path, "no such file")
        }
        return isDirectory.boolValue
    }

    /// The input as a stream of plain CSV bytes, for a pass that never holds all of it.
    public static func open(_ path: String, calls: SystemCalls = .live) throws -> ByteSource {
        if path != "-" {
            if try isFolder(path) { return try PartFilesSource(folder: path, calls: calls) }
        }
        let file = try FileSource(path, calls: calls)
        // The first bytes say whether it is gzip; they are put back in front either way.
        var magic = [UInt8](repeating: 0, count: 2)
        var got = 0
        while got < 2 {
            let n = try magic.withUnsafeMutableBytes { try file.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[got...])) }
            if n == 0 { break }
            got += n
        }
        let source = PrefixedSource(prefix: Array(magic[0..<got]), rest: file)
        if got == 2 && magic[0] == 0x1F && magic[1] == 0x8B { return try GzipSource(source, path: sourceName(path)) }
        return source
    }

    /// A regular uncompressed file, read in one go into an array of its size (no intermediate
    /// copy); nil when the file is empty, gzip or not a regular file, which then streams. A file
    /// that shrinks meanwhile gives the bytes it still had.
    private static func readPlainFile(_ path: String, budget: MemoryBudget?, calls: SystemCalls) throws -> [UInt8]? {
        let fd = calls.open(path, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else { throw DataError(file: path, "cannot be read: \(SystemCalls.describe(errno))") }
        defer { _ = calls.close(fd) }
        guard let size = regularSize(fd), size > 0,
              try isPlainAndFits(fd, size: size, path: path, budget: budget, calls: calls) else { return nil }
        return try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0  // set before a throw: the array is then dropped with no element to release
            count = try fill(UnsafeMutableRawBufferPointer(buffer), from: fd, at: 0, path: path, calls: calls)
        }
    }

    /// The size of an open regular file; nil for anything else (a pipe, a device), which streams.
    private static func regularSize(_ fd: Int32) -> Int? {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Reads the head of an open regular file of `size` bytes: false when it is gzip (which then
    /// streams); otherwise checks, from the head, that loading the whole file fits the budget.
    private static func isPlainAndFits(_ fd: Int32, size: Int, path: String, budget: MemoryBudget?,
                                       calls: SystemCalls) throws -> Bool {
        var head = [UInt8](repeating: 0, count: min(size, 1 << 16))
        let headCount = try head.withUnsafeMutableBytes { try fill($0, from: fd, at: 0, path: path, calls: calls) }
        if headCount >= 2 && head[0] == 0x1F && head[1] == 0x8B { return false }
        if let budget {
            try head.withUnsafeBytes {
                try check(LoadCost(head: UnsafeRawBufferPointer(rebasing: $0[0..<headCount]), totalBytes: size),
                          against: budget, path: path, complete: true)
            }
        }
        return true
    }

    /// Fills `buffer` from `offset` of the file, continuing short reads; the count, less than
    /// the buffer only at the end of the file.
    private static func fill(_ buffer: UnsafeMutableRawBufferPointer, from fd: Int32, at offset: Int, path: String,
                             calls: SystemCalls) throws -> Int {
        var count = 0
        while count < buffer.count {
            let got = calls.readSome(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]), at: offset + count)
            guard got >= 0 else { throw DataError(file: path, "cannot be read: \(SystemCalls.describe(errno))") }
            if got == 0 { break }
            count += got
        }
        return count
    }

    /// Reads a stream to its end, checking the growing total against the budget as it goes.
    private static func collect(_ source: ByteSource, path: String, budget: MemoryBudget?) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var nextCheck = 1 << 24
        while true {
            let got = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if got == 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
            if let budget, bytes.count >= nextCheck {
                nextCheck = bytes.count * 2
                try bytes.withUnsafeBytes {
                    try check(LoadCost(head: UnsafeRawBufferPointer(rebasing: $0[0..<min($0.count, 1 << 16)]), totalBytes: bytes.count),
                              against: budget, path: path, complete: false)
                }
            }
        }
        if let budget {
            try bytes.withUnsafeBytes {
                try check(LoadCost(head: UnsafeRawBufferPointer(rebasing: $0[0..<min($0.count, 1 << 16)]), totalBytes: bytes.count),
                          against: budget, path: path, complete: true)
            }
        }
        return bytes
    }

    /// Throws when loading would need more than the budget. `complete` says whether the size is
    /// the whole input or what a stream (standard input, gzip) has given so far.
    public static func check(_ cost: LoadCost, against budget: MemoryBudget, path: String, complete: Bool) throws {
        guard cost.neededBytes > budget.bytes else { return }
        let name = sourceName(path)
        let size = complete ? "a \(MemoryBudget.describe(cost.fileBytes)) input"
                            : "an input of more than \(MemoryBudget.describe(cost.fileBytes))"
        throw DataError(file: name, "too large to load: about \(MemoryBudget.describe(cost.neededBytes)) needed for \(size) "
                        + "(~\(cost.rows) rows × \(cost.fields) fields), but only \(MemoryBudget.describe(budget.bytes)) may be used "
                        + "(\(budget.reason)); use --sample N to explore a uniform sample of the rows")
    }
}
