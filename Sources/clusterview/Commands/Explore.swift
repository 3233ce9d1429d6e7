import ArgumentParser
import ClusterKit

extension ClusterView {
    /// The interactive explorer (the default command).
    struct Explore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open the explorer: step the algorithm and inspect memberships interactively.")

        @OptionGroup var data: DataOptions
        @OptionGroup var model: ModelOptions

        func run() throws {
            try Diagnostics.reportingErrors {
                let pipeline = try Pipeline(data: data, model: model)
                _ = pipeline
                throw ModelError("the explorer is not built yet")
            }
        }
    }
}
