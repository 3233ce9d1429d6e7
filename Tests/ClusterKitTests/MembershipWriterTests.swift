import Foundation
import XCTest
@testable import ClusterKit

/// The direct CSV path for query files (`MembershipWriter.answer(_:source:)`, `MembershipCSVRows`)
/// writes exactly the bytes of the reference path, `MembershipReport.appendCSV` over
/// `MembershipContext.answer(for:rules:)`: every method and covariance type, raw and standardised
/// data, each rule alone and all together, a Spark model with a density floor; points on a
/// centroid, far away, tiny and zero; sources that need quoting; batches of any size.
final class MembershipWriterTests: XCTestCase {
    /// Bytes handed to `emit` (on the writer thread, one call at a time).
    final class Sink: @unchecked Sendable {
        var bytes: [UInt8] = []
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// The reference: the header, then each row's lines as `MembershipReport` writes them.
    func reference(_ context: MembershipContext, rules: [MembershipRule], source: String, rows: QueryRows) -> String {
        var out = ByteBuffer()
        out.append(MembershipReport.csvHeader(k: context.k))
        for i in 0..<rows.count {
            let raw = rows.point(i)
            let query = MembershipReport.Query(source: "\(source):\(rows.lines[i])", rawPoint: raw,
                                               answer: context.answer(for: context.clusteringPoint(fromRaw: raw), rules: rules))
            MembershipReport.appendCSV(query, number: i, k: context.k, to: &out)
        }
        return out.text
    }

    /// The rows written through the direct path, handed over in batches of `batch` rows.
    func streamed(_ context: MembershipContext, rules: [MembershipRule], source: String, rows: QueryRows,
                  batch: Int, json: Bool = false) throws -> String {
        let sink = Sink()
        var writer = MembershipWriter(json: json, context: context, rules: rules, toClustering: context.clusteringPoint(fromRaw:),
                                      emit: { sink.bytes += $0 })
        defer { writer.drain() }
        try writer.begin()
        var lo = 0
        while lo < rows.count {
            let hi = min(rows.count, lo + batch)
            try writer.answer(QueryRows(lines: Array(rows.lines[lo..<hi]), values: Array(rows.values[(lo * rows.dimension)..<(hi * rows.dimension)]),
                                        dimension: rows.dimension), source: source)
            lo = hi
        }
        try writer.end()
        return sink.text
    }

    /// Data rows, centroids (mapped back to the file's units), zero, tiny and far points.
    func queries(_ data: PreparedData, centroids: Matrix, random: inout NumPyRandomState) -> QueryRows {
        let d = data.dataset.dimension
        var points: [[Double]] = (0..<min(data.dataset.count, 40)).map { Array(data.dataset.row($0)) }
        for j in 0..<centroids.rows {
            let c = centroids.row(j)
            points.append(data.standardized ? data.scaler.inverseTransform(point: c) : c)
        }
        points.append([Double](repeating: 0, count: d))
        points.append([Double](repeating: 1e-300, count: d))
        points.append((0..<d).map { _ in (random.nextDouble() - 0.5) * 1e140 })
        points.append((0..<d).map { _ in (random.nextDouble() - 0.5) * 100 })
        return QueryRows(lines: points.indices.map { $0 * 3 + 2 }, values: points.flatMap { $0 }, dimension: d)
    }

    func dataset(_ file: String, standardize: Bool) throws -> PreparedData {
        let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/\(file)")))
        return PreparedData(try Dataset.load(csv: bytes, source: file), standardize: standardize)
    }

    func testDirectCSVEqualsTheReferenceForEveryMethodRuleAndScaling() throws {
        var random = NumPyRandomState(seed: 11)
        let ruleSets: [[MembershipRule]] = [MembershipRule.allCases, [.softmax, .gmm, .inversePower, .cosine, .linear, .fuzzy]]
            + MembershipRule.allCases.map { [$0] } + [[.fuzzy, .softmax]]
        var compared = 0
        for file in ["iris.csv", "wine.csv"] {
            for standardize in [false, true] {
                let data = try dataset(file, standardize: standardize)
                for method in ClusteringMethod.allCases {
                    for covariance in method == .gmm ? CovarianceType.allCases : [.full] {
                        var settings = ModelSettings(method: method, k: 3, covarianceType: covariance, initMethod: .rows([0, 60, 120]))
                        settings.beta = method == .soft ? 0.5 : 1
                        let model = try ClusterModel.initial(data.matrix, settings).run()
                        let bootstrap = Bootstrap.run(data: data.matrix, reference: model.centroids, runs: 4, seed: 2)
                        let context = MembershipContext(data: data, model: model, settings: settings, bootstrap: bootstrap)
                        let rows = queries(data, centroids: model.centroids, random: &random)
                        for rules in ruleSets {
                            let what = "\(file) std=\(standardize) \(method.rawValue) \(covariance.rawValue) \(rules.map(\.rawValue))"
                            let expected = reference(context, rules: rules, source: "q.csv", rows: rows)
                            for batch in [1, 7, 5000] {
                                let got = try streamed(context, rules: rules, source: "q.csv", rows: rows, batch: batch)
                                XCTAssertEqual(got, expected, "\(what) batch \(batch)")
                                compared += 1
                            }
                        }
                    }
                }
            }
        }
        // Per file and scaling: one model per method, but GMM once per covariance type.
        XCTAssertEqual(compared, 2 * 2 * (ClusteringMethod.allCases.count - 1 + CovarianceType.allCases.count) * 10 * 3)
    }

