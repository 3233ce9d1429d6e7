import ArgumentParser
import ClusterKit
import ClusterViewUI
import Foundation
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TerminalBackend

extension ClusterView {
    /// The interactive explorer (the default command).
    struct Explore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open the explorer: step the algorithm and inspect memberships interactively.",
            discussion: """
                Keys (from the explorer's key table): \(KeyBindings.barEntries.map { "\($0.keys) \($0.label)" }
                    .joined(separator: ", ")); ? shows every key, and `clusterview keys` prints them.

                Examples:
                  clusterview datasets/iris.csv
                  clusterview datasets/wine.csv --standardize --method gmm --covariance diag
                  clusterview datasets/iris.csv --method fcm --fuzziness 1.5
                  clusterview data.csv --columns x,y,z --label class --projection x,y
                  cat data.csv | clusterview --standardize
                """)

        @Argument(help: "A CSV or TSV file, or - for standard input (the default when data is piped in).")
        var file: String?
        @OptionGroup var selection: DataSelection
        @OptionGroup var model: ModelOptions
        @OptionGroup var display: DisplayOptions

        @Option(name: .customLong("model"), help: "Open a saved model (fit --save-model) on the data instead of fitting.")
        var modelPath: String?

        @OptionGroup var export: ExportOptions

        @Flag(help: "Show each key, click and resize as its --keys token in the key bar (to check what a terminal sends).")
        var showKeys = false

        func validate() throws {
            if file == nil && isatty(STDIN_FILENO) == 1 {
                throw ValidationError("give a data file, e.g. clusterview datasets/iris.csv (or pipe one in: cat data.csv | clusterview)")
            }
        }

        /// The data options: the file, or standard input when none is given (data piped in).
        var data: DataOptions {
            var options = DataOptions()
            options.file = file ?? "-"
            options.selection = selection
            return options
        }

        func run() throws {
            // Every input error is reported here, on stderr, before the screen is taken over.
            let initial = try Diagnostics.reportingErrors {
                try ExplorerSetup.state(data: data, model: model, display: display, width: 120, height: 40, modelPath: modelPath)
            }
            let terminal = Terminal()
            do {
                try terminal.start()
            } catch {
                throw Diagnostics.fail(error)
            }
            let mode = display.mode(capabilities: terminal.capabilities, environment: ProcessInfo.processInfo.environment)
            let app = ExplorerApp(state: initial, theme: Theme(mode: mode), exportDirectory: export.exportDir)
            app.showKeys = showKeys
            app.start()
            let outcome: RunOutcome
            do {
                outcome = try terminal.run(app)
            } catch {
                terminal.stop()
                throw Diagnostics.fail(error)
            }
            terminal.stop()
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        }
    }
}
