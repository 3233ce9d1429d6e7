import ClusterKit

/// The side panel's pictures (`--image WxH`): the selected row (or the probe) first, then its own
/// cluster's centroid (`c3*`), then the other centroids in order, side by side in strips, each
/// over its label. What does not fit ends in `… N more`.
///
/// A pixel is a grey: with 256 colours and Unicode, half blocks (`▀`, the upper pixel in the
/// foreground, the lower one in the background), so a cell holds two pixels and the picture keeps
/// its proportions; otherwise (`--ascii`, `NO_COLOR`, `--color never`, 8/16 colours, plain-text
/// output) one character of the shade ramp ` .:-=+*#%@` per pixel. Greys are scaled over the data's
/// pixel range (`Pictures.range`: the smallest to the largest value in the file), the same scale
/// for every picture. Pictures larger than 16 × 8 cells are box-averaged down by a whole factor.
enum ImagePanel {
    /// Black, the 24-step grey ramp (232 dark … 255 light), white: 26 greys of the xterm table.
    static let greys: [UInt8] = [16] + Array(232...255) + [231]
    /// Dark to light, as ink density: a blank for the lowest value, `@` for the highest.
    static let shades: [Character] = Array(" .:-=+*#%@")
    /// The largest picture drawn, in cells.
    static let maxColumns = 16, maxRows = 8

    /// Whether pictures are half blocks in greys (else characters of the shade ramp).
    static func usesHalfBlocks(_ theme: Theme) -> Bool {
        theme.mode.colorDepth == .xterm256 && theme.mode.charset == .unicode && !theme.picturesAsText
    }

    /// The whole factor a picture's sides are divided by so that it fits `maxColumns` × `maxRows`
    /// cells (1 when it fits as it is).
    static func reduction(_ shape: ImageShape, pixelRowsPerCell: Int) -> Int {
        func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }
        return max(1, ceilDiv(shape.width, maxColumns), ceilDiv(shape.height, maxRows * pixelRowsPerCell))
    }

    /// `values` (a row in the file's units, `shape.pixels` long) as rows of cells.
    static func picture(_ values: [Double], shape: ImageShape, range: ClosedRange<Double>, halfBlocks: Bool) -> [[Cell]] {
        let perCell = halfBlocks ? 2 : 1
        let f = reduction(shape, pixelRowsPerCell: perCell)
        let w = (shape.width + f - 1) / f, h = (shape.height + f - 1) / f
        // Box average of each f × f block (partial at the right and bottom edges); a value that is
        // not finite counts as the low end.
        func pixel(_ px: Int, _ py: Int) -> Double {
            var sum = 0.0, count = 0
            for y in py * f..<min(shape.height, (py + 1) * f) {
                for x in px * f..<min(shape.width, (px + 1) * f) {
                    let v = values[y * shape.width + x]
                    sum += v.isFinite ? v : range.lowerBound
                    count += 1
                }
            }
            return sum / Double(count)
        }
        func level(_ v: Double, steps: Int) -> Int {
            let span = range.upperBound - range.lowerBound
            let t = span > 0 ? min(1, max(0, (v - range.lowerBound) / span)) : 0
            return Int((t * Double(steps - 1)).rounded())
        }
        if !halfBlocks {
            return (0..<h).map { py in (0..<w).map { px in Cell(shades[level(pixel(px, py), steps: shades.count)]) } }
        }
        return stride(from: 0, to: h, by: 2).map { py in
            (0..<w).map { px in
                let top = TerminalColor.indexed(greys[level(pixel(px, py), steps: greys.count)])
                let bottom = py + 1 < h ? TerminalColor.indexed(greys[level(pixel(px, py + 1), steps: greys.count)]) : .default
                return Cell("▀", style: CellStyle(foreground: top, background: bottom))
            }
        }
    }

    /// Draws the pictures from row `y` of `area`, using at most half the panel's height (the
    /// membership table comes next) but always one strip; returns the rows used (0 when not even
    /// one strip fits).
    static func render(_ state: AppState, pictures: Pictures, subject: (label: String, values: [Double]), cluster: Int,
                       into screen: inout Screen, area: Rect, y: Int, theme: Theme) -> Int {
        let halfBlocks = usesHalfBlocks(theme)
        let range = pictures.range, shape = pictures.shape
        let first = picture(subject.values, shape: shape, range: range, halfBlocks: halfBlocks)
        let pictureRows = first.count, pictureColumns = first.first?.count ?? 0
        let slotWidth = max(pictureColumns, 4), stripHeight = pictureRows + 1
        let perStrip = max(1, (area.width + 1) / (slotWidth + 1))
        let k = state.model.k
        let strips = min((k + 1 + perStrip - 1) / perStrip,
                         max(1, area.height / 2 / stripHeight), (area.maxY - y) / stripHeight)
        guard strips > 0 else { return 0 }
        let slots = strips * perStrip
        // Every centroid when they fit; else the last slot says how many are left out.
        let shownCentroids = k + 1 <= slots || slots < 2 ? min(k, slots - 1) : slots - 2
        let used = shownCentroids + 1 + (shownCentroids < k && slots >= 2 ? 1 : 0)
        func centroidValues(_ j: Int) -> [Double] {
            let c = state.model.centroids.row(j)
            return state.data.standardized ? state.data.scaler.inverseTransform(point: c) : c
        }
        // The row's own centroid comes right after it, so the two sit side by side even when
        // the others do not all fit; then the rest in order.
        let order = [cluster] + (0..<k).filter { $0 != cluster }
        for slot in 0..<used {
            let x = area.x + (slot % perStrip) * (slotWidth + 1)
            let top = y + (slot / perStrip) * stripHeight
            let width = min(slotWidth, area.maxX - x)
            guard width > 0 else { continue }
            if slot == shownCentroids + 1 {
                let more = "… \(k - shownCentroids) more"
                let lines = more.count <= width ? [more] : ["… \(k - shownCentroids)", "more"]
                for (i, text) in lines.enumerated() where i < pictureRows {
                    screen.put(text, x: x, y: top + i, style: theme.dimText, maxWidth: width)
                }
                continue
            }
            let cells = slot == 0 ? first : picture(centroidValues(order[slot - 1]), shape: shape, range: range, halfBlocks: halfBlocks)
            for (dy, row) in cells.enumerated() {
                for (dx, cell) in row.enumerated() where dx < width { screen[x + dx, top + dy] = cell }
            }
            if slot == 0 {
                screen.put(subject.label, x: x, y: top + pictureRows, style: theme.title, maxWidth: width)
            } else {
                let j = order[slot - 1]
                var style = theme.palette.style(forGroup: state.colorSlots[j])
                if j == cluster { style.bold = true }
                screen.put("c\(j)" + (j == cluster ? "*" : ""), x: x, y: top + pictureRows, style: style, maxWidth: width)
            }
        }
        return strips * stripHeight
    }
}
