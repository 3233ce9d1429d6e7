import ClusterViewUI
import XCTest

final class GoldenScreenTests: XCTestCase {
    // The mismatch report quotes and numbers both texts and marks the first differing line.
    func testMismatchMessageMarksFirstDifference() {
        let message = goldenMismatch(expected: "abc\nsame\nold", actual: "abc\nsame\nnew\nmore", name: "demo")
        XCTAssertEqual(message, """
            screen differs from golden 'demo' at line 3 (rerun with UPDATE_GOLDEN=1 to accept)
            expected:
               1 "abc"
               2 "same"
            >  3 "old"
            actual:
               1 "abc"
               2 "same"
            >  3 "new"
               4 "more"
            """)
    }

    func testMismatchOfExtraLineMarksIt() {
        let message = goldenMismatch(expected: "a", actual: "a\n", name: "x")
        XCTAssertTrue(message.contains("at line 2"), message)
        XCTAssertTrue(message.hasSuffix(">  2 \"\""), message)
    }

    // A screen laid out with Rect splits, drawn with put and fill; every cell is drawn.
    func testLayoutGolden() {
        var screen = markedScreen(width: 24, height: 6)
        let (body, status) = screen.bounds.split(bottom: 1)
        let (plot, panel) = body.split(right: 9)
        screen.fill(plot, with: Cell("."))
        screen.fill(panel, with: .blank)
        screen.fill(status, with: Cell(" ", style: CellStyle(reverse: true)))
        screen.put("│", x: panel.x, y: panel.y)
        for row in panel.y + 1..<panel.maxY { screen[panel.x, row] = Cell("│") }
        screen.put("k = 3", x: panel.x + 2, y: panel.y, maxWidth: panel.width - 2)
        screen.put("inertia 12.5", x: panel.x + 2, y: panel.y + 1, maxWidth: panel.width - 2)
        screen.put(" q quit  n step  Tab panel", x: 0, y: status.y, style: CellStyle(reverse: true))
        assertScreen(screen, golden: "layout")
    }
}
