import Foundation
import XCTest
@testable import ClusterKit

/// `--beta auto` (`BetaSearch`, `MembershipContext.autoBeta(on:)`): against the analytic answer,
/// and against a numpy brute-force grid in log β (Fixtures/make_embed_fixtures.py) on fits that
/// scikit-learn reproduces.
final class BetaSearchTests: XCTestCase {
    // Two centroids at distances 0 and 1 with targets (r, 1 − r) on every row: softmax gives
    // p_0 = 1/(1 + e^−β), which equals r at β = log(r/(1 − r)), the exact minimum of H.
    func testTwoCentroidsGiveTheLogit() throws {
        for r in [0.6, 0.9, 0.999, 0.999999] {
            let n = 50
            let distances = (0..<n).flatMap { _ in [0.0, 1.0] }
            let targets = (0..<n).flatMap { _ in [r, 1 - r] }
            let result = try XCTUnwrap(BetaSearch.best(distances: distances, targets: targets, k: 2))
            XCTAssertNil(result.limit)
            XCTAssertEqual(result.beta, log(r / (1 - r)), accuracy: 1e-9 * log(r / (1 - r)), "r = \(r)")
            // H at the optimum is the targets' own entropy: −r log r − (1 − r) log(1 − r).
            XCTAssertEqual(result.crossEntropy, -r * log(r) - (1 - r) * log(1 - r), accuracy: 1e-12)
        }
        // The scale follows the distances: distances × 1000 give β / 1000 (what raw pixels need).
        let distances = (0..<10).flatMap { _ in [3000.0, 4000.0, 5000.0] }
        let targets = (0..<10).flatMap { _ in [0.7, 0.2, 0.1] }
        let small = try XCTUnwrap(BetaSearch.best(distances: distances.map { $0 / 1000 }, targets: targets, k: 3))
        let large = try XCTUnwrap(BetaSearch.best(distances: distances, targets: targets, k: 3))
        XCTAssertEqual(large.beta * 1000, small.beta, accuracy: 1e-9 * small.beta)
    }

    // The ends: targets softer than uniform want β = 0; one-hot targets on the nearest centroid
    // want β → ∞ (reported as where softmax is one-hot to print precision); nothing to fit is nil.
    func testLimits() throws {
        let distances = [0.0, 1.0, 2.0, 0.5, 0.0, 1.5]
        let uniform = try XCTUnwrap(BetaSearch.best(distances: distances, targets: [0.2, 0.3, 0.5, 0.4, 0.3, 0.3], k: 3))
        XCTAssertEqual(uniform.limit, .zero)
        XCTAssertEqual(uniform.beta, 0)
        let oneHot = try XCTUnwrap(BetaSearch.best(distances: distances, targets: [1, 0, 0, 0, 1, 0], k: 3))
        XCTAssertEqual(oneHot.limit, .unbounded)
        XCTAssertEqual(oneHot.beta, 37 / 0.5, "the smallest gap is 0.5")
        XCTAssertLessThan(oneHot.crossEntropy, 1e-15)
        XCTAssertNil(BetaSearch.best(distances: [1, 2], targets: [1, 0], k: 1), "k = 1")
        XCTAssertNil(BetaSearch.best(distances: [], targets: [], k: 3), "no rows")
        XCTAssertNil(BetaSearch.best(distances: [.nan, 1], targets: [0.5, 0.5], k: 2), "no finite row")
        var asked = 0
        XCTAssertNil(BetaSearch.best(distances: distances, targets: [0.7, 0.2, 0.1, 0.2, 0.7, 0.1], k: 3) {
            asked += 1
            return asked > 3
        }, "cancelled mid-search")
    }

    // Against the brute-force grid: β to 1e-6 relative (the grid's own precision: H is flat at its
    // minimum), and H at our β no worse than at the grid's. H at fixed β is the formula's, to 1e-12.
    func testMatchesTheBruteForceGrid() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "embed", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try XCTUnwrap(fixture["beta"] as? [String: [String: Any]])
        XCTAssertEqual(cases.count, 3)
        for (name, c) in cases.sorted(by: { $0.key < $1.key }) {
            let file = c["dataset"] as! String
            let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/\(file)")))
            let data = PreparedData(try Dataset.load(csv: bytes, source: file), standardize: c["standardize"] as! Bool,
                                    normalization: RowNormalization(rawValue: c["normalize"] as! String)!)
            let positions = ints(c["init_rows"]).map { data.position(ofFileRow: $0)! }
            let method = ClusteringMethod(rawValue: c["method"] as! String)!
            let settings = ModelSettings(method: method, k: c["k"] as! Int, covarianceType: method == .gmm ? .diag : .full,
                                         initMethod: .rows(positions))
            let model = try XCTUnwrap(try ClusterModel.fitted(data.matrix, settings))
            let context = MembershipContext(data: data, model: model, settings: settings)
            let result = try XCTUnwrap(context.autoBeta(on: data.matrix), name)
            XCTAssertNil(result.limit, name)
            let expected = c["beta"] as! Double
            XCTAssertEqual(result.beta, expected, accuracy: 1e-6 * expected, name)
            XCTAssertLessThanOrEqual(result.crossEntropy, (c["cross_entropy"] as! Double) * (1 + 1e-13), name)
            XCTAssertEqual(result.crossEntropy, c["cross_entropy"] as! Double, accuracy: 1e-12, name)
            // The same search twice gives the same bits (deterministic).
            XCTAssertEqual(context.autoBeta(on: data.matrix), result, name)
        }
    }
}
