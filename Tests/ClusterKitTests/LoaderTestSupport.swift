import XCTest
@testable import ClusterKit

/// Shared helpers for the Loader* tests: load from a string or bytes, and catch the `DataError`.
enum LoaderTest {
    /// The package's seeded generator (`SplitMix64`), for tests that otherwise use only the
    /// public interface.
    static func random(seed: UInt64) -> some RandomNumberGenerator { SplitMix64(seed: seed) }

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

    /// The package's `datasets/` folder, found from this file's path.
    static func datasetBytes(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("datasets").appendingPathComponent(name)
        return [UInt8](try Data(contentsOf: url))
    }
}
