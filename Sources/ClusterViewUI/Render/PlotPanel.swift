import ClusterKit
import Foundation

/// The scatter: every row as a Braille dot coloured by its cluster (or true label), centroids as
/// bold numbered markers, GMM 1σ/2σ ellipses, the selection's crosshair, ticks, axis names and
/// a legend with each cluster's size.
enum PlotPanel {
    static func render(_ state: AppState, into screen: inout Screen, layout: Layout, theme: Theme) {
        let plot = layout.plot, canvasRect = layout.canvas
        screen.fill(plot, with: .blank)
        guard canvasRect.width > 2, canvasRect.height > 2 else { return }
        let range = state.visibleRange
        var canvas = BrailleCanvas(width: canvasRect.width, height: canvasRect.height, xRange: range.x, yRange: range.y)
        let model = state.model, projection = state.projection
        let useTruth = state.showTrueLabels && state.dataset.labelCodes != nil
        let truth = state.dataset.labelCodes ?? []
        let rows = state.data.matrix.rows
        var density: DensityRaster?
        if !state.drawsDensity {
            for i in 0..<rows {
                let p = projection.point(i)
                let group = useTruth ? (truth[i] >= 0 ? truth[i] : -1) : state.colorSlots[Int(model.labels[i])]
                _ = canvas.plot(x: p.x, y: p.y, group: group)
            }
        } else {
            // More points than dots: draw their density (binned once per state and view).
            let raster = state.scatterDensity(useTruth: useTruth)
            raster.draw(into: &canvas) { useTruth ? $0 : state.colorSlots[$0] }
            density = raster
        }
        if state.showEllipses, let gmm = model.gaussianMixture {
            drawEllipses(gmm, state: state, canvas: &canvas)
        }
        // Centroids: a bold marker and the cluster number right of it, as the legend and the panel
        // write it (10, 11, … take two cells). Markers first; a number that would cover another
        // centroid's marker or number is left out rather than read as a different one.
        var taken = Set<Int>()
        let cells = (0..<model.k).map { j -> Point? in
            let c = projection.project(model.centroids.row(j))
            return canvas.cell(x: c.x, y: c.y)
        }
        func style(_ j: Int) -> CellStyle {
            var style = theme.palette.style(forGroup: state.colorSlots[j])
            style.bold = true
            return style
        }
        for (j, cell) in cells.enumerated() {
            guard let cell else { continue }
            canvas.mark(column: cell.x, row: cell.y, character: theme.palette.centroidGlyph, style: style(j))
            taken.insert(cell.y * canvas.width + cell.x)
        }
        for (j, cell) in cells.enumerated() {
            guard let cell else { continue }
            let label = Array(String(j)), first = cell.x + 1
            let spots = (first..<(first + label.count)).map { cell.y * canvas.width + $0 }
            guard first + label.count <= canvas.width, spots.allSatisfy({ !taken.contains($0) }) else { continue }
            for (offset, digit) in label.enumerated() {
                canvas.mark(column: first + offset, row: cell.y, character: digit, style: style(j))
            }
            taken.formUnion(spots)
        }
        let s = projection.point(state.selected)
        if let cell = canvas.cell(x: s.x, y: s.y) {
            canvas.mark(column: cell.x, row: cell.y, character: theme.palette.crosshairGlyph, style: theme.selection)
        }
        if let probe = state.probe, let cell = canvas.cell(x: probe.x, y: probe.y) {
            canvas.mark(column: cell.x, row: cell.y, character: theme.mode.charset == .ascii ? "P" : "◆", style: theme.selection)
        }
        canvas.render(into: &screen, at: canvasRect, palette: theme.palette)
        if let density { shadeByDensity(density, screen: &screen, at: canvasRect) }
        if state.showMap { MembershipMap.shade(state, screen: &screen, canvas: canvasRect, theme: theme) }
        drawAxes(state, into: &screen, layout: layout, theme: theme)
        Legend.render(state, into: &screen, at: Rect(x: plot.x, y: plot.y, width: plot.width, height: 1), theme: theme,
                      useTruth: useTruth)
    }

    /// Sparse cells dim, dense cells bold: the colour's intensity follows the density. Marks
    /// (centroids, the selection, the probe) keep their own style.
    private static func shadeByDensity(_ density: DensityRaster, screen: inout Screen, at rect: Rect) {
        for row in 0..<min(rect.height, density.height) {
            for column in 0..<min(rect.width, density.width) {
                let x = rect.x + column, y = rect.y + row
                guard var cell = screen[x, y], let scalar = cell.character.unicodeScalars.first,
                      (0x2800...0x28FF).contains(scalar.value) || ".:#".contains(cell.character) else { continue }
                let level = density.level(column: column, row: row)
                if level < 0.35 { cell.style.dim = true } else if level > 0.75 { cell.style.bold = true }
                screen[x, y] = cell
            }
        }
    }

    /// Each component's covariance projected onto the plane, drawn at 1 and 2 standard deviations.
    private static func drawEllipses(_ gmm: GaussianMixture, state: AppState, canvas: inout BrailleCanvas) {
        for (j, ellipse) in state.projectedEllipses(gmm).enumerated() {
            guard let e = ellipse else { continue }
            let group = state.colorSlots[j]
            for scale in [1.0, 2.0] {
                var previous: (x: Double, y: Double)?
                for step in 0...72 {
                    let t = Double(step) / 72 * 2 * Double.pi
                    let e1 = cos(t) * scale, e2 = sin(t) * scale
                    let point = (x: e.center.x + e.l11 * e1, y: e.center.y + e.l21 * e1 + e.l22 * e2)
                    if let previous { canvas.line(from: previous, to: point, group: group) }
                    previous = point
                }
            }
        }
    }

    private static func drawAxes(_ state: AppState, into screen: inout Screen, layout: Layout, theme: Theme) {
        let c = layout.canvas, range = state.visibleRange
        let dim = theme.dimText
        // y ticks: top, middle, bottom, right-aligned in the 7 columns left of the canvas.
        for (fraction, row) in [(1.0, c.y), (0.5, c.y + c.height / 2), (0.0, c.maxY - 1)] {
            let value = range.y.lowerBound + fraction * (range.y.upperBound - range.y.lowerBound)
            screen.put(NumberFormat.pad(NumberFormat.short(value, digits: 3), 6) + (theme.mode.charset == .ascii ? "+" : "┤"),
                       x: c.x - 7, y: row, style: dim)
        }
        // x ticks under the canvas: left, middle, right.
        let tickRow = c.maxY
        for (fraction, column) in [(0.0, c.x), (0.5, c.x + c.width / 2), (1.0, c.maxX - 1)] {
            let value = range.x.lowerBound + fraction * (range.x.upperBound - range.x.lowerBound)
            let text = NumberFormat.short(value, digits: 3)
            let start = fraction == 0 ? column : (fraction == 1 ? column - text.count + 1 : column - text.count / 2)
            screen.put(text, x: start, y: tickRow, style: dim)
        }
        let p = state.projection
        let names = "x: \(p.label(p.x, data: state.data))   y: \(p.label(p.y, data: state.data))"
            + (state.zoom != nil ? "   (zoomed; _ fits all)" : "")
        screen.put(names, x: c.x, y: tickRow + 1, style: dim, maxWidth: c.width)
    }
}
