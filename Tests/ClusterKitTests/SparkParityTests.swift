import Foundation
import XCTest
@testable import ClusterKit

/// Models exported from Spark MLlib (scripts/export_spark_model.py) answer as Spark does. The
/// reference answers are Spark's own transform outputs (Fixtures/make_spark_fixtures.py, pyspark
/// local[2]); scripts/test-spark checks the same through the scoring pipe on many more models.
final class SparkParityTests: XCTestCase {
    struct Case {
        let model: SavedModel
        let answers: [String: Any]
        var queries: [[Double]] { answers["queries"] as! [[Double]] }
        var predictions: [Int] { answers["prediction"] as! [Int] }
        var features: [[Double]] { answers["features"] as! [[Double]] }
        var centres: [[Double]] { answers["centres"] as! [[Double]] }
    }

    func load(_ name: String) throws -> Case {
        func url(_ suffix: String) throws -> URL {
            try XCTUnwrap(Bundle.module.url(forResource: "spark_\(name).\(suffix)", withExtension: "json", subdirectory: "Fixtures"))
        }
        let model = try SavedModel(json: [UInt8](Data(contentsOf: try url("model"))), source: "spark_\(name).model.json")
        let answers = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: try url("answers"))) as? [String: Any])
        return Case(model: model, answers: answers)
    }

    func distances(_ point: [Double], _ centres: [[Double]]) -> [Double] {
        centres.map { c -> Double in
            var sum = 0.0
            for j in c.indices { sum += (point[j] - c[j]) * (point[j] - c[j]) }
            return sum.squareRoot()
        }
    }

    // A GMM on data in large units: Spark's probability (with its EPSILON floor) to 1e-9 and its
    // prediction on every query, near the data and far from it; the distances are to Spark's means.
    func testGaussianMixtureAnswersAsSpark() throws {
        let c = try load("gmm_raw")
        XCTAssertEqual(c.model.densityFloor, 0x1p-52)
        let context = MembershipContext(savedModel: c.model)
        let probabilities = try XCTUnwrap(c.answers["probability"] as? [[Double]])
        var floorMatters = 0
        for (i, raw) in c.queries.enumerated() {
            let answer = context.answer(for: c.model.clusteringPoint(fromRaw: raw), rules: [.gmm])
            XCTAssertEqual(answer.cluster, c.predictions[i], "query \(i)")
            let gmm = try XCTUnwrap(answer.values(.gmm))
            for j in gmm.indices { XCTAssertEqual(gmm[j], probabilities[i][j], accuracy: 1e-9, "query \(i) component \(j)") }
            let spark = distances(c.features[i], c.centres)
            for j in spark.indices { XCTAssertEqual(answer.distances[j], spark[j], accuracy: 1e-9 * max(1, spark[j])) }
            let exact = try XCTUnwrap(context.mixture).responsibilities(of: c.model.clusteringPoint(fromRaw: raw))
            if zip(exact, probabilities[i]).contains(where: { abs($0 - $1) > 1e-9 }) { floorMatters += 1 }
        }
        // The fixture is one where the exact posterior would not do: Spark's floor shows.
        XCTAssertGreaterThan(floorMatters, 20)
    }

    // k-means after Spark's StandardScaler (no centring, sample std): the scaled point, the
    // distances and the hard cluster are Spark's.
    func testScaledKMeansAnswersAsSpark() throws {
        let c = try load("kmeans_scaled")
        XCTAssertTrue(c.model.standardized)
        XCTAssertEqual(c.model.scaler.mean, Array(repeating: 0, count: c.model.dimension))
        XCTAssertEqual(c.model.densityFloor, 0)
        let context = MembershipContext(savedModel: c.model)
        for (i, raw) in c.queries.enumerated() {
            let point = c.model.clusteringPoint(fromRaw: raw)
            for j in point.indices { XCTAssertEqual(point[j], c.features[i][j], accuracy: 1e-12 * max(1, abs(point[j]))) }
            let answer = context.answer(for: point, rules: [.softmax, .gmm])
            XCTAssertEqual(answer.cluster, c.predictions[i], "query \(i)")
            let spark = distances(c.features[i], c.centres)
            for j in spark.indices { XCTAssertEqual(answer.distances[j], spark[j], accuracy: 1e-9 * max(1, spark[j])) }
        }
    }

    // The floored posterior: (ε + w_j p_j) / Σ(ε + w_i p_i); all 1/k and component 0 when every
    // weighted density underflows; the exact posterior where the densities are large.
    func testDensityFloorFormula() {
        let far = [-900.0, -850.0, -990.0]
        XCTAssertEqual(DensityFloor.probabilities(weightedLogDensities: far, floor: DensityFloor.spark), [1.0 / 3, 1.0 / 3, 1.0 / 3])
        XCTAssertEqual(DensityFloor.hardCluster(weightedLogDensities: far, floor: DensityFloor.spark), 0)
        let near = [log(0.2), log(0.6), log(0.2)]
        let p = DensityFloor.probabilities(weightedLogDensities: near, floor: DensityFloor.spark)
        for (a, b) in zip(p, softmaxOfLogs(near)) { XCTAssertEqual(a, b, accuracy: 1e-15) }
        XCTAssertEqual(DensityFloor.hardCluster(weightedLogDensities: near, floor: DensityFloor.spark), 1)
        // Between: a density of 1e-20 is resolved against ε (Spark's argmax still sees it).
        let small = [log(1e-20), log(3e-20), -1000]
        XCTAssertEqual(DensityFloor.hardCluster(weightedLogDensities: small, floor: DensityFloor.spark), 1)
    }

    // density_floor round-trips, is optional (0 when absent) and belongs to GMM models only.
    func testDensityFloorKey() throws {
        let c = try load("gmm_raw")
        let text = c.model.json()
        XCTAssertTrue(text.contains("\"density_floor\": 2.220446049250313e-16"))
        XCTAssertEqual(try SavedModel(json: text, source: "m.json"), c.model)
        var plain = c.model
        plain.densityFloor = 0
        XCTAssertFalse(plain.json().contains("density_floor"))
        XCTAssertEqual(try SavedModel(json: plain.json(), source: "m.json").densityFloor, 0)
        let k = try load("kmeans_scaled").model.json()
        let bad = k.replacingOccurrences(of: "\n}\n", with: ",\n  \"density_floor\": 1e-16\n}\n")
        XCTAssertThrowsError(try SavedModel(json: bad, source: "m.json")) { error in
            XCTAssertEqual("\(error)", "m.json: damaged model: 'density_floor' is for GMM models only")
        }
        let negative = text.replacingOccurrences(of: "2.220446049250313e-16", with: "-1")
        XCTAssertThrowsError(try SavedModel(json: negative, source: "m.json"))
    }
}
