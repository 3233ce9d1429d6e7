import ArgumentParser
import ClusterKit
import ClusterIO
import ClusterViewUI
import Foundation

extension ClusterView {
    /// Timings for bench/run: load, and time per iteration of each method, measured in-process.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time loading and iterations (used by bench/run; prints JSON).",
            discussion: "Example: clusterview bench big.csv -k 8 --iterations 10 --repeat 5",
            shouldDisplay: false)

        @OptionGroup var data: DataOptions
        @OptionGroup var model: ModelOptions

        @Option(help: "Iterations to time per method.")
        var iterations = 10

        @Option(help: "How many times to load the file.")
        var `repeat` = 5

        @Option(help: "Methods to time, comma-separated (kmeans, gmm; pca: the projection's fit alone).")
        var methods = "kmeans,gmm"

        @Flag(help: "Also time the explorer: a key press that does not refit, through to a drawn screen.")
        var explorer = false

        @Flag(help: "Time the live explorer through its runtime (bench/explorer): launch, n, refit, keys; no method timings.")
        var explorerLive = false

        func run() throws {
            try Diagnostics.reportingErrors {
                if explorerLive {
                    // The settings the options mean for this file (then the probe is released, so peak
                    // memory is the explorer's own).
                    let (settings, rowCount, columnCount) = try {
                        let probe = try InputFile.loadDataset(data.file, source: data.sourceName, options: data.loadOptions)
                        return (try model.settings(for: PreparedData(probe, standardize: data.standardize)), probe.count,
                                probe.featureNames.count)
                    }()
                    var bench = ExplorerBench(file: data.file, source: data.sourceName, loadOptions: data.loadOptions,
                                              standardize: data.standardize, settings: settings, repeats: self.repeat)
                    bench.methods = methods.split(separator: ",").compactMap { ClusteringMethod(rawValue: String($0)) }
                    let pairs = [("rows", String(rowCount)), ("columns", String(columnCount)),
                                 ("k", String(settings.k))] + (try bench.measure())
                    print(JSONText.object(pairs, indent: true))
                    return
                }
                var loads: [Double] = []
                var dataset: Dataset?
                for _ in 0..<self.repeat {
                    let t0 = DispatchTime.now()
                    dataset = try DataLoading.load(data, seed: model.seed)
                    loads.append(seconds(since: t0))
                }
                let prepared = PreparedData(dataset!, standardize: data.standardize)
                var base = try model.settings(for: prepared)
                var pairs: [(String, String)] = [
                    ("rows", String(prepared.matrix.rows)), ("columns", String(prepared.matrix.columns)),
                    ("k", String(base.k)), ("load_seconds", JSONText.array(loads)),
                ]
                for name in methods.split(separator: ",") {
                    if name == "pca" {
                        pairs += pcaTimings(prepared.matrix)
                        continue
                    }
                    guard let method = ClusteringMethod(rawValue: String(name)) else { continue }
                    base.method = method
                    base.tolerance = 0  // never stop early: time exactly `iterations` steps
                    var state = try ClusterModel.initial(prepared.matrix, base)
                    var times: [Double] = []
                    for _ in 0..<iterations {
                        let t0 = DispatchTime.now()
                        state = try state.step()
                        times.append(seconds(since: t0))
                    }
                    pairs.append(("\(method.rawValue)_iteration_seconds", JSONText.array(times)))
                }
                if explorer { pairs += try explorerTimings(dataset!, settings: try model.settings(for: prepared)) }
                print(JSONText.object(pairs, indent: true))
            }
        }

        /// Time from a key to its drawn screen (update + render at 120×40), for keys that do not
        /// refit: beta up, next row, zoom, map on. The bootstrap is left out (it runs in the
        /// background in the explorer).
        private func explorerTimings(_ dataset: Dataset, settings: ModelSettings) throws -> [(String, String)] {
            var state = try AppState(dataset: dataset, fileName: data.sourceName, standardize: data.standardize,
                                     settings: settings, bootstrapRuns: 1, width: 120, height: 40)
            let theme = Theme(mode: DisplayMode(colorDepth: .xterm256, charset: .unicode))
            var out: [(String, String)] = []
            for (name, action) in [("render_only", nil), ("key_beta", Action.scaleBeta(1.5)), ("key_tab", Action.nextRow),
                                   ("key_zoom", Action.zoomIn), ("key_map", Action.toggleMap)] as [(String, Action?)] {
                var times: [Double] = []
                for _ in 0..<max(self.repeat, 3) {
                    let t0 = DispatchTime.now()
                    if let action { _ = state.update(action) }
                    _ = render(state, theme: theme)
                    times.append(seconds(since: t0))
                    if case .toggleMap? = action { _ = state.update(.toggleMap) }
                }
                out.append(("explorer_\(name)_seconds", JSONText.array(times)))
            }
            return out
        }

        /// The projection's fit alone (`PCA(fitting:)`, as the explorer's first screen runs it),
        /// `iterations` times, and how it was found.
        private func pcaTimings(_ matrix: Matrix) -> [(String, String)] {
            var times: [Double] = []
            var pca: PCA?
            for _ in 0..<max(iterations, 1) {
                let t0 = DispatchTime.now()
                pca = PCA(fitting: matrix)
                times.append(seconds(since: t0))
            }
            var method = "\(pca!.method)"
            if case .blockKrylov(let passes) = pca!.method { method = "block Krylov, \(passes) passes" }
            return [("pca_seconds", JSONText.array(times)), ("pca_method", JSONText.string(method)),
                    ("pca_explained_variance_ratio", JSONText.array(pca!.explainedVarianceRatio))]
        }

        private func seconds(since t0: DispatchTime) -> Double {
            Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9
        }
    }
}
