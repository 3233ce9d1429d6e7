import ClusterViewUI
import XCTest

final class BrailleCanvasTests: XCTestCase {
    private let color = Palette(mode: DisplayMode(colorDepth: .xterm256, charset: .unicode))
    private let mono = Palette(mode: DisplayMode(colorDepth: .monochrome, charset: .unicode))
    private let asciiColor = Palette(mode: DisplayMode(colorDepth: .ansi16, charset: .ascii))
    private let asciiMono = Palette(mode: DisplayMode(colorDepth: .monochrome, charset: .ascii))

    private func unitCanvas(width: Int = 1, height: Int = 1) -> BrailleCanvas {
        BrailleCanvas(width: width, height: height, xRange: 0...1, yRange: 0...1)
    }

    private func rendered(_ canvas: BrailleCanvas, _ palette: Palette) -> Screen {
        var screen = markedScreen(width: canvas.width, height: canvas.height)
        canvas.render(into: &screen, at: screen.bounds, palette: palette)
        return screen
    }

    // Unicode numbers dots 1 2 3 7 down the left column and 4 5 6 8 down the right; dot n is bit n-1.
    func testEachDotSetsItsStandardBit() {
        let expected: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
        for column in 0..<2 {
            for row in 0..<4 {
                var canvas = unitCanvas()
                canvas.plotDot(column: column, row: row, group: 0)
                XCTAssertEqual(canvas.dots(column: 0, row: 0), expected[column][row], "dot \(column),\(row)")
                let character = rendered(canvas, color)[0, 0]!.character
                XCTAssertEqual(character.unicodeScalars.first!.value, 0x2800 + UInt32(expected[column][row]))
            }
        }
    }

    func testAllDotsMakeFullBrailleCell() {
        var canvas = unitCanvas()
        for column in 0..<2 { for row in 0..<4 { canvas.plotDot(column: column, row: row, group: 0) } }
        XCTAssertEqual(rendered(canvas, color)[0, 0]?.character, "⣿")
    }

    // y grows upwards: the range's lower corner is the bottom-left dot, the upper corner the top-right.
    func testRangesMapCornersToCornerDots() {
        let canvas = BrailleCanvas(width: 3, height: 2, xRange: -10...10, yRange: 100...200)
        XCTAssertTrue(canvas.dot(x: -10, y: 100)! == (0, 7))
        XCTAssertTrue(canvas.dot(x: 10, y: 200)! == (5, 0))
        XCTAssertTrue(canvas.dot(x: 0, y: 150)! == (3, 3))
        XCTAssertTrue(canvas.dot(x: -3.34, y: 174.9)! == (1, 2))
        XCTAssertEqual(canvas.cell(x: 10, y: 100), Point(x: 2, y: 1))
    }

    func testPointsOutsideRangesAreDropped() {
        var canvas = BrailleCanvas(width: 2, height: 2, xRange: 0...1, yRange: 0...1)
        XCTAssertFalse(canvas.plot(x: 1.0001, y: 0.5, group: 0))
        XCTAssertFalse(canvas.plot(x: 0.5, y: -0.1, group: 0))
        XCTAssertFalse(canvas.plot(x: .nan, y: 0.5, group: 0))
        XCTAssertFalse(canvas.plot(x: 0.5, y: .infinity, group: 0))
        XCTAssertEqual(rendered(canvas, color).plainText, "\n", "nothing drawn, but every cell written")
    }

    func testDegenerateRangePutsValueInTheMiddle() {
        let canvas = BrailleCanvas(width: 3, height: 1, xRange: 5...5, yRange: 0...1)
        XCTAssertEqual(canvas.dot(x: 5, y: 0)?.column, 3)
        XCTAssertNil(canvas.dot(x: 5.1, y: 0))
    }

    // A cell takes the colour of the group with the most points; a tie goes to the lower group.
    func testCellColourIsMajorityGroup() {
        var canvas = unitCanvas(width: 2)
        for _ in 0..<2 { canvas.plot(x: 0.1, y: 0.1, group: 1) }
        for _ in 0..<3 { canvas.plot(x: 0.2, y: 0.9, group: 4) }
        canvas.plot(x: 0.9, y: 0.5, group: 3)
        canvas.plot(x: 0.9, y: 0.1, group: 2)
        XCTAssertEqual(canvas.count(column: 0, row: 0, group: 4), 3)
        XCTAssertEqual(canvas.count(column: 0, row: 0, group: 1), 2)
        XCTAssertEqual(canvas.dominantGroup(column: 0, row: 0), 4)
        XCTAssertEqual(canvas.dominantGroup(column: 1, row: 0), 2, "tie between 2 and 3")
        let screen = rendered(canvas, color)
        XCTAssertEqual(screen[0, 0]?.style, color.style(forGroup: 4))
        XCTAssertEqual(screen[1, 0]?.style, color.style(forGroup: 2))
        XCTAssertNotEqual(color.style(forGroup: 4), color.style(forGroup: 1))
    }

