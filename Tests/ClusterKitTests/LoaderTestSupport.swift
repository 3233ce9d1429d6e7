import XCTest
import ClusterKit

/// Shared helpers for the Loader* tests: load from a string or bytes, and catch the `DataError`.
enum LoaderTest {
    static func load(_ text: String, source: String = "t.csv", _ options: LoadOptions = LoadOptions()) throws -> Dataset {
        try Dataset.load(csv: Array(text.utf8), source: source, options: options)
    }

    /// The error loading throws, or a test failure when it succeeds or throws something else.
    static func error(_ bytes: [UInt8], source: String = "t.csv", _ options: LoadOptions = LoadOptions(),
                      file: StaticString = #filePath, line: UInt = #line) -> DataError? {
        do {
            let ds = try Dataset.load(csv: bytes, source: source, options: options)
            XCTFail("expected an error, loaded \(ds.count) rows", file: file, line: line)
        } catch let e as DataError {
            return e
        } catch {
            XCTFail("unexpected error type \(error)", file: file, line: line)
        }
        return nil
    }

    static func error(_ text: String, source: String = "t.csv", _ options: LoadOptions = LoadOptions(),
                      file: StaticString = #filePath, line: UInt = #line) -> DataError? {
        error(Array(text.utf8), source: source, options, file: file, line: line)
    }

    /// Deterministic generator so property tests fail the same way every time.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The package's `datasets/` folder, found from this file's path.
    static func datasetBytes(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("datasets").appendingPathComponent(name)
        return [UInt8](try Data(contentsOf: url))
    }
}
