import ClusterKit
import XCTest
@testable import ClusterViewUI

/// The side panel's sampled counts (rows whose top cluster under the map's rule is not their
/// hard cluster; rows whose softmax is one-hot) come from one SIMD distance pass over the sample
/// per model state. They must be exactly what asking the rule row by row gives.
final class SampledCountsTests: XCTestCase {
    /// 12,001 rows (every third sampled at the panel's 5,000-row limit) of 13 features around four
    /// overlapping centres, spread so that softmax at β = 1 is one-hot on part of them.
    private func session(_ settings: ModelSettings) throws -> HeadlessSession {
        let n = 12_001, d = 13
        var s: UInt64 = 11
        var values: [Double] = []
        values.reserveCapacity(n * d)
        for i in 0..<n {
            for f in 0..<d {
                s = s &* 6364136223846793005 &+ 1442695040888963407
                values.append(Double(i % 4) * Double(f % 3 + 1) * 1.5 + 6 * Double(s >> 11) / Double(1 << 53))
            }
        }
        let dataset = Dataset(source: "wide.csv", featureNames: (0..<d).map { "f\($0)" }, values: values, count: n, dimension: d)
        let state = try AppState(dataset: dataset, fileName: "wide.csv", standardize: false, settings: settings,
                                 bootstrapRuns: 2, width: 120, height: 40)
        return HeadlessSession(state: state)
    }

    /// The counts asked row by row through `values(_:for:)`, over the same sample.
    private func bruteForce(_ state: AppState, limit: Int = 5_000) -> (disagree: Int, oneHot: Int, examined: Int) {
        let n = state.data.matrix.rows, stride = max(1, (n + limit - 1) / limit)
        var disagree = 0, oneHot = 0, examined = 0
        for i in Swift.stride(from: 0, to: n, by: stride) {
            examined += 1
            let row = state.data.matrix.row(i)
            if let p = state.values(state.mapRule, for: row), (p.indices.max { p[$0] < p[$1] } ?? 0) != Int(state.model.labels[i]) {
                disagree += 1
            }
            let soft = MembershipFormulas.softmax(distances: state.context.distances(of: row), beta: state.context.beta)
            if (soft.max() ?? 0) > AppState.oneHotProbability { oneHot += 1 }
        }
        return (disagree, oneHot, examined)
    }

    func testCountsAreThoseOfTheRuleAskedRowByRow() throws {
        for method in [ClusteringMethod.kmeans, .gmm] {
            var session = try session(ModelSettings(method: method, k: 4, covarianceType: .diag, initMethod: .rows([0, 1, 2, 3])))
            try session.keys("n")
            let base = session.state
            XCTAssertTrue(base.context.hasExtras)
            var disagreeing = 0
            for rule in [MembershipRule.softmax, .fuzzy, .linear, .gmm, .inversePower, .cosine] {
                var state = base
                state.mapRule = rule
                let want = bruteForce(state)
                let got = state.softHardDisagreements()
                XCTAssertEqual(got.examined, 4_001, "\(method) \(rule)")
                XCTAssertEqual(got.examined, want.examined, "\(method) \(rule)")
                XCTAssertEqual(got.count, want.disagree, "\(method) \(rule)")
                disagreeing += got.count
            }
            let share = base.softmaxOneHotShare()
            let want = bruteForce(base)
            XCTAssertEqual(share.examined, want.examined, "\(method)")
            XCTAssertEqual(share.count, want.oneHot, "\(method)")
            // The sample is neither all one-hot nor none, and some rule disagrees on some rows.
            XCTAssertGreaterThan(share.count, 0, "\(method)")
            XCTAssertLessThan(share.count, share.examined, "\(method)")
            XCTAssertGreaterThan(disagreeing, 0, "\(method)")
        }
    }

    // A β typed by hand changes both counts without a new distance pass (the distances are the
    // model state's); the answers still match row by row.
    func testBetaChangesReuseTheSampleAndStayExact() throws {
        var session = try session(ModelSettings(method: .gmm, k: 4, covarianceType: .diag, initMethod: .rows([0, 1, 2, 3])))
        let before = session.state.softmaxOneHotShare()
        try session.keys("] ] ]")
        let state = session.state
        let after = state.softmaxOneHotShare(), want = bruteForce(state)
        XCTAssertEqual(after.count, want.oneHot)
        XCTAssertEqual(state.softHardDisagreements().count, want.disagree)
        XCTAssertGreaterThanOrEqual(after.count, before.count, "a larger β makes softmax sharper")
    }
}
