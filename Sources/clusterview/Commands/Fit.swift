import ArgumentParser
import ClusterKit

extension ClusterView {
    /// Headless fitting: the numbers the explorer shows, as CSV or JSON.
    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit a model and print each row's cluster, memberships and distances (CSV) or the model (JSON).",
            discussion: """
                CSV: row,cluster,p_0..p_{k-1},d_0..d_{k-1}, one line per kept row; `row` is the 0-based \
                data row of the file, `p` the method's own membership, `d` the distance to each centroid.
                JSON: method, k, n_iter, converged, inertia, lower_bound, bic, aic, centroids, weights, \
                covariances, labels, dropped_rows, ... in the clustering space.

                Examples:
                  clusterview fit datasets/iris.csv
                  clusterview fit datasets/iris.csv --method gmm --covariance tied --format json
                  clusterview fit datasets/wine.csv --standardize --init rows:0,59,130 --output wine.csv
                """
        )

        @OptionGroup var data: DataOptions
        @OptionGroup var model: ModelOptions

        @Option(help: "Output format: csv or json.")
        var format: OutputFormat = .csv

        @Option(help: "Write to this file (atomically) instead of standard output.")
        var output: String?

        @Flag(help: "Allow --output to replace an existing file.")
        var force = false

        func run() throws {
            try Diagnostics.reportingErrors {
                let pipeline = try Pipeline(data: data, model: model)
                let fitted = try pipeline.fit()
                let report = FitReport(data: pipeline.data, model: fitted, settings: pipeline.settings,
                                       initDescription: pipeline.initDescription)
                let text = format == .json ? report.json() : report.csv()
                try OutputDestination(path: output, force: force).write(text)
            }
        }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json
}
