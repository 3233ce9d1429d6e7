import Foundation
import XCTest
@testable import ClusterKit

/// Memberships of new points (given in the file's own units) against scikit-learn and numpy
/// (Fixtures/make_membership_fixtures.py): points on a centroid, near the border of two clusters, far
/// outside the data, duplicating a training row, and random in range; iris and wine, raw and
/// standardised, k-means and GMM fitted from fixed `rows:` inits.
final class MembershipQueryParityTests: XCTestCase {
    static let reference: [String: Any] = {
        let url = Bundle.module.url(forResource: "membership", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }()

    struct Case {
        let name: String
        let json: [String: Any]
        let prepared: PreparedData
        let initPositions: [Int]
        let rawPoints: [[Double]]
        var points: [[Double]] { rawPoints.map { prepared.clusteringPoint(fromRaw: $0) } }

        func settings(_ method: ClusteringMethod = .kmeans, covariance: CovarianceType = .full) -> ModelSettings {
            ModelSettings(method: method, k: json["k"] as! Int, covarianceType: covariance, initMethod: .rows(initPositions))
        }

        func object(_ path: String...) -> [String: Any] {
            var o = json
            for p in path { o = o[p] as! [String: Any] }
            return o
        }
    }

    static func cases() throws -> [Case] {
        let all = reference["cases"] as! [String: [String: Any]]
        return try all.keys.sorted().map { name in
            let json = all[name]!
            let file = json["dataset"] as! String
            let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/\(file)")))
            let prepared = PreparedData(try Dataset.load(csv: bytes, source: file), standardize: json["standardize"] as! Bool)
            return Case(name: name, json: json, prepared: prepared,
                        initPositions: ints(json["init_rows"]).map { prepared.position(ofFileRow: $0)! },
                        rawPoints: doubleMatrix(json["points"]))
        }
    }

    func testCasesCoverIrisAndWineRawAndStandardised() throws {
        XCTAssertEqual(try Self.cases().map(\.name), ["iris_raw", "iris_std", "wine_raw", "wine_std"])
        for c in try Self.cases() {
            XCTAssertEqual(c.json["queries"] as! [String], ["centroid_1", "near_border_0_1", "far", "duplicate_row",
                                                            "random_0", "random_1", "random_2", "random_3"])
            XCTAssertEqual(c.prepared.dataset.featureNames, c.json["features"] as! [String], c.name)
        }
    }

    // Every rule of the k-means model for each query point, against numpy's formulas and, for the
    // gmm rule, scikit-learn's predict_proba of the mixture estimated from the partition.
    func testKMeansRulesForNewPointsMatchReference() throws {
        for c in try Self.cases() {
            let reference = c.object("kmeans")
            let model = try ClusterModel.initial(c.prepared.matrix, c.settings()).run()
            XCTAssertEqual(model.iteration, reference["n_iter"] as? Int, "\(c.name) n_iter")
            func table(_ rule: MembershipRule, _ s: ModelSettings) -> [Double] {
                let context = MembershipContext(data: c.prepared, model: model, settings: s)
                return c.points.flatMap { context.values(rule, for: $0)! }
            }
            let context = MembershipContext(data: c.prepared, model: model, settings: c.settings())
            let answers = c.points.map { context.answer(for: $0, rules: MembershipRule.allCases) }
            assertClose(answers.flatMap(\.distances), flat(reference["distances"]), "\(c.name) distances")
            XCTAssertEqual(answers.map(\.cluster), ints(reference["cluster"]), "\(c.name) cluster")
            for beta in doubles(Self.reference["betas"]) {
                var s = c.settings()
                s.beta = beta
                assertClose(table(.softmax, s), flat((reference["softmax"] as! [String: Any])[String(describing: beta)]),
                            absoluteFloor: 1e-12, "\(c.name) softmax β=\(beta)")
            }
            for m in doubles(Self.reference["fuzziness"]) {
                var s = c.settings()
                s.fuzziness = m
                assertClose(table(.fuzzy, s), flat((reference["fuzzy"] as! [String: Any])[String(describing: m)]),
                            absoluteFloor: 1e-12, "\(c.name) fuzzy m=\(m)")
            }
            assertClose(table(.inversePower, c.settings()), flat(reference["inverse_power"]), absoluteFloor: 1e-12, "\(c.name) inverse-power")
            assertClose(table(.cosine, c.settings()), flat(reference["cosine"]), absoluteFloor: 1e-12, "\(c.name) cosine")
            assertClose(table(.linear, c.settings()), flat(reference["linear"]), absoluteFloor: 1e-12, "\(c.name) linear")
            for type in CovarianceType.allCases {
                assertClose(table(.gmm, c.settings(covariance: type)), flat((reference["gmm"] as! [String: Any])[type.rawValue]),
                            absoluteFloor: 1e-12, "\(c.name) gmm rule \(type.rawValue)")
            }
        }
    }

    // A fitted GMM (every covariance type): predict_proba, predict and the distances to its means.
    func testGaussianMixtureForNewPointsMatchesPredictProba() throws {
        for c in try Self.cases() {
            for type in CovarianceType.allCases {
                let reference = c.object("gmm_model", type.rawValue)
                let what = "\(c.name) gmm \(type.rawValue)"
                let s = c.settings(.gmm, covariance: type)
                let model = try ClusterModel.initial(c.prepared.matrix, s).run()
                XCTAssertEqual(model.iteration, reference["n_iter"] as? Int, "\(what) n_iter")
                let context = MembershipContext(data: c.prepared, model: model, settings: s)
                let answers = c.points.map { context.answer(for: $0, rules: [.gmm]) }
                assertClose(answers.flatMap { $0.values(.gmm)! }, flat(reference["proba"]), absoluteFloor: 1e-12, "\(what) proba")
                XCTAssertEqual(answers.map(\.cluster), ints(reference["cluster"]), "\(what) cluster")
                assertClose(answers.flatMap(\.distances), flat(reference["distances"]), "\(what) distances")
            }
        }
    }

    // A point asked again that duplicates a training row gets exactly that row's answers; a point
    // exactly on a centroid and one far outside the data get finite, sensible answers.
    func testDuplicateCentroidAndFarPointsAreSensible() throws {
        for c in try Self.cases() {
            for method in ClusteringMethod.allCases {
                let s = c.settings(method)
                let model = try ClusterModel.initial(c.prepared.matrix, s).run()
                let bootstrap = Bootstrap.run(data: c.prepared.matrix, reference: model.centroids, runs: 8, seed: 3)!
                let context = MembershipContext(data: c.prepared, model: model, settings: s, bootstrap: bootstrap)
                let what = "\(c.name) \(method.rawValue)"

                // Duplicate: the raw row from the query equals the training row, bit for bit.
                let position = c.prepared.position(ofFileRow: 7)!
                let duplicate = c.points[3]
                XCTAssertEqual(duplicate, c.prepared.matrix.row(position), "\(what) duplicate point")
                let asQuery = context.answer(for: duplicate, rules: MembershipRule.allCases)
                let asRow = context.answer(for: c.prepared.matrix.row(position), rules: MembershipRule.allCases)
                XCTAssertEqual(asQuery, asRow, what)
                XCTAssertEqual(asQuery.cluster, Int(model.labels[position]), "\(what) duplicate's cluster is its label")

                // Exactly on centroid 1 (the model's own centroid, in the clustering space).
                let onCentroid = context.answer(for: model.centroids.row(1), rules: MembershipRule.allCases)
                XCTAssertEqual(onCentroid.distances[1], 0, what)
                if method != .gmm { XCTAssertEqual(onCentroid.cluster, 1, what) }
                XCTAssertEqual(onCentroid.values(.inversePower)!, (0..<3).map { $0 == 1 ? 1.0 : 0.0 }, "\(what) inverse-power on a centroid")
                XCTAssertEqual(onCentroid.values(.fuzzy)!, (0..<3).map { $0 == 1 ? 1.0 : 0.0 }, "\(what) fuzzy on a centroid")
                XCTAssertEqual(onCentroid.values(.cosine)![1], 1, accuracy: 1e-15, what)
                let softmax = onCentroid.values(.softmax)!
                XCTAssertEqual(softmax.firstIndex(of: softmax.max()!), 1, "\(what) softmax favours the centroid's cluster")

                // Far outside: every value finite, probabilities sum to 1, linear all 0.
                let far = context.answer(for: c.points[2], rules: MembershipRule.allCases)
                XCTAssert(far.distances.allSatisfy { $0.isFinite && $0 > 0 }, what)
                for r in far.rules {
                    let v = try XCTUnwrap(r.values, "\(what) \(r.rule.rawValue)")
                    XCTAssert(v.allSatisfy(\.isFinite), "\(what) far \(r.rule.rawValue): \(v)")
                    if r.rule.isProbability { XCTAssertEqual(v.reduce(0, +), 1, accuracy: 1e-12, "\(what) far \(r.rule.rawValue)") }
                }
                XCTAssertEqual(far.values(.linear)!, [0, 0, 0], "\(what) linear far away")
            }
        }
    }

    // Models fitted by scikit-learn and exported with scripts/export_sklearn_model.py answer as
    // scikit-learn does.
    func testExportedScikitLearnModelsAnswerAsScikitLearn() throws {
        let exported = Self.reference["exported"] as! [String: [String: Any]]
        XCTAssertEqual(exported.count, 2)
        for (file, reference) in exported {
            let url = try XCTUnwrap(Bundle.module.url(forResource: file, withExtension: nil, subdirectory: "Fixtures"))
            let saved = try SavedModel(json: [UInt8](Data(contentsOf: url)), source: file)
            let context = MembershipContext(savedModel: saved)
            let points = doubleMatrix(reference["points"]).map(saved.clusteringPoint(fromRaw:))
            let answers = points.map { context.answer(for: $0, rules: MembershipRule.allCases) }
            assertClose(answers.flatMap(\.distances), flat(reference["distances"]), "\(file) distances")
            XCTAssertEqual(answers.map(\.cluster), ints(reference["cluster"]), "\(file) cluster")
            assertClose(answers.flatMap { $0.values(.gmm)! }, flat(reference["gmm"]), absoluteFloor: 1e-12, "\(file) gmm")
            for (key, rule) in [("softmax", MembershipRule.softmax), ("inverse_power", .inversePower), ("fuzzy", .fuzzy)] {
                guard let expected = reference[key] else { continue }
                assertClose(answers.flatMap { $0.values(rule)! }, flat(expected), absoluteFloor: 1e-12, "\(file) \(key)")
            }
            XCTAssertNil(answers[0].values(.bootstrap), "\(file): no bootstrap sets exported")
        }
    }
}
