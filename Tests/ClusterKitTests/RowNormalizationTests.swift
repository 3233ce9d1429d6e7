import Foundation
import XCTest
@testable import ClusterKit

/// `--normalize l2` against scikit-learn 1.9.1 (Fixtures/make_embed_fixtures.py): the rows as
/// `sklearn.preprocessing.normalize`, the fit as KMeans on them (z-scored after, when asked), and
/// the query path, the saved model and its reading.
final class RowNormalizationTests: XCTestCase {
    static let fixture: [String: Any] = {
        let url = Bundle.module.url(forResource: "embed", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }()

    func wine(normalization: RowNormalization, standardize: Bool) throws -> PreparedData {
        let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/wine.csv")))
        return PreparedData(try Dataset.load(csv: bytes, source: "wine.csv"), standardize: standardize, normalization: normalization)
    }

    // Each row divided by its length, as scikit-learn; a zero row stays zero. Rows of 1e±200 are
    // where we differ on purpose: scikit-learn's sum of squares overflows (the row becomes zeros)
    // or underflows (the row is left as it was); here both give row 0's unit row, of which they
    // are multiples.
    func testRowsMatchScikitLearnNormalize() {
        let rows = Matrix(doubleMatrix(Self.fixture["rows"]))
        let expected = doubleMatrix(Self.fixture["rows_l2"])
        let got = RowNormalization.l2.apply(to: rows)
        for i in [0, 1, 4, 5] { assertClose(got.row(i), expected[i], rel: 1e-15, absoluteFloor: 1e-300, "rows_l2[\(i)]") }
        XCTAssertEqual(expected[2], [0, 0, 0, 0, 0], "scikit-learn's overflow, as the fixture recorded it")
        assertClose(got.row(2), expected[0], rel: 1e-15, "1e200 row")
        assertClose(got.row(3), expected[0], rel: 1e-15, "1e-200 row")
        XCTAssertEqual(got.row(1), [0, 0, 0, 0, 0], "a zero row stays zero")
        XCTAssertEqual(got.row(4), [0, 0, -1, 0, 0])
        for i in 0..<rows.rows where i != 1 {
            let length = got.row(i).reduce(0) { $0 + $1 * $1 }.squareRoot()
            XCTAssertEqual(length, 1, accuracy: 1e-15, "row \(i) has unit length")
            XCTAssertEqual(RowNormalization.l2.apply(to: rows.row(i)), got.row(i), "the point path is the matrix path")
        }
        XCTAssertEqual(RowNormalization.none.apply(to: rows), rows)
    }

    // normalize → (StandardScaler) → KMeans from rows: labels and n_iter identical, centroids and
    // inertia to 1e-9 relative; the scaler is fitted on the normalised rows.
    func testKMeansOnNormalisedRowsMatchesScikitLearn() throws {
        for (name, standardize) in [("wine_l2", false), ("wine_l2_std", true)] {
            let reference = (Self.fixture["normalize"] as! [String: Any])[name] as! [String: Any]
            let data = try wine(normalization: .l2, standardize: standardize)
            XCTAssertEqual(data.normalization, .l2)
            let scaler = reference["scaler"] as! [String: Any]
            assertClose(data.scaler.mean, doubles(scaler["mean"]), rel: 1e-12, "\(name) scaler mean")
            assertClose(data.scaler.scale, doubles(scaler["scale"]), rel: 1e-12, "\(name) scaler scale")
            let positions = ints(reference["init_rows"]).map { data.position(ofFileRow: $0)! }
            let fitted = try KMeans(data: data.matrix, configuration: .init(k: 3, initMethod: .rows(positions))).run()
            let km = reference["kmeans"] as! [String: Any]
            XCTAssertEqual(fitted.labels.map(Int.init), ints(km["labels"]), "\(name) labels")
            XCTAssertEqual(fitted.iteration, km["n_iter"] as? Int, "\(name) n_iter")
            assertClose(fitted.centroids.values, flat(km["centroids"]), "\(name) centroids")
            assertClose(fitted.inertia, km["inertia"] as! Double, "\(name) inertia")
        }
    }

    // A raw query row maps to the clustering space as the training rows did (normalise, then
    // z-score), through PreparedData, the membership context and a saved model read back.
    func testQueryRowsAndSavedModelNormaliseTheSameWay() throws {
        let data = try wine(normalization: .l2, standardize: true)
        let settings = ModelSettings(k: 3, initMethod: .rows([0, 59, 130]))
        let model = try XCTUnwrap(try ClusterModel.fitted(data.matrix, settings))
        let report = FitReport(data: data, model: model, settings: settings, initDescription: "rows:0,59,130")
        let saved = SavedModel(report: report)
        XCTAssertEqual(saved.normalization, .l2)
        let text = saved.json()
        XCTAssertTrue(text.contains("\"normalize\": \"l2\""), "the model records the normalisation")
        let read = try SavedModel(json: Array(text.utf8), source: "m.json")
        XCTAssertEqual(read, saved, "round trip")
        let context = MembershipContext(savedModel: read)
        let original = MembershipContext(data: data, model: model, settings: settings)
        for i in [0, 7, 100, 177] {
            let raw = data.dataset.matrix.row(i)
            XCTAssertEqual(data.clusteringPoint(fromRaw: raw), data.matrix.row(i), "row \(i): the training mapping")
            XCTAssertEqual(read.clusteringPoint(fromRaw: raw), data.matrix.row(i), "row \(i): the saved model's")
            XCTAssertEqual(context.clusteringPoint(fromRaw: raw), data.matrix.row(i), "row \(i): the context's")
            let p = data.matrix.row(i)
            for rule in MembershipRule.allCases where rule != .bootstrap {
                XCTAssertEqual(context.values(rule, for: p), original.values(rule, for: p), "row \(i) \(rule)")
            }
        }
        // The streamed CSV path (membership --query): MembershipWriterTests.testDirectCSVNormalisesRowsAsTheReference.
    }

    // A model without the key (every model written before it) reads as `none`; an unknown value
    // is refused in one line.
    func testOlderModelsReadAsNoneAndUnknownValuesAreRefused() throws {
        let data = try wine(normalization: .none, standardize: false)
        let settings = ModelSettings(k: 3, initMethod: .rows([0, 59, 130]))
        let model = try XCTUnwrap(try ClusterModel.fitted(data.matrix, settings))
        let report = FitReport(data: data, model: model, settings: settings, initDescription: "rows:0,59,130")
        let text = SavedModel(report: report).json()
        XCTAssertFalse(text.contains("normalize"), "none is not written: existing models stay byte-identical")
        XCTAssertEqual(try SavedModel(json: Array(text.utf8), source: "m.json").normalization, .none)
        let bad = text.replacingOccurrences(of: "\n}\n", with: ",\n  \"normalize\": \"l1\"\n}\n")
        XCTAssertThrowsError(try SavedModel(json: Array(bad.utf8), source: "m.json")) { error in
            XCTAssertEqual("\(error)", "m.json: damaged model: unknown normalize 'l1' (none, l2)")
        }
    }
}
