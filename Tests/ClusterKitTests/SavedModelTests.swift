import Foundation
import XCTest
@testable import ClusterKit

/// Saved models: save → JSON text → load answers every rule bit for bit as the fit it came from;
/// damaged, other-version and other-column models are refused with one clear line.
final class SavedModelTests: XCTestCase {
    static let datasets = [("iris.csv", false), ("iris.csv", true), ("wine.csv", false), ("wine.csv", true),
                           ("penguins.csv", false), ("blobs_2d.csv", true)]

    func prepared(_ file: String, standardize: Bool) throws -> PreparedData {
        let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/\(file)")))
        return PreparedData(try Dataset.load(csv: bytes, source: "datasets/\(file)"), standardize: standardize)
    }

    /// Some points besides the rows: each centroid, the data mean ± 30 std, and a random row.
    func probes(_ data: PreparedData, _ model: ClusterModel) -> [[Double]] {
        var points = (0..<model.k).map { model.centroids.row($0) }
        let mean = data.scaler.mean, scale = data.scaler.scale
        points.append(data.clusteringPoint(fromRaw: mean.indices.map { mean[$0] + 30 * scale[$0] }))
        points.append(data.clusteringPoint(fromRaw: mean.indices.map { mean[$0] - 30 * scale[$0] }))
        return points
    }

    func report(_ data: PreparedData, _ settings: ModelSettings, bootstrapRuns: Int = 4) throws -> FitReport {
        let model = try ClusterModel.initial(data.matrix, settings).run()
        let bootstrap = Bootstrap.run(data: data.matrix, reference: model.centroids, runs: bootstrapRuns, seed: settings.seed)
        return FitReport(data: data, model: model, settings: settings, bootstrap: bootstrap, initDescription: "k-means++")
    }

    // The round trip, on every dataset and method (GMM with every covariance type): identical
    // distances, hard clusters and values of every rule, for every training row and some probes;
    // and loading then saving again gives the same text.
    func testRoundTripAnswersBitForBit() throws {
        var settingsList: [ModelSettings] = [ModelSettings(method: .kmeans, k: 3, beta: 0.7, seed: 1, fuzziness: 1.6),
                                             ModelSettings(method: .soft, k: 4, beta: 2.5, seed: 2)]
        settingsList += CovarianceType.allCases.map { ModelSettings(method: .gmm, k: 3, covarianceType: $0, seed: 5) }
        settingsList.append(ModelSettings(method: .kmeans, k: 3, covarianceType: .diag, seed: 9))
        for (file, standardize) in Self.datasets {
            let data = try prepared(file, standardize: standardize)
            for settings in settingsList {
                let what = "\(file) std=\(standardize) \(settings.method.rawValue) \(settings.covarianceType.rawValue)"
                let fit = try report(data, settings)
                let text = SavedModel(report: fit).json()
                let loaded = try SavedModel(json: text, source: "model.json")
                XCTAssertEqual(loaded, SavedModel(report: fit), what)
                XCTAssertEqual(loaded.json(), text, "\(what): load → save is the identity")
                let original = fit.context, restored = MembershipContext(savedModel: loaded)
                XCTAssertNotNil(restored.mixture, what)
                let points = (0..<data.matrix.rows).map { data.matrix.row($0) } + probes(data, fit.model)
                for point in points {
                    let a = original.answer(for: point, rules: MembershipRule.allCases)
                    let b = restored.answer(for: point, rules: MembershipRule.allCases)
                    XCTAssertEqual(a.rules.map { $0.values?.map(\.bitPattern) }, b.rules.map { $0.values?.map(\.bitPattern) }, what)
                    XCTAssertEqual(a.distances.map(\.bitPattern), b.distances.map(\.bitPattern), what)
                    XCTAssertEqual(a.cluster, b.cluster, what)
                    if a.rules.map({ $0.values?.map(\.bitPattern) }) != b.rules.map({ $0.values?.map(\.bitPattern) }) { return }
                }
                // The training rows' hard clusters are the fit's labels.
                let clusters = (0..<data.matrix.rows).map { restored.hardCluster(of: data.matrix.row($0)) }
                XCTAssertEqual(clusters, fit.model.labels.map(Int.init), "\(what) hard clusters")
                // Raw points map to the clustering space with the saved scaler exactly as with the data's.
                let raw = Array(data.dataset.row(5))
                XCTAssertEqual(loaded.clusteringPoint(fromRaw: raw), data.clusteringPoint(fromRaw: raw), what)
            }
        }
    }

