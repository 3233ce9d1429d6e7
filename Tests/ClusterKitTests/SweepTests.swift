import Foundation
import XCTest
@testable import ClusterKit

/// Choosing k: per-k inertia, silhouette, ARI and the mixture's log-likelihood, BIC and AIC equal
/// scikit-learn's with the same seeded inits (Fixtures/make_membership_fixtures.py, `sweep`).
final class SweepTests: XCTestCase {
    func sweepCases() throws -> [(name: String, data: PreparedData, reference: [String: Any])] {
        let root = MembershipQueryParityTests.reference["sweep"] as! [String: [String: Any]]
        return try root.keys.sorted().map { name in
            let reference = root[name]!
            let file = reference["dataset"] as! String
            let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/\(file)")))
            return (name, PreparedData(try Dataset.load(csv: bytes, source: file), standardize: reference["standardize"] as! Bool), reference)
        }
    }

    // k-means sweep: inertia, n_iter, silhouette (1e-9), ARI; GMM(full): score, BIC, AIC (1e-9).
    func testKMeansSweepMatchesScikitLearn() throws {
        let cases = try sweepCases()
        XCTAssertEqual(cases.map(\.name), ["iris_raw", "iris_std", "wine_raw", "wine_std"])
        for c in cases {
            let points = c.reference["points"] as! [[String: Any]]
            let settings = ModelSettings(method: .kmeans, seed: UInt32(c.reference["seed"] as! Int))
            let sweep = try XCTUnwrap(Sweep.run(data: c.data.matrix, settings: settings, ks: points.map { $0["k"] as! Int },
                                                truth: c.data.dataset.labelCodes))
            XCTAssertEqual(sweep.points.map(\.k), Array(2...8))
            for (p, r) in zip(sweep.points, points) {
                let what = "\(c.name) k=\(p.k)"
                XCTAssertEqual(p.iterations, r["n_iter"] as? Int, "\(what) n_iter")
                assertClose(p.inertia, r["inertia"] as! Double, "\(what) inertia")
                assertClose(try XCTUnwrap(p.silhouette), r["silhouette"] as! Double, rel: 1e-9, "\(what) silhouette")
                assertClose(try XCTUnwrap(p.ari), r["ari"] as! Double, rel: 1e-12, "\(what) ari")
                assertClose(try XCTUnwrap(p.meanLogLikelihood), r["score"] as! Double, "\(what) score")
                assertClose(try XCTUnwrap(p.bic), r["bic"] as! Double, "\(what) bic")
                assertClose(try XCTUnwrap(p.aic), r["aic"] as! Double, "\(what) aic")
            }
            let bics = points.map { $0["bic"] as! Double }
            XCTAssertEqual(sweep.bestBICK, points[bics.firstIndex(of: bics.min()!)!]["k"] as? Int, "\(c.name) best BIC")
        }
    }

    // With --method gmm the points describe the mixture itself: its labels' silhouette and ARI.
    func testGaussianMixtureSweepMatchesScikitLearn() throws {
        for c in try sweepCases() {
            let points = c.reference["points"] as! [[String: Any]]
            let settings = ModelSettings(method: .gmm, seed: UInt32(c.reference["seed"] as! Int))
            let sweep = try XCTUnwrap(Sweep.run(data: c.data.matrix, settings: settings, ks: [2, 3, 4, 5],
                                                truth: c.data.dataset.labelCodes))
            for (p, r) in zip(sweep.points, points) {
                let what = "\(c.name) gmm k=\(p.k)"
                XCTAssertEqual(p.iterations, r["gmm_n_iter"] as? Int, "\(what) n_iter")
                assertClose(try XCTUnwrap(p.bic), r["bic"] as! Double, "\(what) bic")
                assertClose(try XCTUnwrap(p.aic), r["aic"] as! Double, "\(what) aic")
                assertClose(try XCTUnwrap(p.silhouette), r["gmm_silhouette"] as! Double, rel: 1e-9, "\(what) silhouette")
                assertClose(try XCTUnwrap(p.ari), r["gmm_ari"] as! Double, rel: 1e-12, "\(what) ari")
            }
        }
    }

