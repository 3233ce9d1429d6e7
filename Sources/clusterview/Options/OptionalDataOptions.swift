import ArgumentParser
import ClusterKit

/// A data file that may be left out (for `membership`, which can answer from a saved model
/// alone), with the same reading options as `DataOptions`.
struct OptionalDataOptions: ParsableArguments {
    @Argument(help: "A CSV or TSV file, or - for standard input (optional with --model).")
    var file: String?

    @OptionGroup var selection: DataSelection

    func validate() throws {
        if selection.sample != nil {
            throw ValidationError("--sample is for fit, features, sweep, render and the explorer; membership answers every query row")
        }
    }

    func loadOptions(defaultColumns: [String]? = nil) -> LoadOptions { selection.loadOptions(defaultColumns: defaultColumns) }
    var standardize: Bool { selection.standardize }
    var normalization: RowNormalization { selection.normalization }
    var columns: String? { selection.columns }
    var parsedDelimiter: UInt8? { selection.parsedDelimiter }
}
