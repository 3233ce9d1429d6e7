import ClusterKit
import Foundation

/// A folder of part files, as Spark's `df.write.csv(path, header=True)` leaves it, read as one
/// CSV: every `part-*.csv` and `part-*.csv.gz` in name order, the first part's header kept and
/// every later part's first line checked against it and dropped. Empty parts are skipped; a part
/// without a final line break gets one, so records never run together.
///
/// Edge cases: no part file is an error naming the folder; a part whose header differs is an
/// error naming that part (line 1). Line numbers in later messages count the parts as one file
/// with one header.
public final class PartFilesSource: ByteSource {
    public let folder: String
    public let parts: [String]
    private var index = -1
    private var current: ByteSource?
    /// The first part's header line, without its line break.
    private var header: [UInt8]?
    /// The part the header came from, for messages.
    private var headerPart = ""
    /// Bytes of the current part read ahead while looking for its header.
    private var pending: [UInt8] = []
    private var lastByte: UInt8 = UInt8(ascii: "\n")
    private let calls: SystemCalls

    public init(folder: String, calls: SystemCalls = .live) throws {
        self.folder = folder
        self.calls = calls
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        parts = names.filter { $0.hasPrefix("part-") && ($0.hasSuffix(".csv") || $0.hasSuffix(".csv.gz")) }
            .sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
        guard !parts.isEmpty else {
            throw DataError(file: folder, "is a folder without part-*.csv or part-*.csv.gz files")
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            if !pending.isEmpty {
                let n = min(buffer.count, pending.count)
                pending.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: n) }
                pending.removeFirst(n)
                lastByte = buffer[n - 1]
                return n
            }
            if let source = current {
                let got = try source.read(into: buffer)
                if got > 0 {
                    lastByte = buffer[got - 1]
                    return got
                }
                current = nil
                // A part without a final line break: end its last record here.
                if lastByte != UInt8(ascii: "\n") {
                    buffer[0] = UInt8(ascii: "\n")
                    lastByte = UInt8(ascii: "\n")
                    return 1
                }
            }
            index += 1
            guard index < parts.count else { return 0 }
            try openPart(parts[index])
        }
    }

    /// Opens a part and reads its first line: kept as the header for the first non-empty part,
    /// compared and dropped for the others.
    private func openPart(_ path: String) throws {
        let source = try InputFile.open(path, calls: calls)
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var lineEnd: Int?
        while lineEnd == nil {
            let got = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if got == 0 { break }
            let start = head.count
            head += chunk[0..<got]
            lineEnd = head[start...].firstIndex(of: UInt8(ascii: "\n"))
        }
        if head.isEmpty { return }  // an empty part (Spark writes them for empty partitions)
        let end = lineEnd ?? head.count
        var line = Array(head[0..<end])
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        if let header {
            guard line == header else {
                let first = (headerPart as NSString).lastPathComponent
                throw DataError(file: path, line: 1, "header differs from \(first)'s (\"\(String(decoding: line.prefix(80), as: UTF8.self))\" "
                                + "against \"\(String(decoding: header.prefix(80), as: UTF8.self))\"); the parts must come from one "
                                + "df.write.csv(path, header=True)")
            }
            pending = lineEnd.map { Array(head[($0 + 1)...]) } ?? []
        } else {
            header = line
            headerPart = path
            pending = head
        }
        current = source
    }
}