    func testNeutralPointsUseNeutralStyleAndNeverOutvote() {
        var canvas = unitCanvas()
        for _ in 0..<5 { canvas.plot(x: 0.1, y: 0.1, group: -1) }
        XCTAssertNil(canvas.dominantGroup(column: 0, row: 0))
        canvas.plot(x: 0.9, y: 0.9, group: 6)
        XCTAssertEqual(canvas.dominantGroup(column: 0, row: 0), 6)
        XCTAssertEqual(canvas.groupsWithPoints, [6])
    }

    func testHorizontalLineFillsADotRow() {
        var canvas = BrailleCanvas(width: 3, height: 1, xRange: 0...6, yRange: 0...4)
        canvas.line(from: (x: 0, y: 4), to: (x: 6, y: 4), group: 0)
        XCTAssertEqual(rendered(canvas, color).plainText, "⠉⠉⠉")
    }

    func testDiagonalLineVisitsEveryDotOnTheDiagonal() {
        var canvas = BrailleCanvas(width: 2, height: 1, xRange: 0...4, yRange: 0...4)
        canvas.line(from: (x: 0, y: 0), to: (x: 4, y: 4), group: 0)
        // dots (0,3) (1,2) in the left cell, (2,1) (3,0) in the right one
        XCTAssertEqual(canvas.dots(column: 0, row: 0), 0x40 | 0x20)
        XCTAssertEqual(canvas.dots(column: 1, row: 0), 0x02 | 0x08)
    }

    // Endpoints far outside are clipped, and the visible part is still drawn.
    func testLineIsClippedToRanges() {
        var canvas = BrailleCanvas(width: 2, height: 1, xRange: 0...1, yRange: 0...1)
        canvas.line(from: (x: -1e12, y: 0.5), to: (x: 1e12, y: 0.5), group: 1)
        XCTAssertEqual(rendered(canvas, color).plainText, "⠒⠒")
        var missing = canvas
        missing.clear()
        missing.line(from: (x: 2, y: 2), to: (x: 3, y: 5), group: 1)
        XCTAssertEqual(rendered(missing, color).plainText, "")
    }

    // Line dots colour only cells without points, and the lowest line group wins.
    func testLinesDoNotOutvotePoints() {
        var canvas = unitCanvas(width: 2)
        canvas.plot(x: 0.1, y: 0.5, group: 3)
        canvas.line(from: (x: 0, y: 0), to: (x: 1, y: 0), group: 1)
        canvas.line(from: (x: 0, y: 1), to: (x: 1, y: 1), group: 0)
        canvas.line(from: (x: 0, y: 0.5), to: (x: 1, y: 0.5), group: -1)
        XCTAssertEqual(canvas.dominantGroup(column: 0, row: 0), 3)
        XCTAssertEqual(canvas.dominantGroup(column: 1, row: 0), 0)
    }

    func testMarksWinOverDots() {
        var canvas = unitCanvas(width: 2)
        canvas.plot(x: 0.1, y: 0.1, group: 0)
        canvas.plot(x: 0.9, y: 0.1, group: 0)
        let style = CellStyle(foreground: .indexed(9), bold: true)
        XCTAssertTrue(canvas.mark(x: 0.1, y: 0.9, character: "◉", style: style))
        XCTAssertFalse(canvas.mark(x: 1.5, y: 0.9, character: "◉", style: style))
        let screen = rendered(canvas, color)
        XCTAssertEqual(screen.plainText, "◉⢀")
        XCTAssertEqual(screen[0, 0]?.style, style)
    }

    func testMarksLoseColourWhenMonochromeAndUnicodeWhenASCII() {
        var canvas = unitCanvas(width: 2)
        canvas.mark(column: 0, row: 0, character: "◉", style: CellStyle(foreground: .indexed(9), bold: true))
        canvas.mark(column: 1, row: 0, character: "X", style: .plain)
        let screen = rendered(canvas, asciiMono)
        XCTAssertEqual(screen.plainText, "?X")
        XCTAssertEqual(screen[0, 0]?.style, CellStyle(bold: true))
    }