    // With --normalize l2 (and z-scoring after it) the direct path normalises each query row as
    // the reference does; and the answers differ from those of the raw rows (it was applied).
    func testDirectCSVNormalisesRowsAsTheReference() throws {
        var random = NumPyRandomState(seed: 12)
        for standardize in [false, true] {
            let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/wine.csv")))
            let data = PreparedData(try Dataset.load(csv: bytes, source: "wine.csv"), standardize: standardize, normalization: .l2)
            for method in ClusteringMethod.allCases {
                let settings = ModelSettings(method: method, k: 3, covarianceType: .diag, initMethod: .rows([0, 60, 120]))
                let model = try ClusterModel.initial(data.matrix, settings).run()
                let context = MembershipContext(data: data, model: model, settings: settings)
                let rows = queries(data, centroids: model.centroids, random: &random)
                let rules: [MembershipRule] = [.softmax, .gmm, .inversePower, .cosine, .linear, .fuzzy]
                let expected = reference(context, rules: rules, source: "q.csv", rows: rows)
                XCTAssertEqual(try streamed(context, rules: rules, source: "q.csv", rows: rows, batch: 7), expected,
                               "std=\(standardize) \(method.rawValue)")
                XCTAssertEqual(context.clusteringPoint(fromRaw: data.dataset.matrix.row(3)), data.matrix.row(3))
            }
        }
    }

    // More rows than a chunk (512) and than the chunks in flight, with sources that need quoting.
    func testManyRowsAndQuotedSourcesEqualTheReference() throws {
        let data = try dataset("iris.csv", standardize: false)
        let settings = ModelSettings(method: .kmeans, k: 4, initMethod: .rows([0, 50, 100, 149]))
        let model = try ClusterModel.initial(data.matrix, settings).run()
        let context = MembershipContext(data: data, model: model, settings: settings)
        var random = NumPyRandomState(seed: 5)
        func rows(_ n: Int) -> QueryRows {
            QueryRows(lines: (0..<n).map { $0 + 2 }, values: (0..<(n * 4)).map { _ in random.nextDouble() * 8 }, dimension: 4)
        }
        let rules: [MembershipRule] = [.softmax, .gmm, .inversePower, .cosine, .linear, .fuzzy]
        // 16 chunks of 512 rows are in flight at most: 9,000 rows make the reader wait for the writer.
        let many = rows(9_000)
        XCTAssertEqual(try streamed(context, rules: rules, source: "<stdin>", rows: many, batch: 4_000),
                       reference(context, rules: rules, source: "<stdin>", rows: many))
        let few = rows(30)
        for source in ["a,b.csv", "say \"hi\".csv", "line\nbreak.csv", "plain.csv"] {
            XCTAssertEqual(try streamed(context, rules: rules, source: source, rows: few, batch: 7),
                           reference(context, rules: rules, source: source, rows: few), source)
        }
    }

