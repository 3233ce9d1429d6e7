import Dispatch
import Foundation

/// Points binned onto a canvas's Braille dots, for scatters with more points than dots: how many
/// points fell on each dot, and per cell how many of each group.
///
/// Drawn by ordered dithering on a log scale: a dot is lit when log(1 + count) / log(1 + c₉₉)
/// exceeds its place in a 4×4 Bayer matrix, where c₉₉ is the 99th percentile of the non-empty
/// dots' counts. Dense cores come out solid, thin tails as scattered dots, an isolated point as
/// a dot about one time in eight: the reading a hexbin plot gives, at the resolution of Braille.
/// Each cell takes its majority group's colour, dimmed or bold by the cell's share of c₉₉.
///
/// Binning is O(N) and done once per model state, projection, zoom and canvas size (see
/// `RenderCache`); drawing is O(dots).
struct DensityRaster: Sendable {
    let width: Int, height: Int, groups: Int
    /// Points per dot, row-major over `2·width × 4·height` dots, row 0 at the top.
    let dotCounts: [UInt32]
    /// Points per cell and group: `cellCounts[cell * groups + group]`.
    let cellCounts: [UInt32]
    /// The 99th percentile of the non-empty dots' counts (≥ 1).
    let reference: Double

    var dotWidth: Int { 2 * width }
    var dotHeight: Int { 4 * height }

    /// One row per non-empty dot (the lowest row number on it), in dot order: what hit-testing
    /// needs, since points on one dot cannot be told apart on screen.
    let representatives: [Int32]

    /// Bins `count` points whose plane coordinates are `coordinates[2i], coordinates[2i+1]` and
    /// whose group is `group(i)` (in `0..<groups`; other values light dots but colour no cell).
    /// Runs in a fixed number of parallel parts; counts add up and representatives take the
    /// lowest row, so the result does not depend on the number of cores.
    init(coordinates: [Double], count: Int, group: (Int) -> Int, groups: Int, width: Int, height: Int,
         xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.width = width
        self.height = height
        let stride = max(groups, 1)
        self.groups = stride
        let dw = 2 * width, dh = 4 * height
        let parts = count >= 200_000 ? 4 : 1
        struct Part { var dots: [UInt32]; var cells: [UInt32]; var first: [Int32] }
        var results = [Part?](repeating: nil, count: parts)
        coordinates.withUnsafeBufferPointer { c in
            results.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let base = out.baseAddress!
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    var p = Part(dots: [UInt32](repeating: 0, count: dw * dh),
                                 cells: [UInt32](repeating: 0, count: width * height * stride),
                                 first: [Int32](repeating: -1, count: dw * dh))
                    let lo = count * part / parts, hi = count * (part + 1) / parts
                    for i in lo..<hi {
                        guard let column = BrailleCanvas.index(of: c[2 * i], in: xRange, count: dw),
                              let fromBottom = BrailleCanvas.index(of: c[2 * i + 1], in: yRange, count: dh) else { continue }
                        let row: Int = dh - 1 - fromBottom
                        let dot: Int = row * dw + column
                        p.dots[dot] &+= 1
                        if p.first[dot] < 0 { p.first[dot] = Int32(truncatingIfNeeded: i) }
                        let g: Int = group(i)
                        if g >= 0 && g < stride {
                            let cell: Int = (row / 4) * width + column / 2
                            p.cells[cell * stride + g] &+= 1
                        }
                    }
                    base[part] = p
                }
            }
        }
        var total = results[0]!
        for part in results.dropFirst() {
            let p = part!
            for i in total.dots.indices {
                total.dots[i] &+= p.dots[i]
                if total.first[i] < 0 { total.first[i] = p.first[i] }
            }
            for i in total.cells.indices { total.cells[i] &+= p.cells[i] }
        }
        dotCounts = total.dots
        cellCounts = total.cells
        representatives = total.first.filter { $0 >= 0 }
        let nonEmpty = total.dots.filter { $0 > 0 }.sorted()
        reference = nonEmpty.isEmpty ? 1 : max(1, Double(nonEmpty[min(nonEmpty.count - 1, nonEmpty.count * 99 / 100)]))
    }

    /// 4×4 Bayer thresholds in (0, 1).
    private static let bayer: [Double] = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5].map { ($0 + 0.5) / 16 }

    /// The majority group of a cell (lowest on ties), or nil when no grouped point is there.
    func majority(cell: Int) -> Int? {
        var best: Int?, bestCount: UInt32 = 0
        for g in 0..<groups where cellCounts[cell * groups + g] > bestCount {
            best = g
            bestCount = cellCounts[cell * groups + g]
        }
        return best
    }

    /// Lights the dithered dots on `canvas` (same size), each as a point of its cell's majority
    /// group mapped through `slot`.
    func draw(into canvas: inout BrailleCanvas, slot: (Int) -> Int) {
        let dw = dotWidth, scale = log(1 + reference)
        var majorities = [Int?](repeating: nil, count: width * height)
        for cell in majorities.indices { majorities[cell] = majority(cell: cell) }
        for row in 0..<dotHeight {
            for column in 0..<dw {
                let c = dotCounts[row * dw + column]
                guard c > 0 else { continue }
                let level = min(1, log(1 + Double(c)) / scale)
                guard level > Self.bayer[(row & 3) * 4 + (column & 3)] else { continue }
                let cell = (row / 4) * width + column / 2
                canvas.plotDot(column: column, row: row, group: majorities[cell].map(slot) ?? -1)
            }
        }
    }

    /// A cell's density on the log scale in [0, 1]: its points against 8 dots at c₉₉.
    func level(column: Int, row: Int) -> Double {
        var total: UInt32 = 0
        for dy in 0..<4 {
            for dx in 0..<2 { total &+= dotCounts[(row * 4 + dy) * dotWidth + column * 2 + dx] }
        }
        guard total > 0 else { return 0 }
        return min(1, log(1 + Double(total)) / log(1 + 8 * reference))
    }
}

