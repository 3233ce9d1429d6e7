import ClusterKit
import Foundation
import XCTest
@testable import ClusterViewUI

/// `--image WxH` (issue 16): the selected row and the centroids drawn as pictures in the side panel.
final class ImagePanelTests: XCTestCase {
    /// digits.csv, k = 10, as `clusterview render datasets/digits.csv --image 8x8 -k 10` builds it.
    private func digits(width: Int = 120, height: Int = 40, pictures: Bool = true) throws -> HeadlessSession {
        let bytes = try [UInt8](Data(contentsOf: explorerRepositoryRoot.appendingPathComponent("datasets/digits.csv")))
        let dataset = try Dataset.load(csv: bytes, source: "digits.csv")
        var state = try AppState(dataset: dataset, fileName: "digits.csv", standardize: false, settings: ModelSettings(k: 10),
                                 bootstrapRuns: 4, width: width, height: height)
        if pictures { try state.drawAsPictures(ImageShape(width: 8, height: 8)) }
        return HeadlessSession(state: state)
    }

    func testDigitsGoldensAtBothSizesInColourAndText() throws {
        for (width, height) in [(80, 24), (120, 40)] {
            var s = try digits(width: width, height: height)
            try s.keys("n n n")
            let size = "\(width)x\(height)"
            // Colour: half blocks (their greys are checked cell by cell below; the text shows the layout).
            assertScreen(render(s.state, theme: colourTheme), golden: "explorer-digits-image-iter3-\(size)")
            // --ascii and NO_COLOR: the shade ramp, one character per pixel.
            let ascii = render(s.state, theme: asciiTheme)
            XCTAssert(ascii.plainText.unicodeScalars.allSatisfy(\.isASCII))
            assertScreen(ascii, golden: "explorer-digits-image-ascii-iter3-\(size)")
        }
        var s = try digits(width: 80, height: 24)
        try s.keys("n n n")
        assertScreen(render(s.state, theme: monochromeTheme), golden: "explorer-digits-image-no-color-iter3-80x24")
    }

    // Every half-block cell of the row's picture carries the greys of its two pixels: the pixel's
    // value on the data's range 0…16, in 26 steps from black (16) through 232…255 to white (231).
    func testHalfBlocksCarryThePixelGreys() throws {
        let s = try digits()
        let state = s.state
        let screen = render(state, theme: colourTheme)
        let area = state.layout.side.inset(left: 2)
        let pixels = Array(state.dataset.row(state.selected))
        XCTAssertEqual(state.pictures?.range, 0...16)
        func grey(_ v: Double) -> TerminalColor { .indexed(ImagePanel.greys[Int((v / 16 * 25).rounded())]) }
        for cellRow in 0..<4 {
            for x in 0..<8 {
                let cell = try XCTUnwrap(screen[area.x + x, area.y + 1 + cellRow])
                XCTAssertEqual(cell.character, "▀")
                XCTAssertEqual(cell.style.foreground, grey(pixels[2 * cellRow * 8 + x]), "pixel row \(2 * cellRow), column \(x)")
                XCTAssertEqual(cell.style.background, grey(pixels[(2 * cellRow + 1) * 8 + x]), "pixel row \(2 * cellRow + 1), column \(x)")
            }
        }
    }

    // The pictures after the labels `c0`… are the current centroids: reading the shade ramp back
    // gives each centroid's pixels to within half a step of the ramp (16 / 9 / 2 on digits).
    func testShadedPicturesAreTheCentroids() throws {
        var s = try digits()
        try s.keys("n n n n n")
        let state = s.state
        let screen = render(state, theme: asciiTheme)
        let area = state.layout.side.inset(left: 2)
        let perStrip = (area.width + 1) / 9
        let step = 16.0 / Double(ImagePanel.shades.count - 1)
        var drawn: [Int] = []
        for slot in 1...state.model.k {
            let x0 = area.x + (slot % perStrip) * 9, y0 = area.y + 1 + (slot / perStrip) * 9
            // The label names the centroid drawn above it (the row's own comes first, starred).
            let label = String(screen.row(y0 + 8)[x0..<(x0 + 4)].map(\.character)).filter(\.isNumber)
            let j = try XCTUnwrap(Int(label), "slot \(slot)")
            drawn.append(j)
            let centroid = state.model.centroids.row(j)
            for py in 0..<8 {
                for px in 0..<8 {
                    let shade = try XCTUnwrap(ImagePanel.shades.firstIndex(of: try XCTUnwrap(screen[x0 + px, y0 + py]).character))
                    XCTAssertEqual(Double(shade) * step, centroid[py * 8 + px], accuracy: step / 2 + 1e-9, "c\(j) pixel (\(py), \(px))")
                }
            }
        }
        XCTAssertEqual(drawn.sorted(), Array(0..<10))
        XCTAssertEqual(drawn.first, Int(state.model.labels[state.selected]))
    }