    // The elbow is where the slope of the inertia drops most; uneven steps are divided out.
    func testElbowAndBestBIC() {
        func point(_ k: Int, _ inertia: Double, _ bic: Double? = nil) -> Sweep.Point {
            Sweep.Point(k: k, inertia: inertia, iterations: 1, converged: true, bic: bic)
        }
        // Slopes 100, 10, 5, 4: the bend is at k = 3.
        var s = Sweep(points: [point(2, 300, 50), point(3, 200, 40), point(4, 190, 45), point(5, 185), point(6, 181, 41)])
        XCTAssertEqual(s.elbowK, 3)
        XCTAssertEqual(s.bestBICK, 3)
        // Steps of 2: slopes 10, 1, 1 per unit of k → bend at 4.
        s = Sweep(points: [point(2, 100), point(4, 80), point(6, 78), point(8, 76)])
        XCTAssertEqual(s.elbowK, 4)
        XCTAssertNil(s.bestBICK)
        XCTAssertNil(Sweep(points: [point(2, 10), point(3, 5)]).elbowK, "two ks have no bend")
        XCTAssertEqual(Sweep(points: [point(2, 10), point(3, 5), point(4, 0)]).elbowK, 3, "a straight line: the first tie")
    }

    // The formats carry every number and the marks.
    func testFormats() throws {
        let data = try sweepCases()[0].data
        let sweep = try XCTUnwrap(Sweep.run(data: data.matrix, settings: ModelSettings(), ks: [2, 3, 4], truth: data.dataset.labelCodes))
        let csv = sweep.csv().split(separator: "\n")
        XCTAssertEqual(csv[0], "k,inertia,mean_log_likelihood,bic,aic,silhouette,ari,n_iter,converged,mark")
        XCTAssertEqual(csv.count, 4)
        XCTAssert(csv[1].hasPrefix("2,\(sweep.points[0].inertia),\(sweep.points[0].meanLogLikelihood!),"))
        XCTAssert(csv[2].hasSuffix(",elbow"), String(csv[2]))
        let json = try JSONValue.parse(sweep.json())
        XCTAssertEqual(json["elbow_k"], .number(3))
        XCTAssertEqual(json["best_bic_k"], .number(Double(sweep.bestBICK!)))
        guard case .array(let points)? = json["points"] else { return XCTFail("no points") }
        XCTAssertEqual(points[1]["silhouette"], .number(sweep.points[1].silhouette!))
        let table = sweep.table().split(separator: "\n")
        XCTAssertEqual(table.count, 4)
        XCTAssert(table[0].hasPrefix("k  inertia"), String(table[0]))
        XCTAssert(table[2].hasSuffix("<- elbow") || table[2].hasSuffix("<- elbow, best BIC"), String(table[2]))
    }

    // Progress is reported per iteration and per k; answering false cancels.
    func testProgressAndCancel() throws {
        let data = try sweepCases()[0].data
        var seen: [Sweep.Progress] = []
        let done = try Sweep.run(data: data.matrix, settings: ModelSettings(), ks: [2, 3]) { seen.append($0); return true }
        XCTAssertNotNil(done)
        XCTAssertEqual(seen.last, Sweep.Progress(completed: 2, total: 2, k: 3, iteration: nil))
        XCTAssert(seen.contains { $0.k == 2 && ($0.iteration ?? 0) > 0 })
        var calls = 0
        XCTAssertNil(try Sweep.run(data: data.matrix, settings: ModelSettings(), ks: [2, 3, 4]) { _ in calls += 1; return calls < 4 })
        XCTAssertEqual(calls, 4)
        XCTAssertThrowsError(try Sweep.run(data: data.matrix, settings: ModelSettings(initMethod: .rows([0, 1])), ks: [2, 3]))
    }
}
