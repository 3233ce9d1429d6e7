import ClusterKit
import Foundation
import XCTest
@testable import ClusterViewUI

/// A sampled file is not the file: the status line says how many rows were drawn from how many,
/// at every size people use, and says nothing when every row was read.
final class SampleStatusAtEverySizeTests: XCTestCase {
    private func statusLine(sample: SampleSummary?, width: Int, height: Int) throws -> String {
        let bytes = try [UInt8](Data(contentsOf: explorerRepositoryRoot.appendingPathComponent("datasets/iris.csv")))
        var dataset = try Dataset.load(csv: bytes, source: "iris.csv")
        dataset.sample = sample
        let state = try AppState(dataset: dataset, fileName: "iris.csv", standardize: false, settings: ModelSettings(),
                                 bootstrapRuns: 20, width: width, height: height)
        let session = HeadlessSession(state: state)
        return String(render(session.state, theme: colourTheme).plainText.split(separator: "\n")[0])
    }

    func testSampleIsNamedOnTheStatusLineAtEverySize() throws {
        for (w, h) in [(80, 24), (100, 30), (120, 40), (200, 60)] {
            let line = try statusLine(sample: SampleSummary(rows: 150, totalRows: 48_213_771), width: w, height: h)
            XCTAssertTrue(line.contains("sample 150 of 48,213,771 rows"), "\(w)x\(h): \(line)")
            XCTAssertTrue(line.contains("iter 0"), "\(w)x\(h): \(line)")
        }
    }

    func testACompleteSampleOrNoSampleSaysNothing() throws {
        for sample in [nil, SampleSummary(rows: 150, totalRows: 150)] {
            let line = try statusLine(sample: sample, width: 120, height: 40)
            XCTAssertFalse(line.contains("sample"), line)
        }
    }
}
