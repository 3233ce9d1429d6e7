import Foundation
import XCTest
@testable import ClusterKit
@testable import ClusterViewUI

/// Rows too wide to list (issue 16): the panel names the features that set the row apart from its
/// centroid, largest |row − centroid| in standard deviations first.
final class WideRowsTests: XCTestCase {
    /// 60 rows × `columns` features named f000…, each feature on its own scale (0.5 to 50), the
    /// first 30 rows shifted on the first five features: two groups, numbers of very different sizes.
    private func wide(columns: Int = 200, width: Int = 120, height: Int = 40) throws -> HeadlessSession {
        var random = SplitMix64(seed: 16)
        var csv = (0..<columns).map { String(format: "f%03d", $0) }.joined(separator: ",") + "\n"
        for row in 0..<60 {
            csv += (0..<columns).map { f in
                let scale = 0.5 + 49.5 * Double(f) / Double(max(1, columns - 1))
                let shift = row < 30 && f < 5 ? 4 * scale : 0
                return String(format: "%.3f", (random.unit() - 0.5) * scale + shift)
            }.joined(separator: ",") + "\n"
        }
        let dataset = try Dataset.load(csv: Array(csv.utf8), source: "wide.csv")
        let state = try AppState(dataset: dataset, fileName: "wide.csv", standardize: false, settings: ModelSettings(k: 3),
                                 bootstrapRuns: 4, width: width, height: height)
        return HeadlessSession(state: state)
    }

    // One session (PCA of 200 columns is the slow part of a debug build): the golden at 120×40,
    // the ranking checked at three rows, then the golden at 80×24 after a resize.
    func testGoldensAndTheListIsTheLargestDifferencesInStandardDeviations() throws {
        var s = try wide()
        try s.keys("n Tab")
        assertScreen(render(s.state, theme: colourTheme), golden: "explorer-wide200-iter1-120x40")
        for keys in ["", "Tab Tab Tab", "r Tab"] {
            try s.keys(keys)
            try checkRanking(s.state, keys)
        }
        try s.keys("b Resize:80,24")
        assertScreen(render(s.state, theme: colourTheme), golden: "explorer-wide200-80x24")
    }

    // The listed features are, in order, those with the largest |x − c| / σ, where σ is the
    // population standard deviation of the feature over all rows, computed here from the file.
    private func checkRanking(_ state: AppState, _ keys: String) throws {
        let d = state.dataset.dimension, n = state.dataset.count
        let row = Array(state.dataset.row(state.selected))
        let cluster = Int(state.model.labels[state.selected])
        let centroid = state.model.centroids.row(cluster)
        let sd = (0..<d).map { f -> Double in
            let column = (0..<n).map { state.dataset.values[$0 * d + f] }
            let mean = column.reduce(0, +) / Double(n)
            return (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
        }
        let expected = (0..<d).sorted { abs(row[$0] - centroid[$0]) / sd[$0] > abs(row[$1] - centroid[$1]) / sd[$1] }
        let text = render(state, theme: colourTheme).plainText
        XCTAssertTrue(text.contains("most unlike centroid \(cluster) (value, diff in sd):"), text)
        XCTAssertTrue(text.contains("… \(d - 6) more features"), text)
        // Two features a line at 120 columns: the first six in order, with value and signed difference.
        let listed = text.matches(of: #/f(\d{3}) +(-?[\d.e+-]+) +([+-]\d+\.\d)/#).map { (Int($0.1)!, Double($0.2)!, Double($0.3)!) }
        XCTAssertEqual(listed.map(\.0), Array(expected.prefix(6)), keys)
        for (f, value, shown) in listed {
            XCTAssertEqual(value, row[f], accuracy: abs(row[f]) * 1e-3 + 1e-3, "f\(f)")
            XCTAssertEqual(shown, (row[f] - centroid[f]) / sd[f], accuracy: 0.05 + 1e-9, "f\(f)")
        }
    }

    // Up to 16 features the panel keeps listing them in file order (narrow screens stay as they
    // were); from 17 it ranks them.
    func testSixteenFeaturesKeepFileOrder() throws {
        let sixteen = render(try wide(columns: 16).state, theme: colourTheme).plainText
        XCTAssertTrue(sixteen.contains("f000 ") && sixteen.contains("… 10 more features"), sixteen)
        XCTAssertFalse(sixteen.contains("most unlike"))
        let seventeen = render(try wide(columns: 17).state, theme: colourTheme).plainText
        XCTAssertTrue(seventeen.contains("most unlike centroid"), seventeen)
    }
}
