import ClusterKit
import XCTest
@testable import ClusterViewUI

/// `render`'s progress line: with a progress callback a headless session runs each job on another
/// thread and applies its reports as they come. The screen must be the one it gives without.
final class HeadlessProgressTests: XCTestCase {
    private func session(progress: ((AppState) -> Void)?) throws -> HeadlessSession {
        let bytes = try [UInt8](Data(contentsOf: explorerRepositoryRoot.appendingPathComponent("datasets/digits.csv")))
        let dataset = try Dataset.load(csv: bytes, source: "digits.csv")
        let state = try AppState(dataset: dataset, fileName: "digits.csv", standardize: false,
                                 settings: ModelSettings(k: 10, seed: 3), bootstrapRuns: 40, width: 120, height: 40)
        return HeadlessSession(state: state, progress: progress)
    }

    func testProgressIsReportedAndTheScreenIsTheSame() throws {
        var plain = try session(progress: nil)
        try plain.keys("n n Tab ] r")
        let expected = render(plain.state, theme: colourTheme).plainText

        var calls = 0
        var bootstrapCounts: [Int] = []
        var watched = try session(progress: { state in
            calls += 1
            if let done = state.bootstrapDone { bootstrapCounts.append(done) }
        })
        try watched.keys("n n Tab ] r")
        XCTAssertEqual(render(watched.state, theme: colourTheme).plainText, expected)
        // At least once per job run (after it ends, if it was quicker than the interval).
        XCTAssertGreaterThanOrEqual(calls, 3)
        // The bootstrap's count whenever it was seen mid-run (one bootstrap runs: the keys'
        // context work waits for the last state): in range and never going back.
        XCTAssertTrue(bootstrapCounts.allSatisfy { (0...40).contains($0) }, "\(bootstrapCounts)")
        XCTAssertTrue(zip(bootstrapCounts, bootstrapCounts.dropFirst()).allSatisfy { $0 <= $1 }, "\(bootstrapCounts)")
    }
}
