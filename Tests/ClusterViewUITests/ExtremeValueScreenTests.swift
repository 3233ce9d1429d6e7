import ClusterKit
import XCTest
@testable import ClusterViewUI

/// No NaN or infinity reaches the screen: the explorer on data at the edges of the doubles
/// (standardised, as the value-range check requires for the huge ones), stepped, with every
/// overlay and the membership map, at 80×24.
final class ExtremeValueScreenTests: XCTestCase {
    func testExtremeDataDrawsOnlyFiniteNumbers() throws {
        let columns: [(String, [Double])] = [
            ("huge", [1e300, -1e300, 1.7976931348623157e308, 5e299, -7e299, 2e300, 0, 1e299]),
            ("tiny", [1e-300, -1e-300, .leastNonzeroMagnitude, 3e-300, 0, -2e-300, Double("1e-310")!, 4e-300]),
            ("constant", Array(repeating: 1e299, count: 8)),
        ]
        var values: [Double] = []
        for i in 0..<8 { for c in columns { values.append(c.1[i]) } }
        let dataset = Dataset(source: "edge.csv", featureNames: columns.map(\.0), values: values, count: 8, dimension: 3)
        for method in [ClusteringMethod.kmeans, .soft, .gmm] {
            let state = try AppState(dataset: dataset, fileName: "edge.csv", standardize: true,
                                     settings: ModelSettings(method: method, k: 2, seed: 1), bootstrapRuns: 5, width: 80, height: 24)
            var session = HeadlessSession(state: state)
            // Step, run, each overlay and the map, and z (raw space is refused with a message).
            for keys in ["n n", "r", "?", "? w", "w v", "v u", "u R R", "z", "] ] ] ]", "[ [ [ [ [ [ [ [ [ [", "K"] {
                try session.keys(keys)
                let text = render(session.state, theme: colourTheme).plainText.lowercased()
                XCTAssertFalse(text.contains("nan") || text.contains("inf"), "\(method) after '\(keys)':\n\(text)")
            }
            XCTAssert(session.state.data.standardized, "z keeps the standardised space: raw values would overflow")
        }
    }
}
