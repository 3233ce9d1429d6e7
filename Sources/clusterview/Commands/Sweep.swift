import ArgumentParser
import ClusterKit
import ClusterIO

extension ClusterView {
    /// Quality against k: inertia, log-likelihood, BIC/AIC, silhouette and ARI, with the elbow and best BIC.
    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit each k of a range and compare: inertia, log-likelihood, BIC, AIC, silhouette, ARI.",
            discussion: """
                Per k (-k FROM:TO or FROM:TO:STEP, default 2:10): the method's inertia, silhouette (full below \
                10,000 rows, a seeded sample of 10,000 above) and ARI against the file's labels when it has \
                them; a Gaussian mixture with the same covariance type, init and seed gives the mean \
                log-likelihood, BIC and AIC (--method gmm: the model itself). --method fcm adds Bezdek's \
                partition coefficient (higher is crisper) and partition entropy (lower is crisper) of its \
                memberships. Marked: the elbow, where the \
                inertia's slope drops most (largest second difference for an even range), and the lowest BIC. \
                With --seed S, every fit is scikit-learn's for random_state=S.

                CSV: k,inertia,mean_log_likelihood,bic,aic,silhouette,ari,n_iter,converged,mark. \
                JSON: {"points": [...], "elbow_k", "best_bic_k"}.

                Examples:
                  clusterview sweep datasets/iris.csv --k 2:12
                  clusterview sweep datasets/wine.csv --standardize -k 2:8 \\
                      --covariance diag --format csv
                  clusterview sweep datasets/iris.csv --method gmm -k 1:6 --format json \\
                      --output sweep.json
                """)

        @OptionGroup var data: DataOptions
        @OptionGroup var model: ModelOptions

        @Option(help: "Output format: table, csv or json.")
        var format: SweepFormat = .table

        @OptionGroup var output: OutputOptions

        func run() throws {
            try Diagnostics.reportingErrors {
                let prepared = try DataLoading.prepare(data, seed: model.seed)
                let ks = try DataLoading.ks(model, default: Array(2...min(10, max(2, prepared.matrix.rows))),
                                            rows: prepared.matrix.rows, source: data.sourceName)
                // Checked before the fits: a refused --output fails at once, with nothing written.
                let destination = try output.destination.open()
                let sweep = try ClusterKit.Sweep.run(
                    data: prepared.matrix, settings: try model.rangeSettings(for: prepared), ks: ks,
                    truth: prepared.dataset.labelCodes) { p in
                        Diagnostics.progress("sweep: k=\(p.k) (\(p.completed)/\(p.total))" + (p.iteration.map { " iter \($0)" } ?? ""))
                        return true
                    }!
                Diagnostics.clearProgress()
                let text: String
                switch format {
                case .table: text = sweep.table()
                case .csv: text = sweep.csv()
                case .json: text = sweep.json()
                }
                try destination.finish { emit in
                    var text = text
                    try text.withUTF8 { try emit(UnsafeRawBufferPointer($0)) }
                }
            }
        }
    }
}

enum SweepFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}
