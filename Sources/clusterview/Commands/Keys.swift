import ArgumentParser
import ClusterViewUI

extension ClusterView {
    /// The explorer's keys, from the same table the explorer, its help and the README use.
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the explorer's keys (the table its ? help shows).",
            discussion: """
                Examples:
                  clusterview keys
                  clusterview keys --markdown
                """)

        @Flag(help: "Print a Markdown table (the README's).")
        var markdown = false

        func run() {
            if markdown {
                print(KeyBindings.markdownTable)
                return
            }
            let width = KeyBindings.rows.map(\.label.count).max() ?? 0
            for row in KeyBindings.rows {
                print(row.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + row.fullHelp)
            }
        }
    }
}
