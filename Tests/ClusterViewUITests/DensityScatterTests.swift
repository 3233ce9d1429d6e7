import ClusterKit
import XCTest
@testable import ClusterViewUI

/// With more points than Braille dots the scatter draws density: cores solid, tails sparse,
/// never one uniform block; below that it draws every point as before (the golden screens).
final class DensityScatterTests: XCTestCase {
    /// A dense core of 40,000 points at the centre and a thin uniform halo of 2,000.
    private func raster(width: Int = 20, height: Int = 10) -> DensityRaster {
        var coordinates: [Double] = []
        var state: UInt64 = 7
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for _ in 0..<40_000 { coordinates += [0.4 + 0.2 * uniform(), 0.4 + 0.2 * uniform()] }
        for _ in 0..<2_000 { coordinates += [uniform(), uniform()] }
        return DensityRaster(coordinates: coordinates, count: coordinates.count / 2, group: { $0 < 40_000 ? 0 : 1 },
                             groups: 2, width: width, height: height, xRange: 0...1, yRange: 0...1)
    }

    // Every point is counted once, on the dot it falls on.
    func testBinsEveryPoint() {
        let r = raster()
        XCTAssertEqual(r.dotCounts.reduce(0) { $0 + Int($1) }, 42_000)
        XCTAssertEqual(r.cellCounts.reduce(0) { $0 + Int($1) }, 42_000)
    }

    // The core's cells are full, the halo's mostly empty, and the core is brighter.
    func testCoreSolidTailSparse() {
        let r = raster()
        var canvas = BrailleCanvas(width: 20, height: 10, xRange: 0...1, yRange: 0...1)
        r.draw(into: &canvas) { $0 }
        let core = canvas.dots(column: 9, row: 4).nonzeroBitCount
        let corner = canvas.dots(column: 0, row: 0).nonzeroBitCount
        XCTAssertEqual(core, 8)
        XCTAssertLessThan(corner, 8)
        var lit = 0
        for row in 0..<10 { for column in 0..<20 { lit += canvas.dots(column: column, row: row).nonzeroBitCount } }
        XCTAssertLessThan(lit, 20 * 10 * 8 * 3 / 4, "not a uniform block: density must show")
        XCTAssertGreaterThan(r.level(column: 9, row: 4), r.level(column: 0, row: 0))
        XCTAssertEqual(canvas.dominantGroup(column: 9, row: 4), 0)
    }

    // A large data set draws density in the explorer, with centroids and the selection on top.
    func testExplorerDrawsDensityWithMarksOnTop() throws {
        var rows: [[Double]] = []
        var state: UInt64 = 11
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for i in 0..<30_000 {
            let c = Double(i % 3) * 5
            rows.append([c + uniform() + uniform() - 1, c + uniform() + uniform() - 1])
        }
        let csv = "a,b\n" + rows.map { "\($0[0]),\($0[1])" }.joined(separator: "\n") + "\n"
        let dataset = try Dataset.load(csv: Array(csv.utf8), source: "big.csv")
        let app = try AppState(dataset: dataset, fileName: "big.csv", standardize: false, settings: ModelSettings(k: 3),
                               bootstrapRuns: 2, width: 120, height: 40)
        let session = HeadlessSession(state: app)
        let screen = render(session.state, theme: colourTheme)
        let text = screen.plainText
        XCTAssertTrue(text.contains("◉"), "centroids drawn on top:\n\(text)")
        XCTAssertTrue(text.contains("┼"), "the selection drawn on top")
        let canvas = session.state.layout.canvas
        var full = 0, partial = 0
        for y in canvas.y..<canvas.maxY {
            for x in canvas.x..<canvas.maxX {
                guard let c = screen[x, y]?.character.unicodeScalars.first?.value, (0x2801...0x28FF).contains(c) else { continue }
                if c == 0x28FF { full += 1 } else { partial += 1 }
            }
        }
        XCTAssertGreaterThan(full, 0)
        XCTAssertGreaterThan(partial, 0, "tails are drawn sparser than cores")
        // The same state draws the same screen (the binning is cached, not changed).
        XCTAssertEqual(render(session.state, theme: colourTheme).plainText, text)

        // Arrows still move the selection that way (hit-testing one row per dot).
        var moving = session
        let before = moving.state.projection.point(moving.state.selected)
        try moving.keys("l")
        let after = moving.state.projection.point(moving.state.selected)
        XCTAssertGreaterThan(after.x, before.x)
        try moving.keys("j")
        XCTAssertLessThan(moving.state.projection.point(moving.state.selected).y, after.y)
    }
}
