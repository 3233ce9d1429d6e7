import ArgumentParser
import ClusterKit

/// The root command: configuration only; the work is in the subcommands.
@main
struct ClusterView: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clusterview",
        abstract: "See soft cluster membership: k-means, soft k-means, Gaussian mixtures and fuzzy c-means, step by step.",
        discussion: """
            With a file and no subcommand, opens the explorer.

            Examples:
              clusterview datasets/iris.csv
              clusterview datasets/iris.csv --method fcm --fuzziness 1.5
              clusterview fit datasets/iris.csv -k 3 --standardize --format json
              clusterview fit datasets/wine.csv --method gmm --covariance diag \\
                  --init rows:0,59,130
              cat data.tsv | clusterview fit - --columns x,y --output fit.csv
              clusterview fit datasets/iris.csv --save-model iris-model.json
              clusterview membership --model iris-model.json \\
                  --point 5.9,3.0,4.2,1.5 --format json
              clusterview membership datasets/iris.csv --method gmm \\
                  --query datasets/new-flowers.csv
              clusterview features datasets/wine.csv -k 2:10:2 --kind both \\
                  --output wine-features.csv
              clusterview sweep datasets/iris.csv --k 2:12
            """,
        // The kernels in use belong in every bug report: `clusterview --version` prints them.
        version: "clusterview \(version)\n\(KernelLevel.summary)",
        subcommands: [Explore.self, Fit.self, Membership.self, Features.self, Sweep.self, Render.self, Keys.self, Bench.self],
        defaultSubcommand: Explore.self
    )

    static let version = "0.1.0"

    /// Refuses a `CLUSTERVIEW_KERNELS` that names no level (one line, exit 1) before any command
    /// runs: a misspelt `portable` must not silently run the vectorised kernels.
    static func main() {
        if case .failure(let unknown) = KernelLevel.requestedCap() { Self.exit(withError: Diagnostics.fail(unknown)) }
        main(nil)
    }
}
