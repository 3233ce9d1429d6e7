import ClusterKit
import XCTest
@testable import ClusterViewUI

/// Whole explorer screens against reviewed golden files (UPDATE_GOLDEN=1 rewrites them).
final class ExplorerGoldenTests: XCTestCase {
    func testIrisKMeansAtStartAndAfterSteps() throws {
        var s = try explorer()
        assertScreen(render(s.state, theme: colourTheme), golden: "explorer-iris-kmeans-iter0-120x40")
        try s.keys("n n n Tab Tab")
        assertScreen(render(s.state, theme: colourTheme), golden: "explorer-iris-kmeans-iter3-120x40")
    }

    func testIrisAt80x24() throws {
        var s = try explorer(width: 80, height: 24)
        try s.keys("n n")
        assertScreen(render(s.state, theme: colourTheme), golden: "explorer-iris-kmeans-iter2-80x24")
    }

    func testIrisGMMConvergedWithEllipses() throws {
        var s = try explorer(settings: ModelSettings(method: .gmm))
        try s.keys("r")
        XCTAssertTrue(s.state.model.converged)
        assertScreen(render(s.state, theme: colourTheme), golden: "explorer-iris-gmm-converged-120x40")
    }

    func testIrisSoftKMeans() throws {
        var s = try explorer(settings: ModelSettings(method: .soft, beta: 2))
        try s.keys("n n")
        assertScreen(render(s.state, theme: colourTheme), golden: "explorer-iris-soft-iter2-120x40")
    }

    func testMonochromeAndASCII() throws {
        var s = try explorer()
        try s.keys("r")
        assertScreen(render(s.state, theme: monochromeTheme), golden: "explorer-iris-kmeans-no-color-120x40")
        let ascii = render(s.state, theme: asciiTheme)
        XCTAssert(ascii.plainText.unicodeScalars.allSatisfy { $0.isASCII }, "--ascii draws ASCII only")
        assertScreen(ascii, golden: "explorer-iris-kmeans-ascii-120x40")
    }

    func testStandardisedWineWithSelectionAndHelp() throws {
        var s = try explorer("wine.csv", standardize: true)
        try s.keys("r Tab Tab Tab ?")
        assertScreen(render(s.state, theme: colourTheme), golden: "explorer-wine-std-help-120x40")
    }

    func testTooSmall() throws {
        let s = try explorer(width: 60, height: 20)
        XCTAssert(render(s.state, theme: colourTheme).plainText.contains("terminal too small: need 80×24, have 60×20"))
    }
}

/// The membership map, the probe, the rule comparison and the worked formula (issue 5).
final class ExplorerInsightGoldenTests: XCTestCase {
    func testMembershipMapMovesWithBeta() throws {
        var s = try explorer()
        try s.keys("r u")
        let soft = render(s.state, theme: colourTheme)
        assertScreen(soft, golden: "explorer-iris-map-softmax-beta1")
        try s.keys("] ] ] ] ] ]")
        let stiff = render(s.state, theme: colourTheme)
        // A stiffer softmax leaves fewer uncertain cells: the border band narrows.
        func border(_ screen: Screen) -> Int { screen.plainText.filter { $0 == "·" }.count }
        XCTAssertLessThan(border(stiff), border(soft))
        try s.keys("R")
        assertScreen(render(s.state, theme: monochromeTheme), golden: "explorer-iris-map-gmm-no-color")
    }

    func testProbeCompareAndExplain() throws {
        var s = try explorer()
        try s.keys("r p Right Right Right Up")
        XCTAssertNotNil(s.state.probe)
        assertScreen(render(s.state, theme: colourTheme), golden: "explorer-iris-probe")
        try s.keys("v")
        assertScreen(render(s.state, theme: colourTheme), golden: "explorer-iris-compare")
        try s.keys("w")
        assertScreen(render(s.state, theme: colourTheme), golden: "explorer-iris-explain-softmax")
        try s.keys("P Esc")
        XCTAssertNil(s.state.probe)
        XCTAssertFalse(s.state.showExplain)
    }

    func testAmbiguityJumpGoesToSmallestMargins() throws {
        var s = try explorer()
        try s.keys("r A")
        let margins = s.state.margins()
        XCTAssertEqual(margins[s.state.selected], margins.min()!)
        try s.keys("A")
        let second = margins[s.state.selected]
        XCTAssertEqual(second, margins.sorted()[1])
    }
}

/// The choosing-k chart (K): drawn from a sweep, Enter switches the model to the chosen k.
final class ExplorerSweepTests: XCTestCase {
    func testSweepChartAndChoosingK() throws {
        var s = try explorer()
        try s.keys("K Right")
        let sweep = try XCTUnwrap(s.state.sweep)
        XCTAssertEqual(sweep.points.map(\.k), Array(2...12))
        XCTAssertEqual(sweep.points[s.state.sweepCursor].k, 4)
        assertScreen(render(s.state, theme: colourTheme), golden: "explorer-iris-sweep")
        try s.keys("Enter")
        XCTAssertFalse(s.state.showSweep)
        XCTAssertEqual(s.state.model.k, 4)
        // Enter switches to the fit the chart showed: converged, with the chart's inertia.
        XCTAssertTrue(s.state.model.converged)
        let chart = try XCTUnwrap(sweep.points.first { $0.k == 4 })
        XCTAssertEqual(s.state.model.inertia, chart.inertia, accuracy: 1e-9 * chart.inertia)
        // Reopening reuses the finished sweep and puts the cursor on the current k.
        try s.keys("K")
        XCTAssertEqual(s.state.sweep, sweep)
        XCTAssertEqual(sweep.points[s.state.sweepCursor].k, 4)
        try s.keys("Esc")
        XCTAssertFalse(s.state.showSweep)
    }
}
