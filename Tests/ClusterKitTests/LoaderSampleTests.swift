import XCTest
@testable import ClusterKit

/// `--sample`: a uniform reservoir sample drawn in one streaming pass. Fed in chunks cut anywhere,
/// it gives what a full load gives for the rows it keeps (values, labels, lines, row indices),
/// the full load's errors for rows it does not keep, and the same sample for the same seed.
final class LoaderSampleTests: XCTestCase {
    /// CRLF and LF, quoted labels with delimiters and line breaks, non-ASCII, blank lines, NA.
    func file(rows: Int) -> String {
        var text = "\u{FEFF}a,b,\"the label\"\n"
        for i in 0..<rows {
            let label = ["plain", "\"with, comma\"", "\"two\nlines\"", "été", ""][i % 5]
            let b = i % 13 == 0 ? "NA" : "\(Double(i) * 0.25 - 3)"
            text += "\(i),\(b),\(label)" + (i % 4 == 0 ? "\r\n" : "\n")
            if i % 37 == 0 { text += "\n" }
        }
        return text
    }

    func sample(_ text: String, size: Int, seed: UInt64, chunk: Int, options: LoadOptions = LoadOptions(),
                detectionBytes: Int = 64) throws -> Dataset {
        let bytes = Array(text.utf8)
        var sampler = CSVSampler(sampleSize: size, seed: seed, source: "s.csv", options: options, detectionBytes: detectionBytes)
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + chunk)
            try bytes[i..<end].withUnsafeBytes { try sampler.consume($0) }
            i = end
        }
        return try sampler.finish()
    }

    /// Property: asking for at least every row gives exactly the full load, whatever the chunking
    /// (cuts inside quoted line breaks, CRLF pairs and two-byte characters included).
    func testWholeSampleEqualsFullLoadForAnyChunking() throws {
        let text = file(rows: 300)
        var full = try Dataset.load(csv: Array(text.utf8), source: "s.csv")
        full.sample = SampleSummary(rows: 300, totalRows: 300)
        for chunk in [1, 2, 3, 7, 64, 1000, 1 << 20] {
            for detection in [1, 64, 1 << 20] {
                let s = try sample(text, size: 300, seed: 1, chunk: chunk, detectionBytes: detection)
                XCTAssertEqual(s, full, "chunk \(chunk), detection after \(detection) bytes")
            }
        }
        let more = try sample(text, size: 5000, seed: 1, chunk: 100)
        XCTAssertEqual(more.sample?.description, "all 300 rows")
        XCTAssertEqual(more.count, full.count)
    }

    /// The kept rows are rows of the file, in file order, with their own lines, indices and labels.
    func testSampleRowsAreTheFilesRowsInOrder() throws {
        let text = file(rows: 500)
        let full = try Dataset.load(csv: Array(text.utf8), source: "s.csv")
        let s = try sample(text, size: 40, seed: 9, chunk: 333)
        XCTAssertEqual(s.sample, SampleSummary(rows: 40, totalRows: 500))
        XCTAssertEqual(s.sample?.description, "sample 40 of 500 rows")
        XCTAssertEqual(s.rowIndices, s.rowIndices.sorted())
        XCTAssertEqual(s.count + s.dropped.count, 40)
        for i in 0..<s.count {
            let position = try XCTUnwrap(full.rowIndices.firstIndex(of: s.rowIndices[i]))
            XCTAssertEqual(Array(s.row(i)), Array(full.row(position)))
            XCTAssertEqual(s.lineNumbers[i], full.lineNumbers[position])
            XCTAssertEqual(s.label(of: i), full.label(of: position))
            // Column a holds the row's own index.
            XCTAssertEqual(s.row(i).first, Double(s.rowIndices[i]))
        }
        for d in s.dropped { XCTAssertTrue(full.dropped.contains(d)) }
    }

    func testSameSeedSameSampleOtherSeedOtherSample() throws {
        let text = file(rows: 400)
        let a = try sample(text, size: 30, seed: 5, chunk: 50), b = try sample(text, size: 30, seed: 5, chunk: 4096)
        let c = try sample(text, size: 30, seed: 6, chunk: 50)
        XCTAssertEqual(a, b, "the chunking does not change the draw")
        XCTAssertNotEqual(a.rowIndices, c.rowIndices)
    }

    /// Property: every row is equally likely to be kept. 4,000 seeded draws of 10 rows out of 40:
    /// each row's count is binomial(4000, 0.25), mean 1000, sd ≈ 27; the bound is ±6 sd and the
    /// chi-square of the 40 counts must be below its 0.999 quantile (≈ 72.1 for 39 degrees).
    func testEveryRowIsEquallyLikely() throws {
        var text = "x\n"
        for i in 0..<40 { text += "\(i)\n" }
        var counts = [Int](repeating: 0, count: 40)
        let bytes = Array(text.utf8)
        for seed in 0..<4000 {
            var sampler = CSVSampler(sampleSize: 10, seed: UInt64(seed), source: "u.csv", detectionBytes: 1)
            try bytes.withUnsafeBytes { try sampler.consume($0) }
            for i in try sampler.finish().rowIndices { counts[i] += 1 }
        }
        XCTAssertEqual(counts.reduce(0, +), 40_000)
        for (i, c) in counts.enumerated() { XCTAssertTrue(abs(c - 1000) < 6 * 27, "row \(i) kept \(c) times") }
        let chiSquare = counts.reduce(0.0) { $0 + pow(Double($1) - 1000, 2) / 1000 }
        XCTAssertLessThan(chiSquare, 72.1)
    }

    /// Errors come from the whole file, with the file's lines, even for rows the sample leaves out.
    func testErrorsComeFromEveryRow() {
        func error(_ text: String, options: LoadOptions = LoadOptions()) -> DataError? {
            do {
                _ = try sample(text, size: 2, seed: 1, chunk: 10, options: options)
                return nil
            } catch {
                return error as? DataError
            }
        }
        var numbers = "x,y\n"
        for i in 0..<100 { numbers += "\(i),\(i * 2)\n" }
        XCTAssertEqual(error(numbers + "1,abc\n")?.description, "s.csv:102:2: \"abc\" is not a number in numeric column 'y' "
                       + "(100 of 101 values are numbers); use --columns to choose features or --label y to make it the label")
        XCTAssertEqual(error(numbers + "1,2,3\n")?.description, "s.csv:102: line 102 has 3 fields, expected 2")
        XCTAssertEqual(error(numbers + "1,\"oops\n")?.description, "s.csv:102: unterminated quoted field")
        XCTAssertEqual(byteError(Array(numbers.utf8) + [0x31, 0x2C, 0xFF, 0x0A])?.description, "s.csv:102: invalid UTF-8")
        XCTAssertEqual(error("")?.description, "s.csv: empty file")
        XCTAssertEqual(error("x,y\n")?.description, "s.csv:1: header only, no data rows")
        XCTAssertNotNil(try? sample(numbers + "1,abc\n", size: 2, seed: 1, chunk: 10, options: LoadOptions(columns: ["x"])))
    }

    func byteError(_ bytes: [UInt8]) -> DataError? {
        var sampler = CSVSampler(sampleSize: 2, seed: 1, source: "s.csv", detectionBytes: 16)
        do {
            try bytes.withUnsafeBytes { try sampler.consume($0) }
            _ = try sampler.finish()
            return nil
        } catch {
            return error as? DataError
        }
    }

    func testDecimalCommasInASample() throws {
        let s = try sample("x;y\n1,5;2\n3;4,25\n", size: 5, seed: 1, chunk: 3, options: LoadOptions(decimalComma: true))
        XCTAssertEqual(s.values, [1.5, 2, 3, 4.25])
    }
}
