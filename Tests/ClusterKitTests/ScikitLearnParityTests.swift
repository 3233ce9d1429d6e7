import XCTest
@testable import ClusterKit

/// clusterview's numbers against scikit-learn 1.9.1 reference values (Fixtures/make_fixtures.py),
/// on iris, wine, blobs and penguins, raw and standardised, with fixed `rows:` inits.
final class ScikitLearnParityTests: XCTestCase {
    func forEachFixture(_ body: (Fixture) throws -> Void) throws {
        for name in Fixture.names {
            try body(Fixture(name))
        }
    }

    func testRowsAndScalerMatch() throws {
        try forEachFixture { f in
            XCTAssertEqual(f.prepared.dataset.rowIndices, ints(f.json["row_indices"]), f.name)
            assertClose(f.prepared.scaler.mean, doubles(f.object("scaler")["mean"]), rel: 1e-12, "\(f.name) mean")
            assertClose(f.prepared.scaler.scale, doubles(f.object("scaler")["scale"]), rel: 1e-12, "\(f.name) scale")
        }
    }

    // k-means: identical labels and n_iter; centroids and inertia to 1e-6 relative; each early step too.
    func testKMeansMatchesScikitLearn() throws {
        try forEachFixture { f in
            let reference = f.object("kmeans")
            let start = try KMeans(data: f.prepared.matrix, configuration: .init(k: f.k, initMethod: .rows(f.initPositions)))
            let final = start.run()
            XCTAssertEqual(final.labels.map(Int.init), ints(reference["labels"]), "\(f.name) labels")
            XCTAssertEqual(final.iteration, reference["n_iter"] as? Int, "\(f.name) n_iter")
            XCTAssertTrue(final.converged, f.name)
            assertClose(final.centroids.values, flat(reference["centroids"]), "\(f.name) centroids")
            assertClose(final.inertia, reference["inertia"] as! Double, "\(f.name) inertia")
            for s in reference["steps"] as! [[String: Any]] {
                let m = s["max_iter"] as! Int
                let state = start.run(maxIterations: m)
                XCTAssertEqual(state.iteration, s["n_iter"] as? Int, "\(f.name) step \(m) n_iter")
                XCTAssertEqual(state.labels.map(Int.init), ints(s["labels"]), "\(f.name) step \(m) labels")
                assertClose(state.centroids.values, flat(s["centroids"]), "\(f.name) step \(m) centroids")
                assertClose(state.inertia, s["inertia"] as! Double, "\(f.name) step \(m) inertia")
            }
        }
    }

    // GMM for every covariance type: initial parameters, early steps, and the converged fit.
    func testGaussianMixtureMatchesScikitLearn() throws {
        try forEachFixture { f in
            for type in CovarianceType.allCases {
                let reference = f.object("gmm", type.rawValue)
                let what = "\(f.name) \(type.rawValue)"
                let start = try GaussianMixture(data: f.prepared.matrix, configuration: .init(
                    k: f.k, covarianceType: type, initMethod: .rows(f.initPositions)))
                let initial = reference["init"] as! [String: Any]
                assertClose(start.weights, doubles(initial["weights"]), "\(what) init weights")
                assertClose(start.means.values, flat(initial["means"]), "\(what) init means")
                assertClose(flat(start.covariances.nestedValue), flat(initial["covariances"]), "\(what) init covariances")
                for s in reference["steps"] as! [[String: Any]] {
                    let m = s["max_iter"] as! Int
                    let state = try start.run(maxIterations: m)
                    XCTAssertEqual(state.iteration, s["n_iter"] as? Int, "\(what) step \(m)")
                    assertClose(state.weights, doubles(s["weights"]), "\(what) step \(m) weights")
                    assertClose(state.means.values, flat(s["means"]), "\(what) step \(m) means")
                    assertClose(flat(state.covariances.nestedValue), flat(s["covariances"]), "\(what) step \(m) covariances")
                    assertClose(state.lowerBound, s["lower_bound"] as! Double, "\(what) step \(m) lower bound")
                }
                let final = try start.run()
                XCTAssertEqual(final.iteration, reference["n_iter"] as? Int, "\(what) n_iter")
                XCTAssertEqual(final.converged, reference["converged"] as? Bool, "\(what) converged")
                XCTAssertEqual(final.labels.map(Int.init), ints(reference["labels"]), "\(what) labels")
                assertClose(final.weights, doubles(reference["weights"]), "\(what) weights")
                assertClose(final.means.values, flat(reference["means"]), "\(what) means")
                assertClose(flat(final.covariances.nestedValue), flat(reference["covariances"]), "\(what) covariances")
                assertClose(flat(final.precisionsCholeskyNested), flat(reference["precisions_cholesky"]), "\(what) precisions")
                assertClose(final.lowerBound, reference["lower_bound"] as! Double, "\(what) lower bound")
                assertClose(final.meanLogLikelihood, reference["score"] as! Double, "\(what) score")
                assertClose(final.bic, reference["bic"] as! Double, "\(what) bic")
                assertClose(final.aic, reference["aic"] as! Double, "\(what) aic")
                assertClose(final.responsibilities(), flat(reference["proba"]), absoluteFloor: 1e-12, "\(what) proba")
            }
        }
    }