    func testRenderIsClippedToRectAndPlacedAtItsOrigin() {
        var canvas = BrailleCanvas(width: 4, height: 2, xRange: 0...8, yRange: 0...8)
        for i in 0..<8 { canvas.plotDot(column: i, row: i, group: 0) }
        var screen = markedScreen(width: 6, height: 3)
        canvas.render(into: &screen, at: Rect(x: 2, y: 1, width: 3, height: 5), palette: color)
        XCTAssertEqual(screen.plainText, "~~~~~~\n~~⠑⢄ ~\n~~  ⠑~")
    }

    // With colour, clusters are told apart by colour, so every cell keeps its Braille dots.
    func testColourModeKeepsBrailleForEveryGroup() {
        assertScreen(rendered(twoClusters(), color), golden: "canvas-two-clusters-colour")
    }

    // Without colour, two groups are told apart by glyph, while lines keep their Braille shape.
    func testMonochromeUsesGroupGlyphsWhenTwoGroupsArePlotted() {
        let screen = rendered(twoClusters(), mono)
        assertScreen(screen, golden: "canvas-two-clusters-mono")
        XCTAssertTrue(screen.plainText.contains("o") && screen.plainText.contains("x"))
    }

    func testMonochromeKeepsBrailleForASingleGroup() {
        var canvas = unitCanvas(width: 2)
        canvas.plot(x: 0.1, y: 0.1, group: 2)
        canvas.plot(x: 0.9, y: 0.9, group: 2)
        XCTAssertEqual(rendered(canvas, mono).plainText, "⡀⠈")
    }

    func testASCIIModeUsesDensityAndLineGlyphsOnly() {
        let screen = rendered(twoClusters(), asciiColor)
        assertScreen(screen, golden: "canvas-two-clusters-ascii")
        XCTAssertTrue(screen.cells.allSatisfy { $0.character.isASCII }, "no Unicode at all")
    }

    func testASCIIMonochromeUsesGroupGlyphs() {
        let screen = rendered(twoClusters(), asciiMono)
        assertScreen(screen, golden: "canvas-two-clusters-ascii-mono")
        XCTAssertTrue(screen.cells.allSatisfy { $0.character.isASCII })
    }

    func testDensityGlyphsFollowOccupiedDots() {
        var canvas = unitCanvas(width: 3)
        canvas.plotDot(column: 0, row: 0, group: 0)
        for row in 0..<4 { canvas.plotDot(column: 2, row: row, group: 0) }
        for column in 4..<6 { for row in 0..<4 { canvas.plotDot(column: column, row: row, group: 0) } }
        XCTAssertEqual(rendered(canvas, asciiColor).plainText, ".:#")
    }

    func testLineGlyphsFollowTheDotPattern() {
        var canvas = BrailleCanvas(width: 5, height: 1, xRange: 0...10, yRange: 0...4)
        canvas.lineDot(column: 0, row: 0, group: 0); canvas.lineDot(column: 0, row: 3, group: 0)  // |
        canvas.lineDot(column: 2, row: 1, group: 0); canvas.lineDot(column: 3, row: 2, group: 0)  // -
        canvas.lineDot(column: 4, row: 0, group: 0); canvas.lineDot(column: 5, row: 3, group: 0)  // \
        canvas.lineDot(column: 6, row: 3, group: 0); canvas.lineDot(column: 7, row: 0, group: 0)  // /
        canvas.lineDot(column: 9, row: 2, group: 0)                                               // .
        XCTAssertEqual(rendered(canvas, asciiColor).plainText, "|-\\/.")
    }

    /// Two 2-D blobs, each with its group's axis-aligned box drawn as lines.
    private func twoClusters() -> BrailleCanvas {
        var canvas = BrailleCanvas(width: 16, height: 5, xRange: 0...16, yRange: 0...10)
        var random = SplitMix(seed: 7)
        let centres: [(Double, Double)] = [(4, 5), (11, 4)]
        for (group, centre) in centres.enumerated() {
            for _ in 0..<60 {
                canvas.plot(x: centre.0 + random.symmetric() * 2.5, y: centre.1 + random.symmetric() * 3,
                            group: group)
            }
            let (x0, x1, y0, y1) = (centre.0 - 3.5, centre.0 + 3.5, centre.1 - 4.2, centre.1 + 4.2)
            canvas.line(from: (x: x0, y: y0), to: (x: x1, y: y0), group: group)
            canvas.line(from: (x: x1, y: y0), to: (x: x1, y: y1), group: group)
            canvas.line(from: (x: x1, y: y1), to: (x: x0, y: y1), group: group)
            canvas.line(from: (x: x0, y: y1), to: (x: x0, y: y0), group: group)
        }
        return canvas
    }
}

/// A tiny seeded generator so canvas goldens do not depend on the platform's random numbers.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in [-1, 1).
    mutating func symmetric() -> Double { Double(next() >> 11) / Double(1 << 53) * 2 - 1 }
}
