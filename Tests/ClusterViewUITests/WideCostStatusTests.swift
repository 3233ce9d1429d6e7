import ClusterKit
import XCTest
@testable import ClusterViewUI

/// The explorer says what a long GMM iteration costs while it runs (issue 16), and says nothing
/// new on narrow data.
final class WideCostStatusTests: XCTestCase {
    // The running job's text carries the estimate when there is one.
    func testRunningJobCarriesTheEstimate() {
        XCTAssertEqual(ModelJob(job: 1, kind: .stepping, estimate: "about 35 s an iteration").what,
                       "stepping (about 35 s an iteration)")
        XCTAssertEqual(ModelJob(job: 1, kind: .runningToConvergence(iteration: 4), estimate: "about 3 min an iteration").what,
                       "running to convergence: iter 4 (about 3 min an iteration)")
        XCTAssertEqual(ModelJob(job: 1, kind: .fitting).what, "fitting")
    }

    // Narrow data: no estimate for any method or covariance type, so the status line is as before.
    func testNarrowDataHasNoEstimate() throws {
        let session = try explorer("wine.csv", settings: ModelSettings(method: .gmm, k: 3, covarianceType: .full))
        for type in CovarianceType.allCases {
            XCTAssertNil(session.state.iterationEstimate(ModelSettings(method: .gmm, k: 3, covarianceType: type)))
        }
        // At MNIST's shape the same settings would be announced (the formula the state uses).
        XCTAssertGreaterThan(WideData.gmmIterationSeconds(rows: 70_000, columns: 784, k: 10, type: .full), WideData.noticeSeconds)
    }
}
