import ArgumentParser
import ClusterKit

/// `DataOptions` with the file optional: for `membership`, which can answer from a saved model
/// alone. Same option names and meanings as `DataOptions`.
struct OptionalDataOptions: ParsableArguments {
    @Argument(help: "A CSV or TSV file, or - for standard input (optional with --model).")
    var file: String?

    @Option(help: "Field delimiter: ',', ';', 'tab' (default: sniffed).")
    var delimiter: String?

    @Option(help: "Feature columns by header name, comma-separated (default: every numeric column; with --model, the model's).")
    var columns: String?

    @Option(help: "The label column (default: the last text column). Used for colours and ARI only.")
    var label: String?

    @Option(help: "Fill missing feature values instead of dropping their rows: mean.")
    var impute: String?

    @Flag(help: "Z-score every feature (population std) and cluster in that space (ignored with --model: the model says).")
    var standardize = false

    func validate() throws {
        if let delimiter, DelimiterText.parse(delimiter) == nil {
            throw ValidationError("--delimiter must be ',', ';' or 'tab', not '\(delimiter)'")
        }
        if let impute, impute != "mean" { throw ValidationError("--impute takes 'mean', not '\(impute)'") }
    }

    /// How to read FILE; `defaultColumns` apply when --columns is not given.
    func loadOptions(defaultColumns: [String]? = nil) -> LoadOptions {
        LoadOptions(delimiter: delimiter.flatMap(DelimiterText.parse),
                    columns: columns.map { $0.split(separator: ",").map { String($0) } } ?? defaultColumns,
                    label: label, impute: impute == "mean" ? .mean : .none)
    }

    var parsedDelimiter: UInt8? { delimiter.flatMap(DelimiterText.parse) }
}

/// The `--delimiter` words, as `DataOptions` reads them.
enum DelimiterText {
    static func parse(_ text: String) -> UInt8? {
        switch text {
        case ",": return UInt8(ascii: ",")
        case ";": return UInt8(ascii: ";")
        case "tab", "\\t", "\t": return UInt8(ascii: "\t")
        default: return nil
        }
    }
}
