import ClusterKit
import XCTest
@testable import ClusterViewUI

/// Actions change the state as the keys promise; nothing here needs a terminal.
final class ExplorerActionTests: XCTestCase {
    // Back after forward returns the identical state (model and screen).
    func testBackAfterForwardIsIdentical() throws {
        var s = try explorer()
        try s.keys("n")
        // The screen without its last line: the key bar's transient message may differ.
        func panels() -> String { render(s.state, theme: colourTheme).plainText.split(separator: "\n").dropLast().joined(separator: "\n") }
        let before = s.state.model, screen = panels()
        try s.keys("n n b b")
        XCTAssertEqual(s.state.model, before)
        XCTAssertEqual(s.state.model.iteration, 1)
        XCTAssertEqual(panels(), screen)
        // Forward again replays the history instead of recomputing.
        try s.keys("n")
        XCTAssertEqual(s.state.model.iteration, 2)
        XCTAssertEqual(s.state.history.count, 4)
    }

    // Beta changes the softmax memberships only: no refit, the partition and other rules stay.
    func testBetaChangesMembershipsOnly() throws {
        var s = try explorer()
        try s.keys("n n")
        let model = s.state.model, point = s.state.selectedPoint
        let before = s.state.memberships(for: point)
        try s.keys("] ]")
        XCTAssertEqual(s.state.settings.beta, 2.25, accuracy: 1e-12)
        XCTAssertEqual(s.state.model, model)
        let after = s.state.memberships(for: point)
        XCTAssertNotEqual(before[0].values, after[0].values, "softmax moves with beta")
        let expected = MembershipFormulas.softmax(distances: s.state.context.distances(of: point), beta: 2.25)
        XCTAssertEqual(after[0].values!, expected)
        for i in 1..<before.count { XCTAssertEqual(before[i].values, after[i].values, "\(before[i].rule) unchanged") }
        try s.keys("0")
        XCTAssertEqual(s.state.settings.beta, 1)
    }

    func testKAndMethodRefitWithStableColours() throws {
        var s = try explorer()
        try s.keys("r")
        let oldCentroids = s.state.model.centroids
        try s.keys("+")
        XCTAssertEqual(s.state.model.k, 4)
        XCTAssertEqual(s.state.model.iteration, 0)
        XCTAssertEqual(Set(s.state.colorSlots).count, 4)
        // Each old cluster's colour stays with the new cluster nearest to it.
        for j in 0..<3 {
            let nearest = (0..<4).min { a, b in
                squaredDistance(s.state.model.centroids.row(a), oldCentroids.row(j))
                    < squaredDistance(s.state.model.centroids.row(b), oldCentroids.row(j))
            }!
            XCTAssertEqual(s.state.colorSlots[nearest], j)
        }
        try s.keys("m")
        XCTAssertEqual(s.state.settings.method, .soft)
        try s.keys("m c")
        XCTAssertEqual(s.state.settings.method, .gmm)
        XCTAssertEqual(s.state.settings.covarianceType, .tied)
        XCTAssertNotNil(s.state.model.gaussianMixture)
    }

    func testSelectionKeys() throws {
        var s = try explorer()
        try s.keys("Tab Tab BackTab")
        XCTAssertEqual(s.state.selected, 1)
        try s.keys("g 1 2 0 Enter")
        XCTAssertEqual(s.state.dataset.rowIndices[s.state.selected], 120)
        // Moving right goes to a point further right on screen.
        let x0 = s.state.projection.point(s.state.selected).x
        try s.keys("l")
        XCTAssertGreaterThan(s.state.projection.point(s.state.selected).x, x0)
        // A click on a point's cell selects a point drawn in that cell.
        let target = 42
        let p = s.state.screenPosition(s.state.projection.point(target))
        let c = s.state.layout.canvas
        try s.keys("Click:\(c.x + Int(p.x)),\(c.y + Int(p.y))")
        let chosen = s.state.screenPosition(s.state.projection.point(s.state.selected))
        XCTAssertEqual(Int(chosen.x), Int(p.x))
        XCTAssertEqual(Int(chosen.y), Int(p.y))
    }

    func testZoomAndAxes() throws {
        var s = try explorer()
        try s.keys("> >")
        let r = s.state.visibleRange, full = s.state.projection.bounds
        XCTAssertEqual(r.x.upperBound - r.x.lowerBound, (full.x.upperBound - full.x.lowerBound) / 4, accuracy: 1e-9)
        try s.keys("_")
        XCTAssertNil(s.state.zoom)
        // x from PCA changes x only (issue 10); y then skips the column on x.
        try s.keys("x")
        XCTAssertEqual(s.state.projection.x, .column(0))
        XCTAssertEqual(s.state.projection.y, .principal(1))
        try s.keys("y y y")
        XCTAssertEqual(s.state.projection.y, .column(3))
        try s.keys("y")
        XCTAssertEqual(s.state.projection.y, .principal(1))
        XCTAssertEqual(s.state.projection.x, .column(0))
    }

    func testStandardiseToggleRefitsInZSpace() throws {
        var s = try explorer()
        try s.keys("z")
        XCTAssertTrue(s.state.data.standardized)
        XCTAssertEqual(s.state.data.matrix, PreparedData(s.state.dataset, standardize: true).matrix)
        XCTAssert(render(s.state, theme: colourTheme).plainText.contains("150×4 z"))
    }

    func testEscapeClosesOverlayAndQuitEnds() throws {
        var s = try explorer()
        try s.keys("?")
        XCTAssertTrue(s.state.showHelp)
        try s.keys("Esc")
        XCTAssertFalse(s.state.showHelp)
        try s.keys("q")
        XCTAssertTrue(s.quit)
    }

    func testExportsAskForTheDocumentedNames() throws {
        var state = try explorer().state
        let effects = state.update(.exportScreen) + state.update(.exportMemberships)
        guard case .exportScreen(let name) = effects[0], case .exportMemberships(let csv, _, _, _, _) = effects[1] else {
            return XCTFail("\(effects)")
        }
        XCTAssertEqual(name, "clusterview-iris-iter0-3k.txt")
        XCTAssertEqual(csv, "clusterview-iris-iter0-3k.csv")
    }
}