    // At 80×24 not every centroid fits: the last slot says how many are left out, and the counts
    // add up to k; the row's own centroid (starred) comes right after the row. At 120×40 all ten
    // are drawn.
    func testWhatDoesNotFitIsCounted() throws {
        var s = try digits(width: 80, height: 24)
        try s.keys("n")
        for (theme, pictureRows) in [(colourTheme, 4), (asciiTheme, 8)] {
            let state = s.state
            let screen = render(state, theme: theme), area = state.layout.side.inset(left: 2)
            // The label lines of the strips: under each strip of pictures.
            let labels = stride(from: area.y + 1 + pictureRows, to: area.maxY, by: pictureRows + 1).map {
                String(screen.row($0)[area.x..<area.maxX].map(\.character))
            }.prefix { $0.hasPrefix("row") || $0.hasPrefix("c") }
            let shown = labels.joined(separator: " ").split(separator: " ").filter { $0.hasPrefix("c") }
            let own = state.model.labels[state.selected]
            XCTAssertEqual(labels.first?.split(separator: " ").dropFirst().first.map(String.init), "c\(own)*", "\(labels)")
            let more = try XCTUnwrap(screen.plainText.firstMatch(of: #/(?:…|\.) (\d+) more\b/#)).1
            XCTAssertEqual(shown.count + Int(more)!, 10, "\(labels)")
            XCTAssertGreaterThan(shown.count, 1)
        }
        let large = render(try digits().state, theme: colourTheme).plainText
        XCTAssertFalse(large.contains(#/… \d+ more\b/#), large)
        for j in 0..<10 { XCTAssertTrue(large.contains("c\(j)"), "c\(j)") }
    }

    // `e` exports and `render` without --ansi keep characters only: pictures come out as shades.
    func testPlainTextOutputUsesTheShadeRamp() throws {
        let state = try digits().state
        let plain = render(state, theme: colourTheme.forPlainText)
        XCTAssertFalse(plain.plainText.contains("▀"))
        XCTAssertTrue(render(state, theme: colourTheme).plainText.contains("▀▀▀▀▀▀▀▀"))
        // The row's picture reads the same in plain-text colour output as without colour.
        let mono = render(state, theme: monochromeTheme), area = state.layout.side.inset(left: 2)
        for y in area.y + 1..<area.y + 9 {
            XCTAssertEqual(plain.row(y)[area.x..<area.x + 8].map(\.character), mono.row(y)[area.x..<area.x + 8].map(\.character))
        }
    }

    func testTheHeaderHint() throws {
        let text = render(try digits(pictures: false).state, theme: colourTheme).plainText
        XCTAssertTrue(text.contains("looks like 8×8 images: --image 8x8"), text)
        XCTAssertFalse(render(try digits().state, theme: colourTheme).plainText.contains("looks like"))
        XCTAssertFalse(render(try explorer().state, theme: colourTheme).plainText.contains("looks like"))
    }

    func testWhichHeadersSuggestImages() {
        func names(_ d: Int, _ f: (Int) -> String) -> [String] { (0..<d).map(f) }
        XCTAssertEqual(ImageShape.suggested(by: names(64) { "pixel_\($0 / 8)_\($0 % 8)" }), ImageShape(width: 8, height: 8))
        XCTAssertEqual(ImageShape.suggested(by: names(784) { "pixel\($0)" }), ImageShape(width: 28, height: 28))
        XCTAssertEqual(ImageShape.suggested(by: names(256) { "px\($0)" }), ImageShape(width: 16, height: 16))
        XCTAssertEqual(ImageShape.suggested(by: names(16) { "p\($0)" }), ImageShape(width: 4, height: 4))
        XCTAssertEqual(ImageShape.suggested(by: names(100) { "\($0)" }), ImageShape(width: 10, height: 10))
        XCTAssertNil(ImageShape.suggested(by: names(9) { "pixel\($0)" }), "too small to be a picture")
        XCTAssertNil(ImageShape.suggested(by: names(65) { "pixel\($0)" }), "not a square")
        XCTAssertNil(ImageShape.suggested(by: names(64) { "dim\($0)" }), "embedding columns are not pixels")
        XCTAssertNil(ImageShape.suggested(by: names(16) { "price\($0)" }), "p then letters is not a pixel")
    }

    func testParsingAndAShapeThatDoesNotMatch() throws {
        XCTAssertEqual(ImageShape(parsing: "8x8"), ImageShape(width: 8, height: 8))
        XCTAssertEqual(ImageShape(parsing: "28X28"), ImageShape(width: 28, height: 28))
        XCTAssertEqual(ImageShape(parsing: "4×16"), ImageShape(width: 4, height: 16))
        for bad in ["8", "8x", "x8", "0x8", "8x-1", "8x8x8", "axb", ""] { XCTAssertNil(ImageShape(parsing: bad), bad) }
        var state = try digits(pictures: false).state
        XCTAssertThrowsError(try state.drawAsPictures(ImageShape(width: 28, height: 28))) {
            XCTAssertEqual("\($0)", "--image 28x28 is 784 pixels, but digits.csv has 64 feature columns (try --image 8x8)")
        }
    }

    // Pictures larger than 16 × 8 cells are box-averaged by a whole factor: 28 × 28 halves to 14 × 7
    // half-block cells, and each shade is the mean of its 2 × 2 block.
    func testLargePicturesAreReduced() {
        let shape = ImageShape(width: 28, height: 28)
        XCTAssertEqual(ImagePanel.reduction(shape, pixelRowsPerCell: 2), 2)
        XCTAssertEqual(ImagePanel.reduction(shape, pixelRowsPerCell: 1), 4)
        let values = (0..<784).map { Double(($0 / 28) % 2 == 0 ? 255 : 0) }  // stripes: one row lit, one dark
        let cells = ImagePanel.picture(values, shape: shape, range: 0...255, halfBlocks: true)
        XCTAssertEqual(cells.count, 7)
        XCTAssertTrue(cells.allSatisfy { $0.count == 14 })
        // Each 2 × 2 block holds one lit and one dark row: half grey (level 12.5 of 25 rounds to 13).
        XCTAssertTrue(cells.joined().allSatisfy { $0.style.foreground == .indexed(ImagePanel.greys[13]) })
    }
}
