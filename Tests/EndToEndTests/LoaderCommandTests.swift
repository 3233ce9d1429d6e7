import Foundation
import XCTest

/// The loader through the built binary: gzip and Spark part folders read as the plain file,
/// `--sample`, `--decimal ,`, and the memory check that fails cleanly (no crash, no swap) when a
/// file cannot fit in what the process may use.
final class LoaderCommandTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("clusterview-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary (through `/bin/sh -c` when `shellPrefix` is given, e.g. to set a ulimit).
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], shellPrefix: String? = nil) throws -> Result {
        let binary = try XCTUnwrap(HeadlessCommandsTests.binary, "the clusterview executable was not built")
        let process = Process()
        if let shellPrefix {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", shellPrefix + "; exec \"$0\" \"$@\"", binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// 600 rows of three blobs with a text label.
    func blobs(rows: Int = 600, from start: Int = 0) -> String {
        (start..<(start + rows)).map { i in
            let c = Double(i % 3) * 10
            return "\(c + Double(i % 7) * 0.1),\(c - Double(i % 11) * 0.2),b\(i % 3)\n"
        }.joined()
    }

    func gzip(_ name: String) throws {
        let result = try Subprocess.run("/bin/sh", ["-c", "gzip -kf '\(path(name))'"])
        XCTAssertEqual(result.status, 0, result.errors)
    }

    func testGzipAndPartFoldersReadAsThePlainFile() throws {
        let header = "x,y,kind\n"
        try (header + blobs()).write(toFile: path("all.csv"), atomically: true, encoding: .utf8)
        try gzip("all.csv")
        // A Spark-style folder: header in every part, one part gzip, one empty, _SUCCESS and .crc beside.
        let parts = path("parts")
        try FileManager.default.createDirectory(atPath: parts, withIntermediateDirectories: true)
        try (header + blobs(rows: 250)).write(toFile: parts + "/part-00000-abc-c000.csv", atomically: true, encoding: .utf8)
        try "".write(toFile: parts + "/part-00001-abc-c000.csv", atomically: true, encoding: .utf8)
        try (header + blobs(rows: 200, from: 250)).write(toFile: parts + "/part-00002-abc-c000.csv", atomically: true, encoding: .utf8)
        try gzip("parts/part-00002-abc-c000.csv")
        try FileManager.default.removeItem(atPath: parts + "/part-00002-abc-c000.csv")
        // The last part without a final line break.
        try (header + String(blobs(rows: 150, from: 450).dropLast())).write(toFile: parts + "/part-00003-abc-c000.csv",
                                                                             atomically: true, encoding: .utf8)
        try "".write(toFile: parts + "/_SUCCESS", atomically: true, encoding: .utf8)
        try "junk".write(toFile: parts + "/.part-00000-abc-c000.csv.crc", atomically: true, encoding: .utf8)

        let plain = try run(["fit", "all.csv", "-k", "3", "--format", "json"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        for input in ["all.csv.gz", "parts"] {
            let other = try run(["fit", input, "-k", "3", "--format", "json"])
            XCTAssertEqual(other.status, 0, other.stderr)
            XCTAssertEqual(other.stdout, plain.stdout, input)
        }

        try (header.replacingOccurrences(of: "kind", with: "label") + blobs(rows: 5)).write(
            toFile: parts + "/part-00004-abc-c000.csv", atomically: true, encoding: .utf8)
        let mismatch = try run(["fit", "parts", "-k", "3"])
        XCTAssertEqual(mismatch.status, 1)
        XCTAssertTrue(mismatch.stderr.contains("part-00004-abc-c000.csv:1: header differs from part-00000-abc-c000.csv's"), mismatch.stderr)

        try Data([0x1F, 0x8B, 0x08, 0x00, 0x01]).write(to: directory.appendingPathComponent("cut.csv.gz"))
        let cut = try run(["fit", "cut.csv.gz", "-k", "3"])
        XCTAssertEqual(cut.status, 1)
        XCTAssertEqual(cut.stderr.split(separator: "\n").count, 1, cut.stderr)
        XCTAssertTrue(cut.stderr.contains("cut.csv.gz:"), cut.stderr)
        try FileManager.default.createDirectory(atPath: path("empty"), withIntermediateDirectories: true)
        let empty = try run(["fit", "empty", "-k", "3"])
        XCTAssertEqual(empty.stderr, "clusterview: error: empty: is a folder without part-*.csv or part-*.csv.gz files\n")
    }

    func testSampleIsReportedDeterministicAndStreamsGzip() throws {
        try ("x,y,kind\n" + blobs()).write(toFile: path("b.csv"), atomically: true, encoding: .utf8)
        try gzip("b.csv")
        let a = try run(["fit", "b.csv", "-k", "3", "--sample", "100", "--seed", "3", "--format", "json"])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(a.stderr, "clusterview: b.csv: sample 100 of 600 rows\n")
        XCTAssertTrue(a.stdout.contains("\"labels\""))
        let again = try run(["fit", "b.csv.gz", "-k", "3", "--sample", "100", "--seed", "3", "--format", "json"])
        XCTAssertEqual(again.stdout, a.stdout, "same seed, same sample, gzip or not")
        let other = try run(["fit", "b.csv", "-k", "3", "--sample", "100", "--seed", "4", "--format", "json"])
        XCTAssertNotEqual(other.stdout, a.stdout)
        let all = try run(["fit", "b.csv", "-k", "3", "--sample", "1000", "--format", "json"])
        let full = try run(["fit", "b.csv", "-k", "3", "--format", "json"])
        XCTAssertEqual(all.stdout, full.stdout)
        XCTAssertEqual(all.stderr, "clusterview: b.csv: all 600 rows\n")
        let zero = try run(["fit", "b.csv", "-k", "3", "--sample", "0"])
        XCTAssertNotEqual(zero.status, 0)
        XCTAssertTrue(zero.stderr.contains("--sample needs at least 1 row"), zero.stderr)
        let render = try run(["render", "b.csv", "-k", "3", "--sample", "50"])
        XCTAssertEqual(render.status, 0, render.stderr)
    }

    func testDecimalComma() throws {
        try "x;y\n1,5;2,25\n3;4,5\n5,25;6\n7;8\n".write(toFile: path("d.csv"), atomically: true, encoding: .utf8)
        let hint = try run(["fit", "d.csv", "-k", "2"])
        XCTAssertEqual(hint.status, 1)
        XCTAssertTrue(hint.stderr.hasSuffix("use --decimal ,\n"), hint.stderr)
        let read = try run(["fit", "d.csv", "-k", "2", "--decimal", ",", "--format", "json"])
        XCTAssertEqual(read.status, 0, read.stderr)
        // Rows (1.5, 2.25) and (3, 4.5) form one cluster, (5.25, 6) and (7, 8) the other.
        XCTAssertTrue(read.stdout.contains("\"centroids\": [[6.125,7.0],[2.25,3.375]]"), read.stdout)
    }

    /// A file that cannot fit fails before it is read, naming the limit and the way out.
    func testTooLargeForTheMemoryLimitFailsCleanly() throws {
        try ("x,y,kind\n" + blobs(rows: 20_000)).write(toFile: path("m.csv"), atomically: true, encoding: .utf8)
        let limited = try run(["fit", "m.csv", "-k", "3"], environment: ["CLUSTERVIEW_MEMORY_LIMIT": "512K"])
        XCTAssertEqual(limited.status, 1)
        XCTAssertTrue(limited.stderr.hasPrefix("clusterview: error: m.csv: too large to load: about "), limited.stderr)
        XCTAssertTrue(limited.stderr.hasSuffix("may be used (CLUSTERVIEW_MEMORY_LIMIT=512K); use --sample N to explore a uniform sample of the rows\n"),
                      limited.stderr)
        // Standard input is checked as it arrives; --sample streams and needs no such room.
        let sampled = try run(["fit", "m.csv", "-k", "3", "--sample", "500"], environment: ["CLUSTERVIEW_MEMORY_LIMIT": "512K"])
        XCTAssertEqual(sampled.status, 0, sampled.stderr)
        XCTAssertEqual(try run(["fit", "m.csv", "-k", "3"], environment: ["CLUSTERVIEW_MEMORY_LIMIT": "1G"]).status, 0)
    }

    /// The address-space limit (`ulimit -v`) is read too: a file needing about 300 MB under a
    /// 200 MB limit is refused with a message instead of dying in malloc.
    /// Not under a sanitizer: AddressSanitizer and ThreadSanitizer reserve terabytes of address
    /// space for their shadow memory at start, so any `ulimit -v` kills the program before main.
    func testAddressSpaceLimitIsRespected() throws {
        if let sanitizer = Sanitizer.active {
            throw XCTSkip("the \(sanitizer) sanitizer's shadow memory cannot live under ulimit -v (RLIMIT_AS)")
        }
        var text = "a,b\n"
        text.reserveCapacity(6_000_000 * 4)
        let line = "1,2\n"
        for _ in 0..<6_000_000 { text += line }
        try text.write(toFile: path("big.csv"), atomically: false, encoding: .utf8)
        let result = try run(["fit", "big.csv", "-k", "2"], shellPrefix: "ulimit -v 200000")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("big.csv: too large to load"), result.stderr)
        XCTAssertTrue(result.stderr.contains("(the address-space limit (ulimit -v))"), result.stderr)
    }
}
