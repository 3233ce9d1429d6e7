import ArgumentParser
import ClusterKit

/// How to read a data file and which of its columns to cluster: shared by every command that
/// reads data, whether its file is required (`DataOptions`) or optional (`OptionalDataOptions`).
struct DataSelection: ParsableArguments {
    @Option(help: "Field delimiter: ',', ';', 'tab' (default: sniffed).")
    var delimiter: String?

    @Option(help: "Feature columns by header name, comma-separated (default: every numeric column; with --model, the model's).")
    var columns: String?

    @Option(help: "The label column (default: the last text column). Used for colours and ARI only.")
    var label: String?

    @Option(help: "Fill missing feature values instead of dropping their rows: mean.")
    var impute: String?

    @Option(help: "Decimal mark of the numbers: '.' (default) or ',' as in 2,25 (the delimiter is then sniffed among ';' and tab).")
    var decimal: String?

    @Flag(help: "Z-score every feature (population std) and cluster in that space (with --model, the model says).")
    var standardize = false

    // Row normalisation (issue 16, embeddings): applied to each raw row before any z-scoring.
    @Option(name: .customLong("normalize"), help: ArgumentHelp(
        "Rescale each row before clustering: none (default) or l2 (unit length: cosine geometry, as for text "
            + "embeddings; a row of zeros stays zero). Applied first; --standardize then z-scores the normalised rows. "
            + "With --model, the model says.", valueName: "none|l2"))
    var normalizeOption: RowNormalization?

    var normalization: RowNormalization { normalizeOption ?? .none }

    @Option(help: ArgumentHelp(
        "Use a uniform random sample of N rows, drawn in one pass over a file of any size (--seed picks the sample).",
        valueName: "N"))
    var sample: Int?

    func validate() throws {
        if let delimiter, DelimiterText.parse(delimiter) == nil {
            throw ValidationError("--delimiter must be ',', ';' or 'tab', not '\(delimiter)'")
        }
        if let decimal, decimal != "," && decimal != "." {
            throw ValidationError("--decimal takes ',' or '.', not '\(decimal)'")
        }
        if decimal == ",", parsedDelimiter == UInt8(ascii: ",") {
            throw ValidationError("--decimal , needs a delimiter other than ',' (--delimiter ';' or tab)")
        }
        if let sample, sample < 1 { throw ValidationError("--sample needs at least 1 row, not \(sample)") }
        if let impute, impute != "mean" { throw ValidationError("--impute takes 'mean', not '\(impute)'") }
    }

    /// How to read the file; `defaultColumns` apply when --columns is not given.
    func loadOptions(defaultColumns: [String]? = nil) -> LoadOptions {
        LoadOptions(delimiter: parsedDelimiter,
                    columns: columns.map { $0.split(separator: ",").map { String($0) } } ?? defaultColumns,
                    label: label, impute: impute == "mean" ? .mean : .none, decimalComma: decimal == ",")
    }

    var parsedDelimiter: UInt8? { delimiter.flatMap(DelimiterText.parse) }
}

/// A required data file and how to read it.
struct DataOptions: ParsableArguments {
    @Argument(help: "A CSV or TSV file (.csv.gz too), a folder of Spark part-*.csv files, or - for standard input.")
    var file: String

    @OptionGroup var selection: DataSelection

    /// Rows to sample (`--sample`); it lives in `DataSelection` so that commands which build
    /// their `DataOptions` themselves (the explorer, for standard input) keep it.
    var sample: Int? { selection.sample }

    var loadOptions: LoadOptions { selection.loadOptions() }
    var standardize: Bool { selection.standardize }
    var normalization: RowNormalization { selection.normalization }
    /// The name used in messages.
    var sourceName: String { DataLoading.sourceName(file) }
}

/// The `--delimiter` words.
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

extension RowNormalization: ExpressibleByArgument {}
