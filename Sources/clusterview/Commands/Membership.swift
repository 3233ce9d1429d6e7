import ArgumentParser
import ClusterKit
import ClusterIO

extension ClusterView {
    /// Memberships of new points (or of data rows) under a fitted or saved model.
    struct Membership: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Membership of new points: distances, hard cluster and every rule's values, from a fit or a saved model.",
            discussion: """
                Fits FILE with the model options (or loads --model) and answers each query: --point X1,X2,... \
                (the file's own units and column order), every row of --query FILE.csv (a header naming the \
                columns, in any order; the training label column may be present), or --row I (a data row of \
                FILE, 0-based as fit's row column). Queries are numbered: every --point, then the --query \
                files' rows, then every --row. Points are standardised with the fitted scaler when the model \
                was. With --model nothing is fitted: the fit options are not used, except --beta and \
                --fuzziness, which replace the model's; FILE is optional and must have the model's columns \
                (docs/model-format.md).

                CSV: query,source,rule,cluster,v_0..v_{k-1}: per query a line with rule 'distance' (the \
                Euclidean distances to the centroids, in the clustering space), then one line per rule; \
                empty values where a rule has no answer. JSON: an array with one object per query holding \
                query, source, point, distances, cluster and one array per rule keyed by its name.

                Streaming: --query - reads standard input, and every query file is read, answered and \
                written in batches, so memory stays bounded (under 100 MB) for input of any size and \
                membership can sit in a pipe. The CSV columns are a stable contract: query (numbered from 0 \
                across all queries), source (FILE:LINE, <stdin>:LINE for -, --point N, row I), rule, cluster, \
                v_0..v_{k-1}. With --output nothing is written on an error; on standard output the answers \
                before the bad row may already have been printed (outputs under 1 MB are printed whole or not \
                at all).

                Rules (default: all but bootstrap): softmax, gmm, inverse-power, bootstrap, cosine, linear, \
                fuzzy, or 'all'. bootstrap runs --bootstrap-runs k-means fits, or uses the sets saved in --model.

                Examples:
                  clusterview membership datasets/iris.csv --point 5.9,3.0,4.2,1.5
                  clusterview membership datasets/iris.csv --method gmm --row 70 \\
                      --row 133 --format json
                  clusterview membership datasets/wine.csv --standardize \\
                      --query new-wines.csv --rules softmax,gmm
                  clusterview fit datasets/iris.csv --save-model iris-model.json
                  clusterview membership --model iris-model.json \\
                      --point 6.1,2.8,4.7,1.2 --beta 2
                  cat new-*.csv | clusterview membership --model iris-model.json \\
                      --query - --rules softmax
                """)

        @OptionGroup var data: OptionalDataOptions
        @OptionGroup var model: ModelOptions

        @Option(name: .customLong("model"), help: "A model saved by fit --save-model: answer with it instead of fitting FILE.")
        var modelPath: String?

        @Option(name: .customLong("point"), parsing: .unconditionalSingleValue,
                help: ArgumentHelp("A query point X1,X2,... in the file's units and column order (repeatable).", valueName: "x1,x2,..."))
        var pointTexts: [String] = []

        @Option(name: .customLong("query"), help: ArgumentHelp("A CSV of query points whose header names the columns (.csv.gz, a folder of Spark part files or - too; repeatable).", valueName: "query.csv"))
        var queryFiles: [String] = []

        @Option(name: .customLong("row"), help: ArgumentHelp("A data row of FILE (0-based, as fit's row column) as a query (repeatable).", valueName: "i"))
        var rows: [Int] = []

        @Option(help: "Rules, comma-separated: softmax, gmm, inverse-power, bootstrap, cosine, linear, fuzzy, or all.")
        var rules: String?

        @Option(help: "k-means runs for the bootstrap rule (without --model).")
        var bootstrapRuns: Int = 100

        @Option(help: "Rows per bootstrap resample (m-out-of-n beyond this many rows; without --model; default: as the explorer's --bootstrap-resample).")
        var bootstrapResample: Int?

        @Option(help: "Output format: csv or json.")
        var format: OutputFormat = .csv

        @OptionGroup var output: OutputOptions

        static let defaultRules: [MembershipRule] = [.softmax, .gmm, .inversePower, .cosine, .linear, .fuzzy]

        func validate() throws {
            guard !pointTexts.isEmpty || !queryFiles.isEmpty || !rows.isEmpty else {
                throw ValidationError("give at least one query: --point X1,X2,..., --query FILE.csv or --row I")
            }
            guard data.file != nil || modelPath != nil else {
                throw ValidationError("give a data FILE to fit, or --model MODEL.json")
            }
            if !rows.isEmpty && data.file == nil { throw ValidationError("--row needs the data FILE") }
            if let bad = rows.first(where: { $0 < 0 }) { throw ValidationError("--row \(bad): rows count from 0") }
            guard bootstrapRuns >= 1 else { throw ValidationError("--bootstrap-runs must be at least 1") }
            guard (bootstrapResample ?? 2) >= 2 else { throw ValidationError("--bootstrap-resample must be at least 2") }
            _ = try parsedRules()
        }

        func parsedRules() throws -> [MembershipRule] {
            guard let rules else { return Self.defaultRules }
            var out: [MembershipRule] = []
            for name in rules.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
                if name == "all" { out += MembershipRule.allCases; continue }
                guard let rule = MembershipRule.allCases.first(where: { $0.rawValue == name || $0.shortName == name }) else {
                    throw ValidationError("--rules: unknown rule '\(name)' (softmax, gmm, inverse-power, bootstrap, cosine, linear, fuzzy, all)")
                }
                out.append(rule)
            }
            guard !out.isEmpty else { throw ValidationError("--rules: name at least one rule") }
            var seen = Set<MembershipRule>()
            return out.filter { seen.insert($0).inserted }
        }

        func run() throws {
            try Diagnostics.reportingErrors {
                let rules = try parsedRules()
                let answering = try answerer(rules: rules)
                // Points and rows are checked before anything is written; query files are then
                // read, answered and written batch by batch (bounded memory, works in a pipe).
                var points: [(source: String, raw: [Double])] = []
                for (i, text) in pointTexts.enumerated() {
                    points.append(("--point \(i + 1)", try QueryPoints.parse(text, columns: answering.columns)))
                }
                var dataRows: [(source: String, raw: [Double])] = []
                for row in rows {
                    guard let prepared = answering.data, let position = prepared.position(ofFileRow: row) else {
                        let total = (answering.data?.dataset.count ?? 0) + (answering.data?.dataset.dropped.count ?? 0)
                        throw ModelError("--row \(row): " + (row < total ? "the row was dropped (a missing value)" : "out of range (the file has \(total) data rows)"))
                    }
                    dataRows.append(("row \(row)", Array(prepared.dataset.row(position))))
                }
                let destination = try output.destination.open()
                try destination.finish { emit in try withoutActuallyEscaping(emit) { emit in
                    // Every query is checked (ValueRange) before its batch is answered.
                    let checked = { (batch: [(source: String, raw: [Double])]) throws -> [(source: String, raw: [Double])] in
                        for q in batch {
                            try ValueRange.checkQuery(answering.toClustering(q.raw), centroids: answering.context.centroids, name: q.source)
                        }
                        return batch
                    }
                    var writer = MembershipWriter(json: format == .json, context: answering.context, rules: rules,
                                                  toClustering: answering.toClustering, emit: emit)
                    // Query rows are written behind the reading: nothing may be written after this
                    // closure, and an error in the answers so far comes before a later one.
                    defer { writer.drain() }
                    try writer.begin()
                    try writer.answer(checked(points))
                    for file in queryFiles {
                        let name = DataLoading.sourceName(file)
                        var stream = QueryStream(source: name, columns: answering.columns, label: answering.label,
                                                 delimiter: data.parsedDelimiter)
                        do {
                            // Each batch of rows is checked (ValueRange) and answered by the writer.
                            // The same input layer as FILE: `-`, .csv.gz and Spark part folders too.
                            try InputFile.open(file).forEachChunk { bytes in
                                try writer.answer(try stream.feedRows(bytes), source: name)
                                return true
                            }
                            try writer.answer(try stream.finishRows(), source: name)
                        } catch {
                            try writer.flush()
                            throw error
                        }
                    }
                    try writer.flush()
                    try writer.answer(checked(dataRows))
                    try writer.end()
                } }
            }
        }

        /// What answers the queries: a fresh fit of FILE, or a saved model (checked against FILE).
        struct Answerer {
            var context: MembershipContext
            var columns: [String]
            var label: String?
            var toClustering: ([Double]) -> [Double]
            /// FILE, when given (for --row).
            var data: PreparedData?
        }

        func answerer(rules: [MembershipRule]) throws -> Answerer {
            if let modelPath {
                let saved = try ModelFile.load(modelPath)
                if let asked = data.selection.normalizeOption, asked != saved.normalization {
                    throw ModelError("\(modelPath): the model was fitted with --normalize \(saved.normalization.rawValue), "
                        + "not \(asked.rawValue) (the model says how query rows are normalised; leave --normalize out)")
                }
                var prepared: PreparedData?
                if let file = data.file {
                    let p: PreparedData
                    do {
                        p = try DataLoading.prepare(file: file, options: data.loadOptions(defaultColumns: saved.columns),
                                                    standardize: false)
                    } catch let error as DataError where data.columns == nil && file != "-" {
                        // The file lacks some of the model's columns: say which, from its own numeric columns.
                        guard let own = try? Dataset.load(csv: InputFile.read(file), source: file, options: data.loadOptions()) else { throw error }
                        try saved.checkColumns(own.featureNames, dataSource: file, modelSource: modelPath)
                        throw error
                    }
                    try saved.checkColumns(p.dataset.featureNames, dataSource: p.dataset.source, modelSource: modelPath)
                    prepared = p
                }
                if rules.contains(.bootstrap) && saved.bootstrap == nil {
                    throw ModelError("\(modelPath): the model holds no bootstrap centroid sets "
                        + "(save them with fit --save-model MODEL.json --bootstrap-runs 100)")
                }
                var context = MembershipContext(savedModel: saved, beta: model.betaOption, fuzziness: model.fuzzinessOption)
                if model.betaIsAuto {
                    // The rows to match on: FILE's, mapped as the model maps every query.
                    guard let rows = prepared else {
                        throw ModelError("--beta auto with --model needs FILE, the rows to match the gmm rule on "
                                         + "(or save the model with fit --beta auto, which stores the β it chose)")
                    }
                    let mapped = (0..<rows.matrix.rows).flatMap { saved.clusteringPoint(fromRaw: rows.matrix.row($0)) }
                    _ = try AutoBeta.apply(to: &context, rows: Matrix(rows: rows.matrix.rows, columns: saved.dimension, values: mapped),
                                           command: "membership")
                }
                return Answerer(context: context, columns: saved.columns, label: saved.label, toClustering: saved.clusteringPoint,
                                data: prepared)
            }
            let prepared = try DataLoading.prepare(file: data.file!, options: data.loadOptions(), standardize: data.standardize,
                                                   normalization: data.normalization)
            let pipeline = try Pipeline(prepared: prepared, settings: try model.settings(for: prepared), initDescription: model.initText)
            let fitted = try pipeline.fit()
            let bootstrap = rules.contains(.bootstrap) ? pipeline.bootstrap(fitted, runs: bootstrapRuns, resampleSize: bootstrapResample) : nil
            var context = MembershipContext(data: prepared, model: fitted, settings: pipeline.settings, bootstrap: bootstrap)
            if model.betaIsAuto { _ = try AutoBeta.apply(to: &context, rows: prepared.matrix, command: "membership") }
            return Answerer(context: context,
                            columns: prepared.dataset.featureNames, label: prepared.dataset.labelName,
                            toClustering: prepared.clusteringPoint, data: prepared)
        }
    }
}