    // A model exported from Spark (density floor): the gmm rule and the hard cluster its way.
    func testSparkDensityFloorModelEqualsTheReference() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "spark_gmm_raw.model", withExtension: "json", subdirectory: "Fixtures"))
        let model = try SavedModel(json: [UInt8](Data(contentsOf: url)), source: "spark.json")
        XCTAssertGreaterThan(model.densityFloor, 0)
        let context = MembershipContext(savedModel: model)
        var random = NumPyRandomState(seed: 9)
        let d = model.columns.count, n = 500
        let centre = (0..<d).map { f in (0..<context.k).map { context.centroids[$0, f] }.reduce(0, +) / Double(context.k) }
        let values = (0..<(n * d)).map { i in centre[i % d] + (random.nextDouble() - 0.5) * 4 * (abs(centre[i % d]) + 1) }
        let rows = QueryRows(lines: (0..<n).map { $0 + 2 }, values: values, dimension: d)
        for rules in [[MembershipRule.gmm], [.softmax, .gmm, .inversePower, .cosine, .linear, .fuzzy]] {
            XCTAssertEqual(try streamed(context, rules: rules, source: "<stdin>", rows: rows, batch: 64),
                           reference(context, rules: rules, source: "<stdin>", rows: rows))
        }
    }

    // JSON takes the reference path: the same text as MembershipReport.json().
    func testJSONEqualsTheReport() throws {
        let data = try dataset("iris.csv", standardize: true)
        let settings = ModelSettings(method: .gmm, k: 3, initMethod: .rows([0, 60, 120]))
        let model = try ClusterModel.initial(data.matrix, settings).run()
        let context = MembershipContext(data: data, model: model, settings: settings)
        var random = NumPyRandomState(seed: 1)
        let rows = queries(data, centroids: model.centroids, random: &random)
        let rules: [MembershipRule] = [.softmax, .gmm, .cosine]
        let report = MembershipReport(k: 3, rules: rules, queries: (0..<rows.count).map { i in
            MembershipReport.Query(source: "q.csv:\(rows.lines[i])", rawPoint: rows.point(i),
                                   answer: context.answer(for: context.clusteringPoint(fromRaw: rows.point(i)), rules: rules))
        })
        XCTAssertEqual(try streamed(context, rules: rules, source: "q.csv", rows: rows, batch: 5, json: true), report.json())
    }

    // A row too far to measure: the error ValueRange.checkQuery gives for it, thrown before
    // anything from its chunk on is written; what was written is a prefix of the rows before it.
    func testATooFarRowStopsWithCheckQuerysError() throws {
        let data = try dataset("iris.csv", standardize: false)
        let settings = ModelSettings(method: .kmeans, k: 3, initMethod: .rows([0, 60, 120]))
        let model = try ClusterModel.initial(data.matrix, settings).run()
        let context = MembershipContext(data: data, model: model, settings: settings)
        let n = 5_000, bad = 3_500
        var values = (0..<(n * 4)).map { Double($0 % 7) }
        values[bad * 4 + 2] = -3e200
        values[(bad + 10) * 4] = 5e250
        let rows = QueryRows(lines: (0..<n).map { $0 + 2 }, values: values, dimension: 4)
        let rules: [MembershipRule] = [.softmax, .fuzzy]
        var expectedError = ""
        do {
            try ValueRange.checkQuery(rows.point(bad), centroids: model.centroids, name: "q.csv:\(bad + 2)")
            XCTFail("the reference check accepts the far row")
        } catch { expectedError = "\(error)" }
        let good = QueryRows(lines: Array(rows.lines[..<bad]), values: Array(values[..<(bad * 4)]), dimension: 4)
        let before = reference(context, rules: rules, source: "q.csv", rows: good)
        for batch in [100, 5_000] {
            let sink = Sink()
            var writer = MembershipWriter(json: false, context: context, rules: rules, toClustering: { $0 }, emit: { sink.bytes += $0 })
            var thrown: Error?
            do {
                try writer.begin()
                var lo = 0
                while lo < n {
                    let hi = min(n, lo + batch)
                    try writer.answer(QueryRows(lines: Array(rows.lines[lo..<hi]), values: Array(values[(lo * 4)..<(hi * 4)]), dimension: 4),
                                      source: "q.csv")
                    lo = hi
                }
                try writer.end()
            } catch { thrown = error }
            writer.drain()
            XCTAssertEqual(thrown.map { "\($0)" }, expectedError, "batch \(batch)")
            XCTAssert(before.hasPrefix(sink.text), "batch \(batch): the written bytes are not the rows before the far one")
            XCTAssertFalse(sink.text.contains("q.csv:\(bad + 2),"), "batch \(batch)")
        }
    }

    /// The chunks in flight hold about 16 MiB of text whatever k is: 512 rows at small k, fewer
    /// (never under 16) as the lines widen.
    func testChunkRowsKeepTheTextInFlightBounded() {
        XCTAssertEqual(MembershipWriter.rowsPerChunk(k: 8, rules: 7), 512)
        for (k, rules) in [(32, 7), (100, 7), (500, 1), (2000, 7)] {
            let rows = MembershipWriter.rowsPerChunk(k: k, rules: rules)
            XCTAssertLessThan(rows, 512, "k \(k)")
            XCTAssertGreaterThanOrEqual(rows, 16)
            if rows > 16 { XCTAssertLessThanOrEqual(rows * rules * (k * 26 + 48), 1 << 20, "k \(k)") }
        }
        XCTAssertEqual(MembershipWriter.rowsPerChunk(k: 100_000, rules: 7), 16)
    }
}
