import ArgumentParser
import ClusterKit
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

        @Option(help: "Methods to time, comma-separated.")
        var methods = "kmeans,gmm"

        func run() throws {
            try Diagnostics.reportingErrors {
                var loads: [Double] = []
                var dataset: Dataset?
                for _ in 0..<self.repeat {
                    let t0 = DispatchTime.now()
                    let bytes = try InputFile.read(data.file)
                    dataset = try Dataset.load(csv: bytes, source: data.sourceName, options: data.loadOptions)
                    loads.append(seconds(since: t0))
                }
                let prepared = PreparedData(dataset!, standardize: data.standardize)
                var base = try model.settings(for: prepared)
                var pairs: [(String, String)] = [
                    ("rows", String(prepared.matrix.rows)), ("columns", String(prepared.matrix.columns)),
                    ("k", String(base.k)), ("load_seconds", JSONText.array(loads)),
                ]
                for name in methods.split(separator: ",") {
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
                print(JSONText.object(pairs, indent: true))
            }
        }

        private func seconds(since t0: DispatchTime) -> Double {
            Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9
        }
    }
}
