import ClusterKit
import Foundation

/// For rows too wide to list (more than `fileOrderLimit` features), the features that set a row
/// apart from its cluster's centroid: the largest |row − centroid| in standard deviations of each
/// feature (the scaler's, fitted on all rows, so a feature measured in thousands does not drown
/// one measured in fractions), each with the row's value in the file's units.
enum DistinctFeatures {
    /// Up to this many features the panel lists them in file order, as it always has.
    static let fileOrderLimit = 16
    /// Lines of features shown before `… N more features`.
    static let lines = 3

    /// Features ordered by |row − centroid| in standard deviations, largest first (ties: file
    /// order); `rowZ` and `centroidZ` are z-scores (`PreparedData.zPoint`). A difference that is
    /// not finite sorts last.
    static func ranked(rowZ: [Double], centroidZ: [Double]) -> [(feature: Int, sd: Double)] {
        let differences = zip(rowZ, centroidZ).map { $0 - $1 }
        func size(_ f: Int) -> Double { differences[f].isFinite ? abs(differences[f]) : -1 }
        return differences.indices.sorted { size($0) != size($1) ? size($0) > size($1) : $0 < $1 }
            .map { ($0, differences[$0]) }
    }

    /// The panel's lines: a heading, then the most distinct features (two a line where the
    /// panel is wide, one otherwise) as `name  value  ±sd`, then `… N more features`.
    static func render(raw: [Double], point: [Double], cluster: Int, state: AppState, width: Int,
                       line: (String, CellStyle) -> Void, theme: Theme) {
        let data = state.data
        let ranking = ranked(rowZ: data.zPoint(fromClustering: point),
                             centroidZ: data.zPoint(fromClustering: state.model.centroids.row(cluster)))
        let names = state.dataset.featureNames
        let perLine = width >= 56 ? 2 : 1
        let entryWidth = (width - 2 * (perLine - 1)) / perLine
        func entry(_ item: (feature: Int, sd: Double)) -> String {
            let numbers = NumberFormat.pad(NumberFormat.short(raw[item.feature]), 7) + NumberFormat.pad(String(format: "%+.1f", item.sd), 7)
            return NumberFormat.padRight(names[item.feature], max(1, entryWidth - numbers.count)) + numbers
        }
        line("most unlike centroid \(cluster) (value, diff in sd):", theme.dimText)
        let shown = min(ranking.count, lines * perLine)
        for start in stride(from: 0, to: shown, by: perLine) {
            line(ranking[start..<min(shown, start + perLine)].map(entry).joined(separator: "  "), theme.dimText)
        }
        if shown < ranking.count { line("… \(ranking.count - shown) more features", theme.dimText) }
    }
}
