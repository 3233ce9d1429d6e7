import ArgumentParser
import ClusterKit
import ClusterIO
import ClusterViewUI
import Foundation

extension ClusterView {
    /// The explorer's screen after some keys, printed without a terminal.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the explorer's screen after a sequence of keys, with no terminal.",
            discussion: """
                Keys are tokens separated by spaces: a printable character, or Space Tab BackTab (S-Tab) \
                Enter Esc (Escape) Backspace Left Right Up Down PageUp PageDown Home End F1..F12 C-a..C-z \
                Click:COL,ROW WheelUp:COL,ROW WheelDown:COL,ROW Resize:W,H. Computations finish before \
                the next key. `clusterview keys` lists what each key does.

                Examples:
                  clusterview render datasets/iris.csv --keys "n n n"
                  clusterview render datasets/iris.csv --method gmm --keys "r Tab ] ]" \\
                      --size 120x40
                  clusterview render datasets/wine.csv --standardize --select 10 --ansi \\
                      --output screen.txt
                """)

        @OptionGroup var data: DataOptions
        @OptionGroup var model: ModelOptions
        @OptionGroup var display: DisplayOptions

        @Option(name: .customLong("model"), help: "Open a saved model (fit --save-model) on the data instead of fitting.")
        var modelPath: String?

        // Unconditional: a value that starts with `-` ("- + n") is keys, not an option.
        @Option(parsing: .unconditional, help: "Keys to send, as tokens separated by spaces (\"- + n\" works too).")
        var keys: String = ""

        @Option(help: "Screen size as WIDTHxHEIGHT.")
        var size: String = "120x40"

        @Option(help: "Select this data row (0-based row of the file) before the keys.")
        var select: Int?

        @Flag(help: "Keep colours as ANSI SGR escapes.")
        var ansi = false

        @OptionGroup var output: OutputOptions

        @OptionGroup var export: ExportOptions

        func validate() throws {
            guard parsedSize != nil else { throw ValidationError("--size must be WIDTHxHEIGHT, e.g. 120x40") }
        }

        var parsedSize: (Int, Int)? {
            let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
            guard parts.count == 2, parts[0] >= 1, parts[1] >= 1, parts[0] <= 1000, parts[1] <= 500 else { return nil }
            return (parts[0], parts[1])
        }

        func run() throws {
            try Diagnostics.reportingErrors {
                let events = try KeyTokens.parse(keys)
                let (w, h) = parsedSize!
                let state = try ExplorerSetup.state(data: data, model: model, display: display, width: w, height: h, select: select, modelPath: modelPath)
                // No terminal is drawn to: TERM says nothing here, NO_COLOR still does.
                var environment = ProcessInfo.processInfo.environment
                environment["TERM"] = nil
                let mode = display.mode(capabilities: TerminalCapabilities(colorCount: 256, unicode: true),
                                        environment: environment)
                // Plain text keeps characters, not greys: pictures come out as shades there.
                let theme = ansi ? Theme(mode: mode) : Theme(mode: mode).forPlainText
                let exporter = Exporter(directory: export.exportDir, theme: theme)
                // The screen waits for every computation (at 70,000 × 784 the bootstrap's 100 runs take
                // a minute): on a terminal, stderr says what it waits for.
                var session = HeadlessSession(state: state, performIO: { exporter.perform($0, state: $1) },
                                              progress: Diagnostics.stderrIsTerminal ? Self.showProgress : nil)
                defer { Diagnostics.clearProgress() }
                session.send(events)
                let screen = render(session.state, theme: theme)
                try output.destination.write((ansi ? screen.ansiText : screen.plainText) + "\n")
            }
        }

        /// What the screen is waiting for, as the explorer's status line and side panel say it.
        static func showProgress(_ state: AppState) {
            if let busy = state.busy {
                Diagnostics.progress("render: \(busy.what)…")
            } else if let done = state.bootstrapDone {
                Diagnostics.progress("render: bootstrap \(done)/\(state.bootstrapRuns) runs…")
            } else {
                Diagnostics.progress("render: computing…")
            }
        }
    }
}
