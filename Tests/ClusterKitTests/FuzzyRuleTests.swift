import Foundation
import XCTest
@testable import ClusterKit

/// The fuzzy rule equals scikit-fuzzy's `cmeans_predict` for fixed centres (skfuzzy.json, made by
/// Fixtures/make_skfuzzy_fixture.py).
final class FuzzyRuleTests: XCTestCase {
    func testFuzzyRuleMatchesScikitFuzzy() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "skfuzzy", withExtension: "json", subdirectory: "Fixtures"))
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try XCTUnwrap(root["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 4)
        for c in cases {
            let data = PreparedData(try loadShipped("iris.csv"), standardize: c["standardize"] as! Bool)
            let m = c["m"] as! Double
            let centroids = Matrix(doubleMatrix(c["centroids"]))
            let model = KMeans(data: data.matrix, configuration: .init(k: 3), centroids: centroids)
            var settings = ModelSettings(k: 3)
            settings.fuzziness = m
            let context = MembershipContext(data: data, model: ClusterModel(model), settings: settings)
            let ours = (0..<data.matrix.rows).flatMap { context.values(.fuzzy, for: data.matrix.row($0))! }
            assertClose(ours, flat(c["u"]), absoluteFloor: 1e-12, "fuzzy m=\(m) standardized=\(data.standardized)")
        }
    }
}
