import ArgumentParser
import ClusterKit
import ClusterIO

extension ClusterView {
    /// Per-row distance and probability features over a range of k, for a downstream model.
    struct Features: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write per-row distances to the centroids and/or mixture probabilities for each k, as CSV features.",
            discussion: """
                For each k of -k (one k, FROM:TO or FROM:TO:STEP) fits the model options and writes, per kept \
                row: row (the 0-based data row of the file), then per k the columns k<k>_d0..k<k>_d<k-1> \
                (distances to the centroids in the clustering space, exactly fit's d_ columns) and/or \
                k<k>_p0..k<k>_p<k-1> (--method gmm: the mixture's probabilities, fit's p_ columns; k-means \
                and soft: the mixture estimated from the hard partition, the gmm rule), then the label \
                column under its own name when the file has one. --init rows: needs a single k.

                Examples:
                  clusterview features datasets/wine.csv -k 2:10:2 --standardize \\
                      --output wine-features.csv
                  clusterview features big.csv -k 50:500:50 --kind both --method gmm \\
                      --covariance diag --output f.csv
                  clusterview features datasets/iris.csv -k 8 --kind proba
                """)

        @OptionGroup var data: DataOptions
        @OptionGroup var model: ModelOptions

        @Option(help: "Features per k: distances, proba, or both.")
        var kind: FeatureKind = .distances

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard model.kRange != nil else { throw ValidationError("features needs -k K or -k FROM:TO[:STEP]") }
        }

        func run() throws {
            try Diagnostics.reportingErrors {
                let prepared = try DataLoading.prepare(data, seed: model.seed)
                let ks = try DataLoading.ks(model, default: [], rows: prepared.matrix.rows, source: data.sourceName)
                let destination = try output.destination.open()
                let settings = try model.rangeSettings(for: prepared)
                if let largest = ks.max() {
                    var priced = settings
                    priced.k = largest
                    if let notice = WideData.featuresCostNotice(settings: priced, kind: kind, rows: prepared.matrix.rows,
                                                                columns: prepared.matrix.columns) {
                        Diagnostics.noteOnce(notice)
                    }
                }
                let table = try FeatureTable.fit(data: prepared, settings: settings, ks: ks, kind: kind) { p in
                    Diagnostics.progress("features: k=\(p.k) (\(p.completed)/\(p.total))" + (p.iteration.map { " iter \($0)" } ?? ""))
                    return true
                }!
                Diagnostics.clearProgress()
                try destination.finish { emit in try table.writeBytes(emit) }
            }
        }
    }
}

extension FeatureKind: ExpressibleByArgument {}
