import ClusterKit
import XCTest
@testable import ClusterViewUI

/// Keys do what people expect (issue 10): messages count what happened, axes change one at a
/// time, undefined numbers look undefined.
final class ExpectationTests: XCTestCase {
    // After going back, r counts the iterations from where it was pressed.
    func testRunAfterGoingBackCountsFromThere() throws {
        var s = try explorer()
        try s.keys("n n n n b b")
        XCTAssertEqual(s.state.model.iteration, 2)
        try s.keys("r")
        let end = s.state.model.iteration
        XCTAssertTrue(s.state.model.converged)
        XCTAssertEqual(s.state.message, "ran \(end - 2) iterations (iter 2 → \(end)), converged")
        // Back again, then r when the history already reaches convergence: says it moved forward.
        try s.keys("b b b r")
        XCTAssertEqual(s.state.message, "converged at iter \(end) (forward from iter \(end - 3) through the history)")
        // A single step afterwards is not reported as a run.
        try s.keys("i n")
        XCTAssertEqual(s.state.message?.hasSuffix("changed cluster"), true, s.state.message ?? "")
    }

    func testEllipseKeyInKMeansSaysTheyAreForGMM() throws {
        var s = try explorer()
        try s.keys("o")
        XCTAssertEqual(s.state.message, "ellipses are drawn for GMM only (m switches method); they will be off")
        try s.keys("o")
        XCTAssertEqual(s.state.message, "ellipses are drawn for GMM only (m switches method); they will be on")
    }

    // x and y from PCA change one axis; the same column never lands on both.
    func testAxisKeysChangeOneAxisAndNeverRepeatAColumn() throws {
        var s = try explorer()
        try s.keys("x")
        XCTAssertEqual(s.state.projection.x, .column(0))
        XCTAssertEqual(s.state.projection.y, .principal(1))
        try s.keys("y")
        XCTAssertEqual(s.state.projection.y, .column(1), "column 0 is on x: skipped")
        for _ in 0..<12 {
            try s.keys("x")
            XCTAssertNotEqual(s.state.projection.x, s.state.projection.y)
            try s.keys("y")
            XCTAssertNotEqual(s.state.projection.x, s.state.projection.y)
        }
        // Each axis cycles back to its principal component after the last column.
        var t = try explorer()
        try t.keys("x x x x x")
        XCTAssertEqual(t.state.projection.x, .principal(0))
        XCTAssertEqual(t.state.projection.y, .principal(1))
    }

    func testCosineOfAZeroVectorIsShownUndefined() throws {
        let values: [Double] = [0, 0, 1, 0, 0, 1, 5, 5, 6, 5, 5, 6, -4, 3, -3, 4]
        let dataset = Dataset(source: "zeros.csv", featureNames: ["a", "b"], values: values, count: 8, dimension: 2)
        let state = try AppState(dataset: dataset, fileName: "zeros.csv", standardize: false,
                                 settings: ModelSettings(k: 2, initMethod: .rows([1, 3])), bootstrapRuns: 5)
        var s = HeadlessSession(state: state)
        s.send([])
        XCTAssertTrue(s.state.values(.cosine, for: [0, 0])!.allSatisfy(\.isNaN))
        XCTAssertEqual(NumberFormat.probability(.nan), "  —  ")
        let text = render(s.state, theme: colourTheme).plainText
        let rows = text.components(separatedBy: "\n").filter { $0.contains("│ 0 ") || $0.contains("│ 1 ") }
        XCTAssertEqual(rows.count, 2, text)
        for row in rows { XCTAssertTrue(row.hasSuffix("—"), row) }
    }
}

/// `--sample`: the status line says the rows are a sample, at 80 columns too.
final class SampleStatusTests: XCTestCase {
    func testStatusLineSaysItShowsASample() throws {
        var dataset = try explorer().state.dataset
        dataset.sample = SampleSummary(rows: 150, totalRows: 1200)
        let state = try AppState(dataset: dataset, fileName: "iris.csv", standardize: false, settings: ModelSettings(method: .gmm),
                                 bootstrapRuns: 5, width: 80, height: 24)
        let status = render(state, theme: colourTheme).plainText.components(separatedBy: "\n")[0]
        XCTAssertTrue(status.contains("sample 150 of 1,200 rows"), status)
        XCTAssertTrue(status.contains("iter 0"), status)
    }
}
