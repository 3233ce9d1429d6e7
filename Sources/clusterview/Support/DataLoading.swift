import ClusterKit

/// Loading a data file outside `Pipeline`: for commands that fit several ks or none at all.
enum DataLoading {
    /// Reads and prepares `file` (`-` for standard input), with the same notes as `Pipeline`.
    static func prepare(file: String, options: LoadOptions, standardize: Bool) throws -> PreparedData {
        let source = sourceName(file)
        let bytes = try InputFile.read(file)
        let dataset = try Dataset.load(csv: bytes, source: source, options: options)
        if let summary = dataset.droppedSummary { Diagnostics.note(summary) }
        if dataset.imputedCount > 0 { Diagnostics.note("filled \(dataset.imputedCount) missing values with the column mean") }
        return try PreparedData.checked(dataset, standardize: standardize)
    }

    static func sourceName(_ file: String) -> String { file == "-" ? "<stdin>" : file }

    /// The ks of `-k` for features and sweep, checked against the rows there are.
    static func ks(_ model: ModelOptions, default fallback: [Int], rows: Int, source: String) throws -> [Int] {
        let ks = model.kRange?.values ?? fallback
        if let big = ks.last, big > rows {
            throw ModelError("\(source): only \(rows) usable rows, fewer than k = \(big)")
        }
        return ks
    }
}

extension Pipeline {
    /// A pipeline over data already loaded, for commands that do not read `DataOptions`.
    init(prepared: PreparedData, settings: ModelSettings, initDescription: String) throws {
        data = prepared
        self.settings = settings
        self.initDescription = initDescription
        if prepared.matrix.rows < settings.k {
            throw ModelError("\(prepared.dataset.source): only \(prepared.matrix.rows) usable rows, fewer than k = \(settings.k)")
        }
    }

    /// The bootstrap's B k-means runs on resamples around the fitted centroids, with progress.
    func bootstrap(_ fitted: ClusterModel, runs: Int) -> Bootstrap {
        let result = Bootstrap.run(data: data.matrix, reference: fitted.centroids, runs: runs, seed: settings.seed) { done in
            Diagnostics.progress("bootstrap: \(done)/\(runs) runs")
            return true
        }
        Diagnostics.clearProgress()
        return result!
    }
}
