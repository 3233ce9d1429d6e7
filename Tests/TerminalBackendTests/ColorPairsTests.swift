import ClusterViewUI
import XCTest
@testable import TerminalBackend

/// Colour pairs: allocated once per combination, reused, bounded by the terminal's pairs.
final class ColorPairsTests: XCTestCase {
    /// Records the pairs curses was asked to make, and refuses the numbers in `refused`.
    private final class Curses {
        var made: [(pair: Int32, foreground: Int32, background: Int32)] = []
        var refused: Set<Int32> = []
        func initialise(_ pair: Int32, _ foreground: Int32, _ background: Int32) -> Bool {
            guard !refused.contains(pair) else { return false }
            made.append((pair, foreground, background))
            return true
        }
    }

    private func style(_ foreground: UInt8?, _ background: UInt8?) -> CellStyle {
        CellStyle(foreground: foreground.map { .indexed($0) } ?? .default, background: background.map { .indexed($0) } ?? .default)
    }

    func testDefaultColoursUsePairZeroWithoutAllocating() {
        // Default foreground and background need no pair: pair 0, nothing asked of curses.
        let curses = Curses()
        var pairs = ColorPairs(colorCount: 256, pairLimit: 256, defaultColors: true)
        XCTAssertTrue(pairs.pair(for: .plain, initialise: curses.initialise) == (0, false))
        XCTAssertTrue(pairs.pair(for: CellStyle(bold: true, reverse: true), initialise: curses.initialise) == (0, false))
        XCTAssertTrue(curses.made.isEmpty)
    }

    func testCombinationsAreAllocatedOnceAndReused() {
        // Each new (foreground, background) gets the next pair, made once; drawing it again
        // reuses it without asking curses. −1 stands for a default colour.
        let curses = Curses()
        var pairs = ColorPairs(colorCount: 256, pairLimit: 256, defaultColors: true)
        XCTAssertEqual(pairs.pair(for: style(196, nil), initialise: curses.initialise).pair, 1)
        XCTAssertEqual(pairs.pair(for: style(nil, 21), initialise: curses.initialise).pair, 2)
        XCTAssertEqual(pairs.pair(for: style(196, 21), initialise: curses.initialise).pair, 3)
        XCTAssertEqual(pairs.pair(for: style(196, nil), initialise: curses.initialise).pair, 1)
        XCTAssertEqual(pairs.pair(for: CellStyle(foreground: .indexed(196), bold: true), initialise: curses.initialise).pair, 1)
        XCTAssertEqual(curses.made.map(\.pair), [1, 2, 3])
        XCTAssertEqual(curses.made.map(\.foreground), [196, -1, 196])
        XCTAssertEqual(curses.made.map(\.background), [-1, 21, 21])
    }

    func testPairsRunOutToPairZero() {
        // With 4 pairs (0 is curses' own), three combinations get pairs and the rest fall back
        // to pair 0; the ones allocated keep theirs.
        let curses = Curses()
        var pairs = ColorPairs(colorCount: 256, pairLimit: 4, defaultColors: true)
        for (index, color) in [10, 11, 12].enumerated() {
            XCTAssertEqual(pairs.pair(for: style(UInt8(color), nil), initialise: curses.initialise).pair, Int32(index + 1))
        }
        XCTAssertEqual(pairs.pair(for: style(13, nil), initialise: curses.initialise).pair, 0)
        XCTAssertEqual(pairs.pair(for: style(14, 15), initialise: curses.initialise).pair, 0)
        XCTAssertEqual(pairs.pair(for: style(11, nil), initialise: curses.initialise).pair, 2)
        XCTAssertEqual(curses.made.count, 3)
    }

    func testPairsBeyondShortRange() {
        // Pair numbers are not limited to 16 bits' signed range (init_extended_pair): with
        // 65536 pairs, the 40000th combination gets pair 40000.
        let curses = Curses()
        var pairs = ColorPairs(colorCount: 256, pairLimit: 65536, defaultColors: true)
        var last: Int32 = 0
        for index in 0..<40000 {
            last = pairs.pair(for: style(UInt8(index % 256), UInt8(index / 256)), initialise: curses.initialise).pair
        }
        XCTAssertEqual(last, 40000)
        XCTAssertEqual(Set(curses.made.map(\.pair)).count, 40000)
    }

    func testRefusedPairIsNotKept() {
        // When curses refuses a pair, pair 0 is drawn and the number is tried again for the
        // next combination, not skipped or cached.
        let curses = Curses()
        curses.refused = [1]
        var pairs = ColorPairs(colorCount: 256, pairLimit: 256, defaultColors: true)
        XCTAssertEqual(pairs.pair(for: style(100, nil), initialise: curses.initialise).pair, 0)
        curses.refused = []
        XCTAssertEqual(pairs.pair(for: style(100, nil), initialise: curses.initialise).pair, 1)
        XCTAssertEqual(curses.made.map(\.pair), [1])
    }

    func testNoColoursMeansPairZero() {
        // On a terminal without colours every style is pair 0, and curses is never asked.
        let curses = Curses()
        var pairs = ColorPairs(colorCount: 0, pairLimit: 256, defaultColors: false)
        XCTAssertTrue(pairs.pair(for: style(1, 2), initialise: curses.initialise) == (0, false))
        XCTAssertTrue(pairs.pair(for: style(9, nil), initialise: curses.initialise) == (0, false))
        XCTAssertTrue(curses.made.isEmpty)
    }

    func testEightColourTerminal() {
        // Bright foregrounds (8…15) become their normal colour made bold; a bright background
        // becomes its normal colour, not bold; colours beyond 16 become the default, which is
        // white on black when the terminal has no default colours.
        let curses = Curses()
        var pairs = ColorPairs(colorCount: 8, pairLimit: 64, defaultColors: false)
        XCTAssertTrue(pairs.pair(for: style(9, nil), initialise: curses.initialise) == (1, true))
        XCTAssertTrue(pairs.pair(for: style(nil, 12), initialise: curses.initialise) == (2, false))
        XCTAssertTrue(pairs.pair(for: style(200, 3), initialise: curses.initialise) == (3, false))
        // Bright red is red: the same pair as red, bold only when bright.
        XCTAssertTrue(pairs.pair(for: style(1, nil), initialise: curses.initialise) == (1, false))
        XCTAssertEqual(curses.made.map(\.foreground), [1, ColorPairs.white, ColorPairs.white])
        XCTAssertEqual(curses.made.map(\.background), [ColorPairs.black, 4, 3])
    }

    func testTwoHundredFiftySixColoursAreUsedAsTheyAre() {
        // On a 256-colour terminal, bright and high colours are used directly, never bolded.
        let curses = Curses()
        var pairs = ColorPairs(colorCount: 256, pairLimit: 256, defaultColors: true)
        XCTAssertTrue(pairs.pair(for: style(9, 200), initialise: curses.initialise) == (1, false))
        XCTAssertEqual(curses.made.first?.foreground, 9)
        XCTAssertEqual(curses.made.first?.background, 200)
    }
}
