import ClusterViewUI
import XCTest

final class ScreenTests: XCTestCase {
    func testNewScreenHasSizeAndFill() {
        let screen = Screen(width: 3, height: 2, fill: Cell("x"))
        XCTAssertEqual(screen.cells.count, 6)
        XCTAssertEqual(screen.plainText, "xxx\nxxx")
    }

    func testNegativeSizesGiveEmptyScreen() {
        let screen = Screen(width: -3, height: 2)
        XCTAssertEqual(screen.width, 0)
        XCTAssertEqual(screen.cells.count, 0)
        XCTAssertEqual(screen.plainText, "\n", "two rows of nothing")
    }

    // Reading outside the grid gives nil; writing there changes nothing.
    func testSubscriptIsBoundsSafe() {
        var screen = Screen(width: 2, height: 2)
        XCTAssertNil(screen[2, 0])
        XCTAssertNil(screen[0, -1])
        screen[2, 0] = Cell("a")
        screen[-1, 1] = Cell("b")
        screen[1, 1] = Cell("c")
        XCTAssertEqual(screen.plainText, "\n c")
        XCTAssertEqual(screen[1, 1]?.character, "c")
    }

    func testSubscriptReplacesWideCharacters() {
        var screen = Screen(width: 2, height: 1)
        screen[0, 0] = Cell("漢")
        XCTAssertEqual(screen[0, 0]?.character, "?")
    }

    func testPutReturnsWidthWritten() {
        var screen = Screen(width: 10, height: 1)
        XCTAssertEqual(screen.put("hello", x: 2, y: 0), 5)
        XCTAssertEqual(screen.plainText, "  hello")
    }

    func testPutClipsAtRightEdge() {
        var screen = Screen(width: 6, height: 1)
        XCTAssertEqual(screen.put("abcdef", x: 3, y: 0), 3)
        XCTAssertEqual(screen.plainText, "   abc")
    }

    func testPutClipsAtMaxWidth() {
        var screen = markedScreen(width: 8, height: 1)
        XCTAssertEqual(screen.put("abcdef", x: 1, y: 0, maxWidth: 3), 3)
        XCTAssertEqual(screen.plainText, "~abc~~~~")
        XCTAssertEqual(screen.put("xyz", x: 1, y: 0, maxWidth: 0), 0)
        XCTAssertEqual(screen.put("xyz", x: 1, y: 0, maxWidth: -2), 0)
        XCTAssertEqual(screen.plainText, "~abc~~~~")
    }

    // Characters left of column 0 are skipped, but they still use up the margin.
    func testPutClipsOnTheLeft() {
        var screen = markedScreen(width: 5, height: 1)
        XCTAssertEqual(screen.put("abcdef", x: -2, y: 0, maxWidth: 4), 2)
        XCTAssertEqual(screen.plainText, "cd~~~")
    }

    func testPutOutsideRowsWritesNothing() {
        var screen = Screen(width: 5, height: 2)
        XCTAssertEqual(screen.put("abc", x: 0, y: 2), 0)
        XCTAssertEqual(screen.put("abc", x: 0, y: -1), 0)
        XCTAssertEqual(screen.plainText, "\n")
    }

    func testPutAppliesStyle() {
        var screen = Screen(width: 3, height: 1)
        let bold = CellStyle(bold: true)
        screen.put("ab", x: 0, y: 0, style: bold)
        XCTAssertEqual(screen[0, 0]?.style, bold)
        XCTAssertEqual(screen[1, 0]?.style, bold)
        XCTAssertEqual(screen[2, 0]?.style, .plain)
    }

    // Every character takes one column; the ones that would not are replaced, never dropped.
    func testPutReplacesUnsafeCharactersOneForOne() {
        var screen = Screen(width: 12, height: 1)
        let written = screen.put("a漢😀\u{301}\tb🇫🇷e\u{301}⣿│", x: 0, y: 0)
        // a, 漢, 😀+U+301 (one cluster), tab, b, flag, e+U+301, ⣿, │
        XCTAssertEqual(written, 9)
        XCTAssertEqual(screen.plainText, "a???b?é⣿│")
    }

    func testFillClipsToScreen() {
        var screen = markedScreen(width: 4, height: 3)
        screen.fill(Rect(x: 2, y: 1, width: 5, height: 5), with: Cell("#"))
        screen.fill(Rect(x: -3, y: -3, width: 4, height: 4), with: Cell("@"))
        XCTAssertEqual(screen.plainText, "@~~~\n~~##\n~~##")
    }

    func testBlitClipsOnEverySide() {
        var target = markedScreen(width: 4, height: 3)
        var source = Screen(width: 3, height: 2, fill: Cell("a"))
        source.put("bc", x: 1, y: 1)
        target.blit(source, at: Point(x: -1, y: 2))
        target.blit(source, at: Point(x: 2, y: -1))
        XCTAssertEqual(target.plainText, "~~ab\n~~~~\naa~~")
    }

    // Trailing spaces go, inner spaces and blank rows stay, and there is no final newline.
    func testPlainTextTrimsTrailingSpacesOnly() {
        var screen = Screen(width: 6, height: 4)
        screen.put("a  b", x: 1, y: 0)
        screen.put("c", x: 5, y: 2)
        XCTAssertEqual(screen.plainText, " a  b\n\n     c\n")
    }

    func testPlainTextKeepsStyledTrailingSpacesOut() {
        var screen = Screen(width: 4, height: 1)
        screen.put("a   ", x: 0, y: 0, style: CellStyle(reverse: true))
        XCTAssertEqual(screen.plainText, "a")
    }

    func testANSITextIsExact() {
        var screen = Screen(width: 8, height: 3)
        screen.put("ab", x: 0, y: 0, style: CellStyle(foreground: .indexed(1), bold: true))
        screen.put("c", x: 2, y: 0)
        screen.put("d", x: 0, y: 1, style: CellStyle(foreground: .indexed(9), background: .indexed(200)))
        screen.put("e", x: 1, y: 1, style: CellStyle(background: .indexed(4), dim: true, reverse: true, underline: true))
        screen.put("  ", x: 2, y: 1, style: CellStyle(reverse: true))
        let esc = "\u{1B}"
        XCTAssertEqual(screen.ansiText, [
            "\(esc)[0;1;31mab\(esc)[0mc",
            "\(esc)[0;91;48;5;200md\(esc)[0;2;4;7;44me\(esc)[0;7m  \(esc)[0m",
            "",
        ].joined(separator: "\n"))
    }

    func testANSITextOfPlainScreenIsPlainText() {
        var screen = Screen(width: 5, height: 2)
        screen.put("hi ⣿", x: 0, y: 1)
        XCTAssertEqual(screen.ansiText, screen.plainText)
    }
}
