import ArgumentParser
import ClusterKit
import ClusterViewUI

/// How the explorer (and `render`) draws: projection, colour and character set.
struct DisplayOptions: ParsableArguments {
    @Option(help: "Plot axes: pca, or two feature columns as COL,COL.")
    var projection: String = "pca"

    @Option(help: "Colour: auto (follows the terminal and NO_COLOR), always, never.")
    var color: ColorChoice = .auto

    @Flag(help: "Draw with ASCII characters only (no Braille, no box drawing).")
    var ascii = false

    @Option(help: "Bootstrap runs for the bootstrap rule.")
    var bootstrapRuns: Int = 100

    @Option(help: "Rows per bootstrap resample: beyond this many rows, each run fits a resample of this size (an m-out-of-n bootstrap), so the bootstrap takes seconds at any N (default: 20,000; on wide data fewer, 64 MB per resample but at least 1,000 rows: 10,699 at 784 features).")
    var bootstrapResample: Int?

    @Option(help: "Draw each row and each centroid as a WxH grayscale picture in the side panel (e.g. 8x8; W·H must be the number of features, stored row by row).")
    var image: String?

    /// The parsed `--image`; nil when not given (validate() has rejected a malformed one).
    var imageShape: ImageShape? { image.flatMap(ImageShape.init(parsing:)) }

    func validate() throws {
        if let image, ImageShape(parsing: image) == nil {
            throw ValidationError("--image must be WIDTHxHEIGHT in pixels, e.g. 8x8 (got '\(image)')")
        }
        guard bootstrapRuns >= 1 else { throw ValidationError("--bootstrap-runs must be at least 1") }
        guard (bootstrapResample ?? 2) >= 2 else { throw ValidationError("--bootstrap-resample must be at least 2") }
    }

    /// The axes for the data's features, or an error naming the unknown column.
    func axes(for dataset: Dataset) throws -> (Axis, Axis) {
        if projection.lowercased() == "pca" { return (.principal(0), .principal(1)) }
        let names = projection.split(separator: ",").map(String.init)
        guard names.count == 2 else { throw ValidationError("--projection takes pca or two columns COL,COL") }
        let columns = try names.map { name -> Int in
            guard let c = dataset.featureNames.firstIndex(of: name) else {
                throw ModelError("--projection: no feature column '\(name)' (features: \(dataset.featureNames.joined(separator: ", ")))")
            }
            return c
        }
        return (.column(columns[0]), .column(columns[1]))
    }

    func mode(capabilities: TerminalCapabilities, environment: [String: String]) -> DisplayMode {
        DisplayMode.choose(colorChoice: color, asciiOnly: ascii, capabilities: capabilities, environment: environment)
    }
}

extension ColorChoice: ExpressibleByArgument {}