    // Every rule on the final k-means model, row by row, against numpy's formulas and sklearn's GMM.
    func testMembershipRulesMatchReference() throws {
        try forEachFixture { f in
            let reference = f.object("membership")
            let model = try ClusterModel.initial(f.prepared.matrix, ModelSettings(k: f.k, initMethod: .rows(f.initPositions))).run()
            let rows = (0..<f.prepared.matrix.rows).map { f.prepared.matrix.row($0) }
            func table(_ rule: MembershipRule, _ settings: ModelSettings) -> [Double] {
                let context = MembershipContext(data: f.prepared, model: model, settings: settings)
                return rows.flatMap { context.values(rule, for: $0)! }
            }
            let settings = ModelSettings(k: f.k)
            let context = MembershipContext(data: f.prepared, model: model, settings: settings)
            assertClose(rows.flatMap { context.distances(of: $0) }, flat(reference["distances"]), "\(f.name) distances")
            for beta in doubles(reference["beta"]) {
                var s = settings
                s.beta = beta
                let expected = flat((reference["softmax"] as! [String: Any])[String(describing: beta)])
                assertClose(table(.softmax, s), expected, absoluteFloor: 1e-12, "\(f.name) softmax β=\(beta)")
            }
            assertClose(table(.inversePower, settings), flat(reference["inverse_power"]), absoluteFloor: 1e-12, "\(f.name) inverse-power")
            assertClose(table(.cosine, settings), flat(reference["cosine"]), absoluteFloor: 1e-12, "\(f.name) cosine")
            assertClose(table(.linear, settings), flat(reference["linear"]), absoluteFloor: 1e-12, "\(f.name) linear")
            for type in CovarianceType.allCases {
                var s = settings
                s.covarianceType = type
                let expected = flat((reference["gmm"] as! [String: Any])[type.rawValue])
                assertClose(table(.gmm, s), expected, absoluteFloor: 1e-12, "\(f.name) gmm \(type.rawValue)")
            }
        }
    }

    // Silhouette to 1e-9 (full, unsampled at these sizes) and ARI against the true labels.
    func testMetricsMatchScikitLearn() throws {
        try forEachFixture { f in
            let metrics = f.object("metrics")
            let labels = ints(f.object("kmeans")["labels"]).map(Int32.init)
            let s = try XCTUnwrap(silhouetteScore(f.prepared.matrix, labels: labels))
            assertClose(s, metrics["silhouette"] as! Double, rel: 1e-9, "\(f.name) silhouette")
            let truth = try XCTUnwrap(f.prepared.dataset.labelCodes)
            assertClose(adjustedRandIndex(truth, labels.map(Int.init)), metrics["ari"] as! Double, rel: 1e-12, "\(f.name) ari")
        }
    }
}
