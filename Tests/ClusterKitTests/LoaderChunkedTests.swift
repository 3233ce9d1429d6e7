import XCTest
@testable import ClusterKit

/// `ChunkedLoad` (the file read in small chunks, in parallel parts) gives exactly what the
/// whole-buffer load gives: the same dataset bit for bit, or the same error with its line; and it
/// hands back (nil) every file it does not read the same way. A file that changes between its
/// two passes is an error, never a crash.
final class LoaderChunkedTests: XCTestCase {
    /// Positional reads over `bytes`, as `pread` on a file holding them.
    static func reader(_ bytes: [UInt8]) -> ReadAt {
        { buffer, offset in
            let n = max(0, min(buffer.count, bytes.count - offset))
            bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
            return n
        }
    }

    enum Outcome: Equatable {
        case dataset(Dataset, bits: [UInt64])
        case error(String)
    }

    static func outcome(_ body: () throws -> Dataset) -> Outcome {
        do {
            let ds = try body()
            return .dataset(ds, bits: ds.values.map(\.bitPattern))
        } catch {
            return .error(String(describing: error))
        }
    }

    /// Loads `bytes` both ways over several chunk sizes and part counts; returns how many of the
    /// chunked loads were not handed back.
    @discardableResult
    func assertSame(_ bytes: [UInt8], _ options: LoadOptions = LoadOptions(), _ what: String,
                    file: StaticString = #filePath, line: UInt = #line) -> Int {
        let whole = Self.outcome { try Dataset.load(csv: bytes, source: "t.csv", options: options) }
        var taken = 0
        for (chunk, cores) in [(64, 1), (100, 2), (257, 3), (4096, 2), (1 << 18, 4)] {
            var handedBack = false
            let chunked = Self.outcome {
                guard let ds = try ChunkedLoad.load(size: bytes.count, source: "t.csv", options: options, readAt: Self.reader(bytes),
                                                    minimumBytes: 0, chunkBytes: chunk, cores: cores, minimumPartBytes: 1) else {
                    handedBack = true
                    return try Dataset.load(csv: bytes, source: "t.csv", options: options)
                }
                return ds
            }
            if !handedBack { taken += 1 }
            XCTAssertEqual(chunked, whole, "\(what): chunk \(chunk), \(cores) cores", file: file, line: line)
        }
        return taken
    }

