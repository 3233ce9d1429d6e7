import ClusterKit

/// `u`: each cell of the plot's plane shaded by the cluster that wins there under the map's rule,
/// darker where it wins by less, so the soft borders show and move as beta turns.
///
/// With 256 colours the cell's background takes the winner's colour scaled by its probability.
/// In every mode (so also in text exports, which carry no colour), empty cells where the top two
/// clusters are within 0.25 of each other show a faint `·` (`.` in ASCII): the soft border band,
/// which widens as beta falls and narrows as it rises.
enum MembershipMap {
    static func shade(_ state: AppState, screen: inout Screen, canvas rect: Rect, theme: Theme) {
        let k = state.model.k
        let colourful = theme.mode.colorDepth == .xterm256
        let faint: Character = theme.mode.charset == .ascii ? "." : "·"
        for row in rect.y..<rect.maxY {
            for column in rect.x..<rect.maxX {
                guard let plane = state.dataCoordinates(column: column, row: row),
                      var cell = screen[column, row],
                      let p = state.values(state.mapRule, for: state.spacePoint(planeX: plane.x, y: plane.y)) else { continue }
                let winner = p.indices.max { p[$0] < p[$1] } ?? 0
                if colourful {
                    // Intensity from the winner's lead over the uniform share 1/k.
                    let lead = k > 1 ? (p[winner] - 1 / Double(k)) / (1 - 1 / Double(k)) : 1
                    cell.style.background = .indexed(shadedColour(Palette.xterm256Colors[state.colorSlots[winner] % Palette.distinctGroupCount],
                                                                  intensity: lead))
                }
                if cell.character == " " && MembershipFormulas.margin(p) < 0.25 {
                    cell.character = faint
                    cell.style.foreground = theme.dimText.foreground
                    cell.style.dim = theme.dimText.dim
                }
                screen[column, row] = cell
            }
        }
    }

    /// An xterm-256 cube colour scaled towards black: intensity 0 → very dark, 1 → about 45%.
    static func shadedColour(_ index: UInt8, intensity: Double) -> UInt8 {
        guard index >= 16, index <= 231 else { return 235 }
        let v = Int(index) - 16
        let r = v / 36, g = (v / 6) % 6, b = v % 6
        let f = 0.12 + 0.33 * max(0, min(1, intensity))
        func scale(_ c: Int) -> Int { Int((Double(c) * f).rounded()) }
        return UInt8(16 + 36 * scale(r) + 6 * scale(g) + scale(b))
    }
}
