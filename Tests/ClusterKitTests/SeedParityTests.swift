import Foundation
import XCTest
@testable import ClusterKit

/// `--seed S` picks the same initial centroids as scikit-learn's `random_state=S` (k-means++ and
/// random inits, and the GMM's k-means init), so whole fits agree (Fixtures/make_seeded_fixtures.py).
final class SeedParityTests: XCTestCase {
    func testSeededFitsMatchScikitLearn() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "seeded", withExtension: "json", subdirectory: "Fixtures"))
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try XCTUnwrap(root["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 18)
        for c in cases {
            let file = c["dataset"] as! String, k = c["k"] as! Int, seed = UInt32(c["seed"] as! Int)
            let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/\(file)")))
            let data = PreparedData(try Dataset.load(csv: bytes, source: file), standardize: c["standardize"] as! Bool)
            let what = "\(file) std=\(data.standardized) seed=\(seed)"
            for (key, method) in [("k-means++", InitMethod.kMeansPlusPlus), ("random", .random)] {
                let reference = c[key] as! [String: Any]
                let fit = try KMeans(data: data.matrix, configuration: .init(k: k, initMethod: method, seed: seed)).run()
                XCTAssertEqual(fit.labels.map(Int.init), ints(reference["labels"]), "\(what) \(key) labels")
                XCTAssertEqual(fit.iteration, reference["n_iter"] as? Int, "\(what) \(key) n_iter")
                assertClose(fit.centroids.values, flat(reference["centroids"]), "\(what) \(key) centroids")
                assertClose(fit.inertia, reference["inertia"] as! Double, "\(what) \(key) inertia")
            }
            let reference = c["gmm_full"] as! [String: Any]
            let gmm = try GaussianMixture(data: data.matrix, configuration: .init(k: k, seed: seed)).run()
            XCTAssertEqual(gmm.labels.map(Int.init), ints(reference["labels"]), "\(what) gmm labels")
            XCTAssertEqual(gmm.iteration, reference["n_iter"] as? Int, "\(what) gmm n_iter")
            assertClose(gmm.means.values, flat(reference["means"]), "\(what) gmm means")
            assertClose(gmm.weights, doubles(reference["weights"]), "\(what) gmm weights")
            assertClose(gmm.lowerBound, reference["lower_bound"] as! Double, "\(what) gmm lower bound")
        }
    }
}
