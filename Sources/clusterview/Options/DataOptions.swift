import ArgumentParser
import ClusterKit

/// Which file and which of its columns to cluster; shared by every command that reads data.
struct DataOptions: ParsableArguments {
    @Argument(help: "A CSV or TSV file, or - for standard input.")
    var file: String

    @Option(help: "Field delimiter: ',', ';', 'tab' (default: sniffed).")
    var delimiter: String?

    @Option(help: "Feature columns by header name, comma-separated (default: every numeric column).")
    var columns: String?

    @Option(help: "The label column (default: the last text column). Used for colours and ARI only.")
    var label: String?

    @Option(help: "Fill missing feature values instead of dropping their rows: mean.")
    var impute: String?

    @Flag(help: "Z-score every feature (population std) and cluster in that space.")
    var standardize = false

    func validate() throws {
        if let delimiter, parsedDelimiter(delimiter) == nil {
            throw ValidationError("--delimiter must be ',', ';' or 'tab', not '\(delimiter)'")
        }
        if let impute, impute != "mean" { throw ValidationError("--impute takes 'mean', not '\(impute)'") }
    }

    var loadOptions: LoadOptions {
        LoadOptions(delimiter: delimiter.flatMap(parsedDelimiter),
                    columns: columns.map { $0.split(separator: ",").map { String($0) } },
                    label: label, impute: impute == "mean" ? .mean : .none)
    }

    /// The name used in messages.
    var sourceName: String { file == "-" ? "<stdin>" : file }

    private func parsedDelimiter(_ text: String) -> UInt8? {
        switch text {
        case ",": return UInt8(ascii: ",")
        case ";": return UInt8(ascii: ";")
        case "tab", "\\t", "\t": return UInt8(ascii: "\t")
        default: return nil
        }
    }
}
