import Foundation
import XCTest
@testable import ClusterKit

/// The streamed CSV writers give the same bytes as the String-building code they replaced
/// (kept below, verbatim in its logic, as the oracle), for every method, extra rules and labels.
final class StreamedOutputTests: XCTestCase {
    func load(_ name: String, standardize: Bool) throws -> PreparedData {
        let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/\(name)")))
        return PreparedData(try Dataset.load(csv: bytes, source: name), standardize: standardize)
    }

    /// `FitReport.csv` as it was before streaming (the oracle).
    func legacyFitCSV(_ report: FitReport, extraRules: [MembershipRule] = [], includeLabel: Bool = false) -> String {
        let data = report.data, model = report.model, context = report.context
        let k = model.k
        var header = ["row", "cluster"] + (0..<k).map { "p_\($0)" } + (0..<k).map { "d_\($0)" }
        for rule in extraRules { header += (0..<k).map { "\(rule.rawValue)_\($0)" } }
        if includeLabel, let name = data.dataset.labelName { header.append(csvField(name)) }
        var lines = [header.joined(separator: ",")]
        let own: [Double]
        if let g = model.gaussianMixture { own = g.responsibilities() } else {
            own = (0..<data.matrix.rows).flatMap { context.ownMembership(of: data.matrix.row($0)) }
        }
        for i in 0..<data.matrix.rows {
            let point = data.matrix.row(i)
            var fields = [String(data.dataset.rowIndices[i]), String(model.labels[i])]
            fields += own[(i * k)..<((i + 1) * k)].map { "\($0)" }
            fields += context.distances(of: point).map { "\($0)" }
            for rule in extraRules {
                fields += (context.values(rule, for: point) ?? Array(repeating: .nan, count: k)).map { $0.isNaN ? "" : "\($0)" }
            }
            if includeLabel, data.dataset.labelName != nil { fields.append(csvField(data.dataset.label(of: i) ?? "")) }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `FeatureTable`'s lines as they were before streaming (the oracle).
    func legacyFeatureCSV(_ table: FeatureTable) -> String {
        let data = table.data
        var lines = [table.header]
        for i in 0..<data.matrix.rows {
            let point = data.matrix.row(i)
            var fields = [String(data.dataset.rowIndices[i])]
            for b in table.blocks {
                if table.kind != .proba {
                    for j in 0..<b.k { fields.append("\(squaredDistance(point, b.centroids.row(j)).squareRoot())") }
                }
                if table.kind != .distances, let m = b.mixture {
                    let lp = m.weightedLogProbabilities(of: point)
                    let lse = logSumExp(lp)
                    fields += lp.map { "\(exp($0 - lse))" }
                }
            }
            if data.dataset.labelName != nil { fields.append(csvField(data.dataset.label(of: i) ?? "")) }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func testFitCSVBytesEqualTheStringBuiltOutput() throws {
        let cases: [(String, Bool, ModelSettings)] = [
            ("iris.csv", false, ModelSettings(method: .kmeans, k: 3, seed: 1)),
            ("wine.csv", true, ModelSettings(method: .soft, k: 4, beta: 2, seed: 2)),
            ("penguins.csv", true, ModelSettings(method: .gmm, k: 3, covarianceType: .diag, seed: 3)),
            ("blobs_2d.csv", false, ModelSettings(method: .gmm, k: 5, covarianceType: .full, seed: 4)),
        ]
        for (file, standardize, settings) in cases {
            let data = try load(file, standardize: standardize)
            let model = try ClusterModel.initial(data.matrix, settings).run()
            let report = FitReport(data: data, model: model, settings: settings)
            XCTAssertEqual(report.csv(), legacyFitCSV(report), file)
            let rules: [MembershipRule] = [.softmax, .gmm, .inversePower, .bootstrap, .cosine, .linear, .fuzzy]
            XCTAssertEqual(report.csv(extraRules: rules, includeLabel: true),
                           legacyFitCSV(report, extraRules: rules, includeLabel: true), file)
        }
    }

    // More rows than one chunk of `ChunkedRows`, so chunk joins and parallel formatting are covered.
    func testManyChunksKeepRowOrder() throws {
        var random = NumPyRandomState(seed: 11)
        let n = 5 * ChunkedRows.chunksInFlight * 3 + 2
        var text = "a,b,c\n"
        for _ in 0..<n { text += "\(random.nextDouble()),\(random.nextDouble() * 5),\(random.nextDouble() - 3)\n" }
        let data = PreparedData(try Dataset.load(csv: Array(text.utf8), source: "r.csv"), standardize: false)
        let settings = ModelSettings(method: .kmeans, k: 4, seed: 0, maxIterations: 3)
        let report = FitReport(data: data, model: try ClusterModel.initial(data.matrix, settings).run(), settings: settings)
        var pieces = 0
        var streamed = [UInt8]()
        report.writeCSV(rowsPerChunk: 5) { pieces += 1; streamed += $0 }
        XCTAssertEqual(pieces, 1 + n / 5 + 1)  // the header, full chunks, the last 2 rows
        XCTAssertEqual(String(decoding: streamed, as: UTF8.self), legacyFitCSV(report))
    }

    func testFeatureBytesEqualTheStringBuiltOutput() throws {
        let data = try load("wine.csv", standardize: true)
        for (kind, method) in [(FeatureKind.distances, ClusteringMethod.kmeans), (.both, .gmm), (.proba, .kmeans)] {
            let settings = ModelSettings(method: method, covarianceType: .diag, seed: 5)
            let table = try XCTUnwrap(FeatureTable.fit(data: data, settings: settings, ks: [2, 3, 5], kind: kind))
            var streamed = [UInt8]()
            table.writeBytes { streamed += $0 }
            XCTAssertEqual(String(decoding: streamed, as: UTF8.self), legacyFeatureCSV(table), "\(kind) \(method)")
        }
    }
}