    // The saved model records what the format promises.
    func testSavedModelHoldsTheDocumentedKeys() throws {
        let data = try prepared("iris.csv", standardize: true)
        let fit = try report(data, ModelSettings(method: .kmeans, k: 3, initMethod: .rows([0, 50, 100]), seed: 4), bootstrapRuns: 3)
        let text = SavedModel(report: fit).json()
        let json = try JSONValue.parse(text)
        // One top-level key a line, in the documented order.
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.dropFirst(3).prefix { $0 != "\"" } }
        XCTAssertEqual(keys.map(String.init), ["format", "columns", "label", "source", "n_samples", "standardize", "scaler",
                                          "method", "k", "beta", "fuzziness", "iteration", "converged", "inertia",
                                          "centroids", "weights", "covariance_type", "covariances", "mixture",
                                          "linear_ranges", "options", "bootstrap"])
        XCTAssertEqual(json["format"], .string("clusterview-model/1"))
        XCTAssertEqual(json["label"], .string("species"))
        XCTAssertEqual(json["standardize"], .bool(true))
        XCTAssertEqual(json["n_samples"], .number(150))
        XCTAssertEqual(json["iteration"], .number(Double(fit.model.iteration)))
        guard case .array(let sets)? = json["bootstrap"]?["centroid_sets"] else { return XCTFail("no bootstrap sets") }
        XCTAssertEqual(sets.count, 3)
        XCTAssertEqual(json["options"]?["seed"], .number(4))
        let loaded = try SavedModel(json: SavedModel(report: fit).json(), source: "m")
        XCTAssertEqual(loaded.bootstrap, fit.context.bootstrap)
        XCTAssertEqual(loaded.linearRanges, fit.context.linearRanges)
        XCTAssertEqual(loaded.scaler, data.scaler)
    }

    func modelText(method: ClusteringMethod = .gmm, covariance: CovarianceType = .full) throws -> String {
        let data = try prepared("iris.csv", standardize: false)
        return SavedModel(report: try report(data, ModelSettings(method: method, k: 3, covarianceType: covariance))).json()
    }

    /// Replaces the value of top-level `key` (one line of the saved text) with `value`.
    func replacing(_ text: String, key: String, with value: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("  \"\(key)\":") ? "  \"\(key)\": \(value)" + (line.hasSuffix(",") ? "," : "") : String(line)
        }.joined(separator: "\n")
    }

    func assertRefused(_ text: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try SavedModel(json: text, source: "m.json"), file: file, line: line) { error in
            let message = "\(error)"
            XCTAssert(message.hasPrefix("m.json: ") && message.contains(expected), "got: \(message)", file: file, line: line)
            XCTAssertFalse(message.contains("\n"), "one line: \(message)", file: file, line: line)
        }
    }

    // Damaged models: each is refused, naming what is wrong.
    func testDamagedModelsAreRefusedClearly() throws {
        let gmm = try modelText()
        XCTAssertNoThrow(try SavedModel(json: gmm, source: "m.json"))
        assertRefused(String(gmm.dropLast(40)), "damaged model: not valid JSON (line")
        assertRefused("", "not valid JSON (line 1, column 1")
        assertRefused("[1, 2]", "not a clusterview model")
        assertRefused("{\"columns\": []}", "not a clusterview model (no \"format\" key)")
        assertRefused(replacing(gmm, key: "format", with: "\"clusterview-model/2\""),
                      "model format 'clusterview-model/2' is not supported; this clusterview reads clusterview-model/1")
        assertRefused(replacing(gmm, key: "format", with: "\"something-else\""), "not a clusterview model (format 'something-else')")
        assertRefused(replacing(gmm, key: "centroids", with: "[[1,2,3,4],[1,2,3,4]]"), "'centroids' must be 3 × 4 numbers")
        assertRefused(replacing(gmm, key: "centroids", with: "[[1,2,3,4],[1,2,3],[1,2,3,4]]"), "'centroids' must be 3 × 4 numbers (row 1")
        assertRefused(replacing(gmm, key: "centroids", with: "[[1,2,3,4],[1,null,3,4],[1,2,3,4]]"), "'centroids[1][1]' is null, not a finite number")
        assertRefused(replacing(gmm, key: "centroids", with: "[[1,2,3,4],[1,2,3,4],[1,2,3,1e999]]"), "not valid JSON (line 16, column 44: the number 1e999 is out of range for a double)")
        assertRefused(replacing(gmm, key: "weights", with: "[0.5,0.5]"), "'weights' must hold 3 numbers, not 2")
        assertRefused(replacing(gmm, key: "k", with: "0"), "'k' must be a whole number from 1")
        assertRefused(replacing(gmm, key: "k", with: "2.5"), "'k' must be a whole number")
        assertRefused(replacing(gmm, key: "method", with: "\"dbscan\""), "unknown method 'dbscan'")
        assertRefused(replacing(gmm, key: "columns", with: "[\"a\",\"a\",\"b\",\"c\"]"), "'columns' names a column twice")
        assertRefused(replacing(gmm, key: "beta", with: "-1"), "'beta' must be ≥ 0")
        assertRefused(replacing(gmm, key: "scaler", with: "{\"mean\":[0,0,0,0],\"scale\":[1,0,1,1]}"), "'scaler.scale[1]' must be > 0")
        assertRefused(replacing(gmm, key: "linear_ranges", with: "[[0,1],[2,1],[0,1]]"), "'linear_ranges[1]' must be [min, max]")
        assertRefused(replacing(gmm, key: "covariances", with: "null"), "'covariances' must be an array")
        let notPD = "[[[1,2,0,0],[2,1,0,0],[0,0,1,0],[0,0,0,1]],[[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]],[[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]]"
        assertRefused(replacing(gmm, key: "covariances", with: notPD), "'covariances' are not positive definite")
        let asymmetric = notPD.replacingOccurrences(of: "[[[1,2,0,0],[2,1,", with: "[[[1,0.5,0,0],[0.2,1,")
        assertRefused(replacing(gmm, key: "covariances", with: asymmetric), "'covariances[0]' is not symmetric")
        // Foundation's codec keeps one value of a repeated key; the key it replaced is then missing.
        assertRefused(gmm.replacingOccurrences(of: "\"converged\"", with: "\"format\""), "the key 'converged' is missing")
        assertRefused(gmm.replacingOccurrences(of: "  \"options\"", with: "  \"options_\""), "the key 'options' is missing")

        let kmeans = try modelText(method: .kmeans, covariance: .diag)
        XCTAssertNoThrow(try SavedModel(json: kmeans, source: "m.json"))
        assertRefused(replacing(kmeans, key: "mixture", with: "{\"weights\":[0.25,0.25,0.5],\"means\":[[0,0,0,0],[0,0,0,0],[0,0,0,0]],\"covariances\":[[1,1,1,1],[1,0,1,1],[1,1,1,1]]}"),
                      "'mixture.covariances' must hold variances > 0")
        assertRefused(replacing(kmeans, key: "bootstrap", with: "{\"runs\":2,\"centroid_sets\":[[[0,0,0,0],[0,0,0,0],[0,0,0,0]]]}"),
                      "'bootstrap.runs' is 2 but 'bootstrap.centroid_sets' holds 1 sets")
        // A k-means model without a partition mixture still loads; its gmm rule has no answer.
        let noMixture = try SavedModel(json: replacing(kmeans, key: "mixture", with: "null"), source: "m.json")
        XCTAssertNil(MembershipContext(savedModel: noMixture).values(.gmm, for: [5, 3, 1, 0]))
    }

    // Models from strangers: every field a hostile writer could bend is refused with the key
    // path of what is wrong, in one line, without a crash.
    func testHostileModelsAreRefused() throws {
        let gmm = try modelText()
        assertRefused(replacing(gmm, key: "scaler", with: "{\"mean\":[0,0,0,0],\"scale\":[1,1e-320,1,1]}"),
                      "'scaler.scale[1]' is 1e-320, too small to divide by")
        assertRefused(replacing(gmm, key: "scaler", with: "{\"mean\":[0,0,0,0],\"scale\":[1,1,1]}"), "'scaler.scale' must hold 4 numbers, not 3")
        assertRefused(replacing(gmm, key: "weights", with: "[0,0,0]"), "'weights' are all zero")
        assertRefused(replacing(gmm, key: "weights", with: "[0.5,0.5,0.5]"), "'weights' sum to 1.5, not 1")
        assertRefused(replacing(gmm, key: "weights", with: "[-0.5,0.5,1]"), "'weights[0]' must be ≥ 0")
        assertRefused(replacing(gmm, key: "k", with: "1000000000"), "'centroids' must be 1000000000 × 4 numbers, not 3 rows")
        assertRefused(replacing(gmm, key: "k", with: "1e300"), "'k' must be a whole number from 1 to 2147483647")
        assertRefused(replacing(gmm, key: "centroids", with: "[[1,2,3,4],[1,2,3,4],[1,2,3,1e200]]"),
                      "'centroids[2][3]' is 1e+200, too large for distances to stay finite")
        assertRefused(replacing(gmm, key: "centroids", with: "[[1,2,3,4],[1,2,3,4],[1,2,3,NaN]]"), "not valid JSON (line 16")
        assertRefused(replacing(gmm, key: "centroids", with: "[[1,2,3,4],[1,2,3,4],[1,2,3,Infinity]]"), "not valid JSON (line 16")
        assertRefused(replacing(gmm, key: "centroids", with: "[[1,2,3,4],[1,2,3,4],[1,2,3,\"4\"]]"), "'centroids[2][3]' must be a number")
        assertRefused(replacing(gmm, key: "centroids", with: String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)),
                      "not valid JSON (line 16")
        assertRefused(replacing(gmm, key: "beta", with: String(repeating: "[", count: 200) + String(repeating: "]", count: 200)), "'beta' must be a number")
        let notPD = "[[[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,-1]],[[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]],[[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]]"
        assertRefused(replacing(gmm, key: "covariances", with: notPD), "'covariances[0]' has a variance ≤ 0")
        let wrongShape = "[[[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]],[[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]]"
        assertRefused(replacing(gmm, key: "covariances", with: wrongShape), "'covariances' must be k × D × D = 3 × 4 × 4 numbers, not 2 matrices")
        // Over the fixed allowance with no shape declared: refused before parsing.
        let huge = [UInt8](repeating: UInt8(ascii: " "), count: SavedModel.fixedAllowanceBytes + 1)
        XCTAssertThrowsError(try SavedModel(json: huge, source: "m.json")) { error in
            XCTAssert("\(error)".contains("the file is 1.0 MB and declares no shape to bound it"), "\(error)")
        }
    }

    // A model is for its columns: another file's columns are refused, naming missing and extra ones.
    func testOtherColumnsAreRefused() throws {
        let model = try SavedModel(json: try modelText(), source: "m.json")
        XCTAssertNoThrow(try model.checkColumns(["sepal_length", "sepal_width", "petal_length", "petal_width"], dataSource: "d.csv", modelSource: "m.json"))
        XCTAssertThrowsError(try model.checkColumns(["sepal_length", "sepal_width", "petal_length", "petal_area"], dataSource: "d.csv", modelSource: "m.json")) {
            XCTAssertEqual("\($0)", "m.json: the model was fitted on columns sepal_length, sepal_width, petal_length, petal_width; "
                + "d.csv has missing 'petal_width'; extra 'petal_area' (pick them with --columns)")
        }
        XCTAssertThrowsError(try model.checkColumns(["sepal_width", "sepal_length", "petal_length", "petal_width"], dataSource: "d.csv", modelSource: "m.json")) {
            XCTAssert("\($0)".contains("in another order"), "\($0)")
        }
    }

    // Beta and fuzziness can be overridden when answering; the rest is the model's.
    func testBetaOverride() throws {
        let data = try prepared("iris.csv", standardize: false)
        let fit = try report(data, ModelSettings(method: .soft, k: 3, beta: 3))
        let model = try SavedModel(json: SavedModel(report: fit).json(), source: "m")
        XCTAssertEqual(MembershipContext(savedModel: model).beta, 3)
        let point = data.matrix.row(60)
        XCTAssertEqual(MembershipContext(savedModel: model, beta: 0.5).values(.softmax, for: point),
                       MembershipFormulas.softmax(distances: fit.context.distances(of: point), beta: 0.5))
    }
}
