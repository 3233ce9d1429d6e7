import ClusterViewUI
import Foundation
import XCTest

final class PaletteTests: XCTestCase {
    // Any two 256-colour cluster colours differ by at least ΔE 40 (CIE76), far above "just noticeable".
    func testXterm256ClusterColoursAreWellSeparated() {
        let colours = Palette.xterm256Colors.map { lab(ofXterm: $0) }
        var smallest = Double.infinity
        for i in colours.indices {
            for j in colours.indices where j > i {
                let d = zip(colours[i], colours[j]).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
                smallest = min(smallest, d)
            }
        }
        XCTAssertGreaterThanOrEqual(smallest, 40)
        XCTAssertTrue(Palette.xterm256Colors.allSatisfy { (16...231).contains($0) }, "cube colours only")
    }

    // Each colour depth gives twelve different styles, and the thirteenth group repeats the first.
    func testTwelveDistinctStylesPerColourDepth() {
        for depth in [ColorDepth.ansi8, .ansi16, .xterm256] {
            let palette = Palette(mode: DisplayMode(colorDepth: depth, charset: .unicode))
            let styles = (0..<12).map(palette.style(forGroup:))
            XCTAssertEqual(Set(styles).count, 12, "\(depth)")
            XCTAssertEqual(palette.style(forGroup: 12), styles[0])
            XCTAssertEqual(palette.style(forGroup: -1), .plain)
        }
    }

    func testANSIPalettesStayWithinTheirColourCounts() {
        for (depth, limit) in [(ColorDepth.ansi8, 8), (.ansi16, 16)] {
            let palette = Palette(mode: DisplayMode(colorDepth: depth, charset: .unicode))
            for group in 0..<12 {
                guard case .indexed(let index) = palette.style(forGroup: group).foreground else {
                    return XCTFail("group \(group) has no colour")
                }
                XCTAssertLessThan(Int(index), limit)
                XCTAssertTrue(index != 0 && index != 7 && index != 8 && index != 15, "no black, white or grey")
            }
        }
    }

    func testMonochromeHasNoColourButDistinctGlyphs() {
        let palette = Palette(mode: DisplayMode(colorDepth: .monochrome, charset: .unicode))
        XCTAssertFalse(palette.usesColor)
        XCTAssertTrue((0..<12).allSatisfy { palette.style(forGroup: $0) == .plain })
        let glyphs = (0..<12).map(palette.glyph(forGroup:))
        XCTAssertEqual(Set(glyphs).count, 12)
        XCTAssertTrue(glyphs.allSatisfy { $0.isASCII && $0 != "." && $0 != ":" && $0 != "#" })
    }

    func testThemeStylesAreDistinguishableWithoutColour() {
        let theme = Theme(mode: DisplayMode(colorDepth: .monochrome, charset: .ascii))
        for style in [theme.statusLine, theme.keyBarKey, theme.selection, theme.dimText, theme.error] {
            XCTAssertNotEqual(style, .plain)
            XCTAssertEqual(style, style.withoutColors)
        }
        XCTAssertTrue([theme.verticalRule, theme.horizontalRule, theme.palette.centroidGlyph,
                       theme.palette.crosshairGlyph].allSatisfy(\.isASCII))
    }

    private let env: [String: String] = ["TERM": "xterm-256color"]
    private let rich = TerminalCapabilities(colorCount: 256, unicode: true)

    func testChooseAutoFollowsTheTerminal() {
        func depth(_ colours: Int) -> ColorDepth {
            DisplayMode.choose(colorChoice: .auto, asciiOnly: false,
                               capabilities: TerminalCapabilities(colorCount: colours, unicode: true),
                               environment: env).colorDepth
        }
        XCTAssertEqual(depth(0), .monochrome)
        XCTAssertEqual(depth(2), .monochrome)
        XCTAssertEqual(depth(8), .ansi8)
        XCTAssertEqual(depth(16), .ansi16)
        XCTAssertEqual(depth(88), .ansi16)
        XCTAssertEqual(depth(256), .xterm256)
        XCTAssertEqual(depth(16_777_216), .xterm256)
    }

    func testNoColorAndDumbTerminalTurnAutoOff() {
        let choose = { (environment: [String: String]) in
            DisplayMode.choose(colorChoice: .auto, asciiOnly: false, capabilities: self.rich,
                               environment: environment).colorDepth
        }
        XCTAssertEqual(choose(["NO_COLOR": "1"]), .monochrome)
        XCTAssertEqual(choose(["NO_COLOR": ""]), .xterm256, "an empty NO_COLOR does not count")
        XCTAssertEqual(choose(["TERM": "dumb"]), .monochrome)
    }

    func testExplicitChoicesBeatEnvironmentAndTerminal() {
        let noColor = ["NO_COLOR": "1"]
        XCTAssertEqual(DisplayMode.choose(colorChoice: .always, asciiOnly: false, capabilities: rich,
                                          environment: noColor).colorDepth, .xterm256)
        XCTAssertEqual(DisplayMode.choose(colorChoice: .always, asciiOnly: false,
                                          capabilities: TerminalCapabilities(colorCount: 0, unicode: true),
                                          environment: env).colorDepth, .ansi8)
        XCTAssertEqual(DisplayMode.choose(colorChoice: .never, asciiOnly: false, capabilities: rich,
                                          environment: env).colorDepth, .monochrome)
    }

    func testCharsetIsASCIIWhenAskedOrWithoutUTF8() {
        XCTAssertEqual(DisplayMode.choose(colorChoice: .auto, asciiOnly: false, capabilities: rich,
                                          environment: env).charset, .unicode)
        XCTAssertEqual(DisplayMode.choose(colorChoice: .auto, asciiOnly: true, capabilities: rich,
                                          environment: env).charset, .ascii)
        XCTAssertEqual(DisplayMode.choose(colorChoice: .auto, asciiOnly: false,
                                          capabilities: TerminalCapabilities(colorCount: 256, unicode: false),
                                          environment: env).charset, .ascii)
    }

    /// CIELAB (D65) of an xterm cube colour.
    private func lab(ofXterm index: UInt8) -> [Double] {
        let levels: [Double] = [0, 95, 135, 175, 215, 255]
        let i = Int(index) - 16
        let rgb = [levels[i / 36], levels[(i / 6) % 6], levels[i % 6]].map { (c: Double) -> Double in
            let u = c / 255
            return u <= 0.04045 ? u / 12.92 : pow((u + 0.055) / 1.055, 2.4)
        }
        let x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047
        let y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
        let z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883
        let f = { (t: Double) in t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116 }
        return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))]
    }
}
