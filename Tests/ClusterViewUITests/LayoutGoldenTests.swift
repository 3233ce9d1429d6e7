import ClusterKit
import XCTest
@testable import ClusterViewUI

/// The explorer at the sizes people have (issue 10): every overlay sizes itself to its content and
/// says when something does not fit; the status line and key bar shorten by priority.
final class LayoutGoldenTests: XCTestCase {
    static let sizes = [(80, 24), (100, 30), (120, 40), (200, 60)]

    func testEveryOverlayAt80x24() throws {
        for (keys, name) in [("v", "compare"), ("w", "explain"), ("K", "sweep"), ("?", "help")] {
            var s = try explorer("wine.csv", standardize: true, width: 80, height: 24)
            try s.keys("r " + keys)
            assertScreen(render(s.state, theme: colourTheme), golden: "layout-wine-\(name)-80x24")
        }
    }

    func testFourSizes() throws {
        for (width, height) in Self.sizes {
            var s = try explorer("wine.csv", settings: ModelSettings(method: .gmm), standardize: true, width: width, height: height)
            try s.keys("r Tab")
            assertScreen(render(s.state, theme: colourTheme), golden: "layout-wine-gmm-\(width)x\(height)")
        }
    }

    func testLegendAtTenAndTwentySixClusters() throws {
        for k in [10, 26] {
            var s = try explorer("penguins.csv", settings: ModelSettings(k: k), standardize: true, width: 80, height: 24)
            try s.keys("n")
            let screen = render(s.state, theme: colourTheme)
            assertScreen(screen, golden: "layout-penguins-k\(k)-80x24")
            let legend = screen.plainText.components(separatedBy: "\n")[1]
            // Either every cluster is named or the legend says how many are not.
            let named = (0..<k).filter { legend.contains("■\($0) ") }.count
            if named < k { XCTAssertTrue(legend.contains("+\(k - named) more"), legend) }
        }
        var wide = try explorer("penguins.csv", settings: ModelSettings(k: 26), standardize: true, width: 200, height: 60)
        try wide.keys("n")
        let legend = render(wide.state, theme: colourTheme).plainText.components(separatedBy: "\n")[1]
        XCTAssertTrue((0..<26).allSatisfy { legend.contains("■\($0) ") }, legend)
    }

    // At every size, with every overlay: `? help` and `q quit` stay in the key bar, the status
    // keeps `k=`, `beta=` and `iter`, and the overlays show every cluster of k = 3 and their
    // closing key.
    func testNothingEssentialIsCutAtAnySize() throws {
        for (width, height) in Self.sizes {
            for (keys, expected) in [("", [String]()), ("v", ["c0", "c1", "c2", "largest disagreement", "(v closes)"]),
                                     ("w", ["j=2", "result:", "R changes the rule)"]), ("K", ["Enter switches", "now k=3"]),
                                     ("?", ["Shift-drag", "q C-c"])] {
                var s = try explorer("wine.csv", standardize: true, width: width, height: height)
                try s.keys("r " + keys)
                let lines = render(s.state, theme: colourTheme).plainText.components(separatedBy: "\n")
                let label = "\(width)x\(height) \(keys)"
                XCTAssertTrue(lines[height - 1].contains("? help  q quit"), label + ": " + lines[height - 1])
                for word in ["k=3", "beta=1", "iter 4"] { XCTAssertTrue(lines[0].contains(word), label + ": " + lines[0]) }
                let text = lines.joined(separator: "\n")
                for word in expected { XCTAssertTrue(text.contains(word), "\(label): missing \(word)\n\(text)") }
            }
        }
    }

    func testAMessageGivesWayToHelpAndQuitOnlyByEndingInAnEllipsis() throws {
        var state = try explorer(width: 80, height: 24).state
        state.note(String(repeating: "a long message ", count: 10))
        let bar = render(state, theme: colourTheme).plainText.components(separatedBy: "\n")[23]
        XCTAssertTrue(bar.hasPrefix("? help  q quit"), bar)
        XCTAssertTrue(bar.hasSuffix("…"), bar)
    }

    func testWrapKeepsSpacingAndIndents() {
        XCTAssertEqual(Overlay.wrap("  result: 0.1  0.2  0.3", width: 16), ["  result: 0.1", "    0.2  0.3"])
        XCTAssertEqual(Overlay.wrap("short", width: 16), ["short"])
        XCTAssertEqual(Overlay.abbreviate("abcdef", to: 4), "abc…")
    }
}

/// An overlay taller than the terminal scrolls with PageUp/PageDown and counts what is out of sight.
final class OverlayScrollTests: XCTestCase {
    func testExplainAtTwentySixClustersScrolls() throws {
        var s = try explorer("penguins.csv", settings: ModelSettings(k: 26), standardize: true, width: 80, height: 24)
        try s.keys("w")
        var text = render(s.state, theme: colourTheme).plainText
        XCTAssertTrue(text.contains("↓ 13 more lines (PageDown)"), text)
        XCTAssertFalse(text.contains("result:"))
        try s.keys("PageDown PageDown PageDown")
        text = render(s.state, theme: colourTheme).plainText
        XCTAssertTrue(text.contains("↑ 13 more lines (PageUp)"), text)
        XCTAssertTrue(text.contains("result:"), text)
        XCTAssertTrue(text.contains("end (PageUp scrolls back)"), text)
        try s.keys("PageUp PageUp")
        text = render(s.state, theme: colourTheme).plainText
        XCTAssertTrue(text.contains("↓ 13 more lines (PageDown)"), text)
        // Reopening starts at the top.
        try s.keys("w PageDown w")
        XCTAssertEqual(s.state.overlayScroll, 0)
    }
}