    /// A random file: header or not, CRLF or LF, blank lines, missing values, labels (some empty,
    /// some non-ASCII), long lines, and optionally one faulty record.
    func randomFile(seed: UInt64, rows: Int, fault: Int? = nil) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        let columns = Int.random(in: 1...5, using: &random)
        let header = Bool.random(using: &random)
        let crlf = Int.random(in: 0..<3, using: &random)
        var text = Bool.random(using: &random) ? "\u{FEFF}" : ""
        if header { text += (0..<columns).map { "x\($0)" }.joined(separator: ",") + ",kind\n" }
        for i in 0..<rows {
            var fields: [String] = []
            for c in 0..<columns {
                switch Int.random(in: 0..<40, using: &random) {
                case 0: fields.append("")
                case 1: fields.append("NA")
                case 2: fields.append(String(repeating: "1", count: 300) + ".5e-290")
                default:
                    let v = Double.random(in: -1e6...1e6, using: &random) / Double(c + 1)
                    fields.append(Bool.random(using: &random) ? "\(v)" : String(Int(v)))
                }
            }
            let labels = ["a", "b", "été", "", "  spaced ", "k\(i % 7)"]
            fields.append(labels[Int.random(in: 0..<labels.count, using: &random)])
            if let fault, i == fault {
                switch seed % 3 {
                case 0: fields.removeLast()                   // ragged
                case 1: fields[0] = "oops"                    // text in a numeric column
                default: fields.append("extra")               // ragged the other way
                }
            }
            let end = crlf == 0 ? "\r\n" : crlf == 1 ? "\n" : (i % 2 == 0 ? "\r\n" : "\n")
            text += fields.joined(separator: ",") + end
            if Int.random(in: 0..<25, using: &random) == 0 { text += Bool.random(using: &random) ? "\n" : "  \r\n" }
        }
        return Array(text.utf8)
    }

    func testRandomFilesLoadTheSameAsWholeBuffers() {
        var taken = 0
        for seed in 0..<40 as Range<UInt64> {
            let bytes = randomFile(seed: seed, rows: 50 + Int(seed) * 7)
            taken += assertSame(bytes, LoadOptions(), "seed \(seed)")
            taken += assertSame(bytes, LoadOptions(impute: .mean), "seed \(seed), impute")
        }
        XCTAssertGreaterThan(taken, 200, "most random files are read in chunks, not handed back")
    }

    func testErrorsAreTheSameWithTheSameLine() {
        for seed in 0..<30 as Range<UInt64> {
            let bytes = randomFile(seed: seed, rows: 120, fault: 40 + Int(seed))
            assertSame(bytes, LoadOptions(), "seed \(seed) with a fault")
        }
    }

    func testOtherFormatsAndOptions() {
        let cases: [(String, LoadOptions)] = [
            ("a;b;kind\n1,5;2;x\n3;4,25;y\n", LoadOptions(decimalComma: true)),
            ("a\tb\n1\t2\n\n3\t4\n", LoadOptions()),
            ("a,b,c\n1,2,3\n4,5,6\n", LoadOptions(columns: ["c", "a"])),
            ("a,b,c\n1,2,x\n4,5,y\n", LoadOptions(label: "a")),
            ("1,2\n3,4\n5,6", LoadOptions()),
            ("a,b\n1,2\n3,\n,4\n", LoadOptions()),
            ("a,b\n,\n,\n", LoadOptions()),                       // no value: handed back
            ("\"a\",b\n1,2\n3,4\n", LoadOptions()),               // quote in the header only
            ("a,b\n1,\"2\"\n3,4\n", LoadOptions()),               // quote in the data: handed back
            ("a,b\n1,2\n3,\u{FFFD}\n", LoadOptions()),
            ("a,b\n1,2\n", LoadOptions(columns: ["zz"])),
        ]
        for (text, options) in cases { assertSame(Array(text.utf8), options, text.debugDescription) }
        // Invalid UTF-8 is handed back, so its message comes from the whole-buffer load.
        assertSame(Array("a,b\n1,2\n3,".utf8) + [0xFF] + Array("\n".utf8), LoadOptions(), "invalid UTF-8")
    }

    /// Past the 1 MiB head: layout found from the head alone, several parts, small chunks.
    func testLargeFileWithHeadAndParts() throws {
        let bytes = randomFile(seed: 7, rows: 30_000)
        XCTAssertGreaterThan(bytes.count, ChunkedLoad.headBytes)
        let whole = Self.outcome { try Dataset.load(csv: bytes, source: "t.csv") }
        for cores in [1, 2, 5] {
            let chunked = Self.outcome {
                try XCTUnwrap(ChunkedLoad.load(size: bytes.count, source: "t.csv", options: LoadOptions(), readAt: Self.reader(bytes),
                                               minimumBytes: 0, chunkBytes: 5000, cores: cores, minimumPartBytes: 1 << 16))
            }
            XCTAssertEqual(chunked, whole, "\(cores) cores")
        }
    }

    /// A header decided only by a value beyond the head must not be guessed from the head.
    func testLayoutThatTheHeadCannotSettleIsHandedBack() throws {
        var text = "name,value\n"
        text += String(repeating: "1,\n", count: 400_000)   // 'value' has no value in the first MiB
        text += "2,3\n"
        let bytes = Array(text.utf8)
        XCTAssertGreaterThan(bytes.count, ChunkedLoad.headBytes)
        let chunked = try ChunkedLoad.load(size: bytes.count, source: "t.csv", options: LoadOptions(), readAt: Self.reader(bytes),
                                           minimumBytes: 0)
        XCTAssertTrue(chunked == nil, "handed back")
    }

    /// The file shrinks (or changes) between the passes: a one-line error naming the file.
    func testFileThatChangesWhileReadIsAnError() throws {
        let bytes = randomFile(seed: 3, rows: 400)
        for cut in [bytes.count / 2, bytes.count - 1] {
            var calls = 0
            let full = Self.reader(bytes), short = Self.reader(Array(bytes[0..<cut]))
            // The first pass (and the head) see the whole file; later reads a truncated one.
            let passes = try XCTUnwrap(ChunkedLoad.load(size: bytes.count, source: "t.csv", options: LoadOptions(), readAt: { b, o in
                calls += 1
                return try full(b, o)
            }, minimumBytes: 0, chunkBytes: 256, cores: 1) as Dataset?)
            XCTAssertGreaterThan(passes.count, 0)
            let firstPassCalls = calls / 2
            calls = 0
            XCTAssertThrowsError(try ChunkedLoad.load(size: bytes.count, source: "t.csv", options: LoadOptions(), readAt: { b, o in
                calls += 1
                return try (calls <= firstPassCalls ? full : short)(b, o)
            }, minimumBytes: 0, chunkBytes: 256, cores: 1)) { error in
                let text = String(describing: error)
                XCTAssertTrue(text.hasPrefix("t.csv: the file changed while it was being read"), text)
                XCTAssertFalse(text.contains("\n"))
            }
        }
    }

    /// More records than the first pass counted lines (the file's content changed): an error.
    func testMoreRecordsThanCountedIsAnError() throws {
        let before = Array("a,b\n1000,20000\n".utf8)
        let after = Array("a,b\n1,2\n3,4\n,5\n".utf8)   // same size, more records
        XCTAssertEqual(before.count, after.count)
        var pass = 0
        let first = Self.reader(before), second = Self.reader(after)
        XCTAssertThrowsError(try ChunkedLoad.load(size: before.count, source: "t.csv", options: LoadOptions(), readAt: { b, o in
            // The head, then the scan (one chunk), then the parse.
            pass += 1
            return try (pass <= 2 ? first : second)(b, o)
        }, minimumBytes: 0, chunkBytes: 1 << 10, cores: 1)) { error in
            XCTAssertEqual(String(describing: error), "t.csv:4: the file changed while it was being read (more records than lines)")
        }
    }
}
