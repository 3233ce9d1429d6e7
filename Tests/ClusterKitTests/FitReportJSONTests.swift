import Foundation
import XCTest
@testable import ClusterKit

/// `FitReport.writeJSON` (streamed, per-row arrays in parallel chunks) and the flat-table ARI give
/// the same bytes and bits as the String-building JSON and the dictionary ARI they replaced (both
/// kept below, verbatim in their logic, as the oracles).
final class FitReportJSONTests: XCTestCase {
    /// `adjustedRandIndex` as it was (the oracle).
    func legacyAdjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
        var pairs: [(Int, Int)] = []
        for i in a.indices where a[i] >= 0 && b[i] >= 0 { pairs.append((a[i], b[i])) }
        let n = pairs.count
        guard n > 1 else { return 1 }
        var table: [Int: [Int: Int]] = [:]
        var rowSums: [Int: Int] = [:], colSums: [Int: Int] = [:]
        for (x, y) in pairs {
            table[x, default: [:]][y, default: 0] += 1
            rowSums[x, default: 0] += 1
            colSums[y, default: 0] += 1
        }
        func choose2(_ m: Int) -> Double { Double(m) * Double(m - 1) / 2 }
        let index = table.values.reduce(0.0) { $0 + $1.values.reduce(0.0) { $0 + choose2($1) } }
        let sumA = rowSums.values.reduce(0.0) { $0 + choose2($1) }
        let sumB = colSums.values.reduce(0.0) { $0 + choose2($1) }
        let expected = sumA * sumB / choose2(n)
        let maximum = (sumA + sumB) / 2
        if maximum == expected { return 1 }
        return (index - expected) / (maximum - expected)
    }

    /// `FitReport.json()` as it was before streaming (the oracle).
    func legacyJSON(_ report: FitReport) -> String {
        let data = report.data, model = report.model, settings = report.settings
        let n = data.matrix.rows, k = model.k
        var sizes = [Double](repeating: 0, count: k)
        for l in model.labels { sizes[Int(l)] += 1 }
        let gmm = model.gaussianMixture
        var pairs: [(String, String)] = [
            ("method", JSONText.string(model.method.rawValue)),
            ("k", String(k)),
            ("n_iter", String(model.iteration)),
            ("converged", model.converged ? "true" : "false"),
            ("inertia", JSONText.number(model.inertia)),
            ("lower_bound", gmm.map { JSONText.number($0.lowerBound) } ?? "null"),
            ("mean_log_likelihood", gmm.map { JSONText.number($0.meanLogLikelihood) } ?? "null"),
            ("bic", gmm.map { JSONText.number($0.bic) } ?? "null"),
            ("aic", gmm.map { JSONText.number($0.aic) } ?? "null"),
            ("centroids", JSONText.array(model.centroids)),
            ("weights", JSONText.array(gmm?.weights ?? sizes.map { $0 / Double(max(n, 1)) })),
            ("covariance_type", gmm.map { JSONText.string($0.configuration.covarianceType.rawValue) } ?? "null"),
            ("covariances", gmm.map { JSONText.nested($0.covariances.nestedValue) } ?? "null"),
            ("labels", JSONText.array(model.labels.map(Int.init))),
            ("row_indices", JSONText.array(data.dataset.rowIndices)),
            ("dropped_rows", JSONText.array(data.dataset.dropped.map(\.rowIndex))),
            ("features", "[" + data.dataset.featureNames.map(JSONText.string).joined(separator: ",") + "]"),
            ("standardize", data.standardized ? "true" : "false"),
            ("scaler", JSONText.object([("mean", JSONText.array(data.scaler.mean)), ("scale", JSONText.array(data.scaler.scale))])),
            ("beta", JSONText.number(settings.beta)),
            ("init", JSONText.string(report.initDescription)),
            ("seed", String(settings.seed)),
            ("tol", JSONText.number(settings.effectiveTolerance)),
            ("max_iter", String(settings.effectiveMaxIterations)),
        ]
        if let codes = data.dataset.labelCodes {
            pairs.append(("ari", JSONText.number(legacyAdjustedRandIndex(codes, model.labels.map(Int.init)))))
        }
        return JSONText.object(pairs, indent: true) + "\n"
    }

    func load(_ name: String, standardize: Bool) throws -> PreparedData {
        let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/\(name)")))
        return PreparedData(try Dataset.load(csv: bytes, source: name), standardize: standardize)
    }

    func testJSONBytesEqualTheStringBuiltOutput() throws {
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
            XCTAssertEqual(report.json(), legacyJSON(report), file)
            // Small chunks: many pieces, joined in order.
            var streamed = [UInt8](), pieces = 0
            report.writeJSON(rowsPerChunk: 7) { streamed += $0; pieces += 1 }
            XCTAssertEqual(String(decoding: streamed, as: UTF8.self), legacyJSON(report), "\(file), chunks of 7")
            XCTAssertGreaterThan(pieces, 2 * data.matrix.rows / 7)
        }
    }

    /// Missing labels, dropped rows and a label column: the JSON still matches.
    func testJSONWithDroppedRowsAndEmptyLabels() throws {
        var text = "a,b,kind\n"
        var random = NumPyRandomState(seed: 3)
        for i in 0..<500 {
            let a = i % 37 == 5 ? "NA" : "\(random.nextDouble() * 10)"
            text += "\(a),\(random.nextDouble()),\(i % 11 == 0 ? "" : "k\(i % 4)")\n"
        }
        let data = PreparedData(try Dataset.load(csv: Array(text.utf8), source: "t.csv"), standardize: false)
        XCTAssertFalse(data.dataset.dropped.isEmpty)
        let settings = ModelSettings(method: .kmeans, k: 4, seed: 0)
        let report = FitReport(data: data, model: try ClusterModel.initial(data.matrix, settings).run(), settings: settings,
                               initDescription: "k-means++")
        XCTAssertEqual(report.json(), legacyJSON(report))
    }

    /// Row indices past 9, 99, 999 and 9,999 (the incremented text carries), with gaps from
    /// dropped rows and chunks that start anywhere.
    func testJSONRowIndicesAcrossDigitCarriesAndGaps() throws {
        var text = "a,b\n"
        var random = NumPyRandomState(seed: 8)
        for i in 0..<12_345 {
            let dropped = [10, 11, 100, 998, 999, 1000, 9999, 10_001].contains(i)
            text += "\(dropped ? "NA" : "\(random.nextDouble())"),\(random.nextDouble() * 3)\n"
        }
        let data = PreparedData(try Dataset.load(csv: Array(text.utf8), source: "t.csv"), standardize: false)
        XCTAssertEqual(data.dataset.dropped.count, 8)
        let settings = ModelSettings(method: .kmeans, k: 12, seed: 0, maxIterations: 2)
        let report = FitReport(data: data, model: try ClusterModel.initial(data.matrix, settings).run(), settings: settings)
        for chunk in [1, 7, 1000, 1 << 16] {
            var streamed = [UInt8]()
            report.writeJSON(rowsPerChunk: chunk) { streamed += $0 }
            XCTAssertEqual(String(decoding: streamed, as: UTF8.self), legacyJSON(report), "chunks of \(chunk)")
        }
    }

    func testARIEqualsTheDictionaryCountBitForBit() {
        var random = SplitMix64(seed: 42)
        for trial in 0..<300 {
            let n = Int.random(in: 0...2000, using: &random)
            let ka = Int.random(in: 1...(trial % 3 == 0 ? 400 : 12), using: &random)
            let kb = Int.random(in: 1...9, using: &random)
            // Large label values now and then take the general (sparse) path.
            let offset = trial % 10 == 0 ? 1 << 40 : 0
            let a = (0..<n).map { _ in Int.random(in: -1..<ka, using: &random) }.map { $0 < 0 ? $0 : $0 + offset }
            let b = (0..<n).map { _ in Int32(Int.random(in: (trial % 4 == 0 ? -1 : 0)..<kb, using: &random)) }
            let expected = legacyAdjustedRandIndex(a, b.map(Int.init))
            XCTAssertEqual(adjustedRandIndex(a, b).bitPattern, expected.bitPattern, "trial \(trial)")
            XCTAssertEqual(adjustedRandIndex(a, b.map(Int.init)).bitPattern, expected.bitPattern, "trial \(trial)")
        }
        // Both trivial, identical, and a million rows (the sums stay exact).
        XCTAssertEqual(adjustedRandIndex([0, 0, 0], [1, 1, 1] as [Int]), 1)
        XCTAssertEqual(adjustedRandIndex([0, 1, 2, 2], [5, 3, 1, 1] as [Int]), 1)
        let big = (0..<1_000_000).map { ($0 * 7919) % 13 }, labels = (0..<1_000_000).map { Int32(($0 * 104_729) % 8) }
        XCTAssertEqual(adjustedRandIndex(big, labels).bitPattern, legacyAdjustedRandIndex(big, labels.map(Int.init)).bitPattern)
    }
}
