import ArgumentParser
import ClusterKit
import ClusterIO

extension ClusterView {
    /// Headless fitting: the numbers the explorer shows, as CSV or JSON.
    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit a model and print each row's cluster, memberships and distances (CSV) or the model (JSON).",
            discussion: """
                CSV: row,cluster,p_0..p_{k-1},d_0..d_{k-1}, one line per kept row; `row` is the 0-based \
                data row of the file, `p` the method's own membership (fcm: its memberships), `d` the \
                distance to each centroid.
                JSON: method, k, n_iter, converged, inertia, lower_bound, bic, aic, centroids, weights, \
                covariances, labels, dropped_rows, ... in the clustering space; fcm adds fuzziness, \
                partition_coefficient and partition_entropy.

                Examples:
                  clusterview fit datasets/iris.csv
                  clusterview fit datasets/iris.csv --method gmm --covariance tied \\
                      --format json
                  clusterview fit datasets/wine.csv --standardize --init rows:0,59,130 \\
                      --output wine.csv
                  clusterview fit datasets/iris.csv --method gmm \\
                      --save-model iris-gmm.json --bootstrap-runs 100
                  clusterview fit datasets/iris.csv --method fcm --fuzziness 1.5 --format json

                --save-model writes the fitted model (format clusterview-model/1, docs/model-format.md) for \
                membership --model; the printed output is the same with or without it.
                """
        )

        @OptionGroup var data: DataOptions
        @OptionGroup var model: ModelOptions

        @Option(help: "Output format: csv or json.")
        var format: OutputFormat = .csv

        @OptionGroup var output: OutputOptions

        @Option(name: .customLong("save-model"),
                help: ArgumentHelp("Also save the fitted model as JSON, for membership --model (--force lets it replace an existing file).",
                                   valueName: "model.json"))
        var saveModel: String?

        @Option(help: "With --save-model: also run this many bootstrap k-means fits and save their centroid sets (the bootstrap rule).")
        var bootstrapRuns: Int?

        @Option(help: "With --bootstrap-runs: rows per resample (m-out-of-n beyond this many rows; default: as the explorer's --bootstrap-resample).")
        var bootstrapResample: Int?

        func validate() throws {
            if let saveModel {
                guard saveModel != "-" else { throw ValidationError("--save-model needs a file name, not standard output") }
                guard saveModel != output.path else { throw ValidationError("--save-model and --output must be different files") }
            }
            if let bootstrapRuns {
                guard saveModel != nil else { throw ValidationError("--bootstrap-runs is only used with --save-model") }
                guard bootstrapRuns >= 1 else { throw ValidationError("--bootstrap-runs must be at least 1") }
                guard (bootstrapResample ?? 2) >= 2 else { throw ValidationError("--bootstrap-resample must be at least 2") }
            }
        }

        func run() throws {
            try Diagnostics.reportingErrors {
                let pipeline = try Pipeline(data: data, model: model)
                // Every destination is checked (and its temporary created) before the fit, so a
                // refusal comes at once and a failing command leaves nothing written.
                let destination = try output.destination.open()
                let modelFile = try saveModel.map { try AtomicFile.Writer(path: $0, overwrite: output.force) }
                let fitted = try pipeline.fit()
                let bootstrap = bootstrapRuns.map { pipeline.bootstrap(fitted, runs: $0, resampleSize: bootstrapResample) }
                var settings = pipeline.settings
                if model.betaIsAuto {
                    var context = MembershipContext(data: pipeline.data, model: fitted, settings: settings)
                    settings.beta = try AutoBeta.apply(to: &context, rows: pipeline.data.matrix, command: "fit").beta
                }
                var report = FitReport(data: pipeline.data, model: fitted, settings: settings, bootstrap: bootstrap,
                                       initDescription: pipeline.initDescription)
                report.betaAuto = model.betaIsAuto
                if let modelFile {
                    var json = SavedModel(report: report).json()
                    try json.withUTF8 { try modelFile.write(UnsafeRawBufferPointer($0)) }
                }
                do {
                    try destination.finish { emit in
                        if format == .json {
                            try report.writeJSON(emit)
                        } else {
                            try report.writeCSV(emit)
                        }
                        try modelFile?.commit()
                    }
                } catch {
                    modelFile?.abandon()
                    modelFile?.retract()
                    throw error
                }
            }
        }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json
}
