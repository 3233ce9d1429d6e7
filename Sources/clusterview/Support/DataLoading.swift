import ClusterKit
import ClusterIO

/// Loading a data file outside `Pipeline`: for commands that fit several ks or none at all.
enum DataLoading {
    /// Reads and prepares `file` (`-` for standard input), with the same notes as `Pipeline`.
    static func prepare(file: String, options: LoadOptions, standardize: Bool,
                        normalization: RowNormalization = .none) throws -> PreparedData {
        let dataset = try InputFile.loadDataset(file, source: sourceName(file), options: options)
        noteLoaded(dataset)
        return try PreparedData.checked(dataset, standardize: standardize, normalization: normalization)
    }

    /// Says on stderr what loading left out or filled in: the rows dropped for a missing value
    /// (`Dataset.droppedSummary`) and the values `--impute mean` filled. Every command's one note.
    static func noteLoaded(_ dataset: Dataset) {
        if let summary = dataset.droppedSummary { Diagnostics.note(summary) }
        if dataset.imputedCount > 0 { Diagnostics.note("filled \(dataset.imputedCount) missing values with the column mean") }
    }

    /// The dataset of `data`'s file: every row, or with `--sample N` a uniform sample of N rows
    /// drawn with `seed` in one streaming pass (the sample's size is noted on stderr and kept in
    /// `Dataset.sample`). `options` replaces the file's own load options (e.g. a model's columns).
    static func load(_ data: DataOptions, options: LoadOptions? = nil, seed: UInt32) throws -> Dataset {
        let options = options ?? data.loadOptions
        guard let size = data.sample else {
            return try InputFile.loadDataset(data.file, source: data.sourceName, options: options)
        }
        let dataset = try sample(data.file, size: size, seed: UInt64(seed), options: options)
        if let summary = dataset.sample { Diagnostics.note("\(data.sourceName): \(summary.description)") }
        return dataset
    }

    /// A uniform sample of `size` rows of `file`, read in chunks: memory holds the sample and one chunk.
    static func sample(_ file: String, size: Int, seed: UInt64, options: LoadOptions) throws -> Dataset {
        let input = try InputFile.open(file)
        var sampler = CSVSampler(sampleSize: size, seed: seed, source: sourceName(file), options: options)
        var done = 0
        try input.forEachChunk(size: 4 << 20) { bytes in
            try sampler.consume(bytes)
            done += bytes.count
            if done % (64 << 20) < bytes.count { Diagnostics.progress("sampling: \(sampler.rowsSeen) rows read") }
            return true
        }
        Diagnostics.clearProgress()
        return try sampler.finish()
    }

    /// Reads and prepares `data`'s file as `prepare(file:options:standardize:)` does, honouring
    /// `--sample` (drawn with `seed`).
    static func prepare(_ data: DataOptions, seed: UInt32) throws -> PreparedData {
        let dataset = try load(data, seed: seed)
        noteLoaded(dataset)
        return try PreparedData.checked(dataset, standardize: data.standardize, normalization: data.normalization)
    }

    static func sourceName(_ file: String) -> String { InputFile.sourceName(file) }

    /// The ks of `-k` for features and sweep, checked against the rows there are.
    static func ks(_ model: ModelOptions, default fallback: [Int], rows: Int, source: String) throws -> [Int] {
        let ks = model.kRange?.values ?? fallback
        if let largest = ks.last { try RowsForK.check(rows: rows, k: largest, source: source) }
        return ks
    }
}

extension Pipeline {
    /// A pipeline over data already loaded, for commands that do not read `DataOptions`.
    init(prepared: PreparedData, settings: ModelSettings, initDescription: String) throws {
        data = prepared
        self.settings = settings
        self.initDescription = initDescription
        try RowsForK.check(rows: prepared.matrix.rows, k: settings.k, source: prepared.dataset.source)
        Self.announceCost(settings, data: prepared)
    }

    /// The bootstrap's B k-means runs on resamples around the fitted centroids, with progress.
    func bootstrap(_ fitted: ClusterModel, runs: Int, resampleSize: Int? = nil) -> Bootstrap {
        let result = Bootstrap.run(data: data.matrix, reference: fitted.centroids, runs: runs, resampleSize: resampleSize,
                                   seed: settings.seed) { done in
            Diagnostics.progress("bootstrap: \(done)/\(runs) runs")
            return true
        }
        Diagnostics.clearProgress()
        return result!
    }
}
