import ClusterKit
import XCTest
@testable import ClusterViewUI

/// The explorer's refit refuses a k above the rows with the words of `RowsForK` (issue 18: one
/// rows-vs-k check), before it projects or fits anything.
final class RefitRowsForKTests: XCTestCase {
    func testRefitWithMoreClustersThanRowsFailsWithTheOneMessage() throws {
        let dataset = try Dataset.load(csv: Array("a,b\n1,2\n3,4\n5,7\n".utf8), source: "three.csv")
        let data = PreparedData(dataset, standardize: false)
        let job = RefitJob(data: data, standardize: false, settings: ModelSettings(k: 4), estimate: nil)
        XCTAssertThrowsError(try job.run(progress: { _ in }, isCancelled: { false })) {
            XCTAssertEqual("\($0)", "only 3 usable rows, fewer than k = 4")
        }
        let fits = RefitJob(data: data, standardize: false, settings: ModelSettings(k: 3), estimate: nil)
        XCTAssertNotNil(try fits.run(progress: { _ in }, isCancelled: { false }))
    }
}
