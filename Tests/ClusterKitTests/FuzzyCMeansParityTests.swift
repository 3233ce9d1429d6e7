import Foundation
import XCTest
@testable import ClusterKit

/// `FuzzyCMeans` equals scikit-fuzzy 0.5.0's `cmeans` started from the same centroids (fcm.json,
/// made by Fixtures/make_fcm_fixtures.py): the same n_iter, centroids within 1e-9 relative,
/// memberships within 1e-9 absolute, the objective history, fpc and the partition entropy.
final class FuzzyCMeansParityTests: XCTestCase {
    struct Case {
        let json: [String: Any]
        var name: String { json["name"] as! String }
        var m: Double { json["m"] as! Double }
    }

    static let cases: [Case] = {
        let url = Bundle.module.url(forResource: "fcm", withExtension: "json", subdirectory: "Fixtures")!
        let root = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return (root["cases"] as! [[String: Any]]).map(Case.init)
    }()

    /// The case's data as the script built it.
    static func data(_ c: Case) throws -> Matrix {
        let spec = c.json["data"] as! [String: Any]
        if spec["kind"] as! String == "synthetic" {
            return synthetic(rows: spec["rows"] as! Int, columns: spec["columns"] as! Int,
                             clusters: spec["clusters"] as! Int, seed: UInt64(spec["seed"] as! Int))
        }
        var x = PreparedData(try loadShipped(spec["file"] as! String), standardize: spec["standardize"] as! Bool).matrix
        if let scale = spec["scale"] as? Double, let offset = spec["offset"] as? Double {
            x.values = x.values.map { $0 * scale + offset }
        }
        if let first = spec["append_first"] as? Int {
            x = Matrix(rows: x.rows + first, columns: x.columns, values: x.values + x.values.prefix(first * x.columns))
        }
        return x
    }

    /// The script's `synthetic`: exactly representable values from a 64-bit LCG.
    static func synthetic(rows n: Int, columns d: Int, clusters k: Int, seed: UInt64) -> Matrix {
        var s = seed
        var x = Matrix(rows: n, columns: d)
        for i in 0..<n {
            for f in 0..<d {
                s = s &* 6364136223846793005 &+ 1442695040888963407
                x[i, f] = Double(((i % k) * 7 + f * 3) % 11 - 5) * 2 + (Double((s >> 33) % 2001) - 1000) / 256
            }
        }
        return x
    }

    static func start(_ c: Case, _ x: Matrix) -> FuzzyCMeans {
        let k = c.json["k"] as! Int
        let configuration = FuzzyCMeans.Configuration(k: k, fuzziness: c.m, maxIterations: c.json["maxiter"] as! Int,
                                                      tolerance: c.json["error"] as! Double)
        return FuzzyCMeans(data: x, configuration: configuration, centroids: x.selectingRows(ints(c.json["init_positions"])))
    }

    func testEveryCaseMatchesScikitFuzzy() throws {
        XCTAssertGreaterThanOrEqual(Self.cases.count, 30)
        var report = [String]()
        for c in Self.cases {
            let x = try Self.data(c)
            let what = "\(c.name) m=\(c.m)"
            var state = Self.start(c, x)
            let rows = ints(c.json["rows"])
            if c.json["u0"] as? [Any] != nil {
                let u0 = rows.flatMap { state.memberships.row($0) }
                XCTAssertLessThanOrEqual(maxAbs(u0, flat(c.json["u0"])), 1e-12, "\(what): starting memberships")
            }
            // Step by step, so each objective is compared with scikit-fuzzy's history.
            var objectives = [Double]()
            while !state.isFinished {
                state = state.step()
                objectives.append(state.objective)
            }
            XCTAssertEqual(state.iteration, c.json["n_iter"] as! Int, "\(what): n_iter")
            guard state.iteration == c.json["n_iter"] as! Int else { continue }
            let centroidError = maxRelative(state.centroids.values, flat(c.json["centroids"]))
            let u = rows.flatMap { state.memberships.row($0) }
            let membershipError = maxAbs(u, flat(c.json["u"]))
            let objectiveError = maxRelative(objectives, doubles(c.json["jm"]))
            var columnSums = [Double](repeating: 0, count: state.k)
            for i in 0..<x.rows { for j in 0..<state.k { columnSums[j] += state.memberships[i, j] } }
            let sumError = maxAbs(columnSums, doubles(c.json["u_column_sums"]))
            let pc = FuzzyPartition.coefficient(state.memberships), pe = FuzzyPartition.entropy(state.memberships)
            XCTAssertLessThanOrEqual(centroidError, 1e-9, "\(what): centroids (relative)")
            XCTAssertLessThanOrEqual(membershipError, 1e-9, "\(what): memberships (absolute)")
            XCTAssertLessThanOrEqual(sumError, 1e-9, "\(what): membership column sums over all rows")
            XCTAssertLessThanOrEqual(objectiveError, 1e-9, "\(what): objective history (relative)")
            assertClose(pc, c.json["fpc"] as! Double, rel: 1e-12, "\(what): fpc")
            assertClose(pc, c.json["fpc_numpy"] as! Double, rel: 1e-12, "\(what): Σu²/N")
            assertClose(pe, c.json["partition_entropy"] as! Double, rel: 1e-9, "\(what): partition entropy")
            // The change that stopped the run. It is a difference of nearly equal memberships, so
            // it carries their rounding magnified (1e-5 relative in blobs_2d_offset, where the
            // memberships differ by 7e-13): 1e-4 still tells the Frobenius norm from any other.
            let changes = doubles(c.json["change_norms"])
            XCTAssertEqual(state.membershipChange, changes[0], accuracy: 1e-4 * changes[0] + 1e-15, "\(what): last change")
            XCTAssertEqual(state.converged, changes[0] < (c.json["error"] as! Double), "\(what): converged")
            report.append(String(format: "%-18@ m=%-4g n_iter=%-4d centroids %.1e rel, memberships %.1e abs, jm %.1e rel",
                                 c.name as NSString, c.m, state.iteration, centroidError, membershipError, objectiveError))
        }
        print("FCM parity (worst errors):\n" + report.joined(separator: "\n"))
    }

    /// Stepping reproduces scikit-fuzzy stopped after 1, 2 and 3 iterations (maxiter = t): the
    /// state after step t is its result, not one step more or less.
    func testStepsAreScikitFuzzysIterations() throws {
        let steps = Self.cases.filter { $0.name.hasPrefix("steps_") }
        XCTAssertEqual(steps.count, 3)
        let start = Self.start(steps[0], try Self.data(steps[0]))
        var state = start
        for c in steps {
            state = state.step()
            XCTAssertEqual(state.iteration, c.json["n_iter"] as! Int)
            XCTAssertLessThanOrEqual(maxRelative(state.centroids.values, flat(c.json["centroids"])), 1e-12, c.name)
            XCTAssertLessThanOrEqual(maxAbs(state.memberships.values, flat(c.json["u"])), 1e-13, c.name)
            XCTAssertEqual(state.objective, doubles(c.json["jm"]).last!, accuracy: 1e-12 * state.objective, c.name)
            XCTAssertFalse(state.converged, c.name)
        }
        // `run` stops at the configured limit the same way.
        XCTAssertEqual(start.run(maxIterations: 3), state)
    }
}

/// max_i |a_i − b_i|.
func maxAbs(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "\(a.count) vs \(b.count) values")
    return zip(a, b).reduce(0) { worst, p in
        let e = abs(p.0 - p.1)
        return e.isNaN ? .infinity : max(worst, e)
    }
}

/// max_i |a_i − b_i| / max(|b_i|, 1e-6·max|b|): relative, judged on the array's own scale near 0.
func maxRelative(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "\(a.count) vs \(b.count) values")
    let floor = 1e-6 * (b.map(abs).max() ?? 0)
    return zip(a, b).reduce(0) { worst, p in
        let e = abs(p.0 - p.1) / max(abs(p.1), floor, .leastNormalMagnitude)
        return e.isNaN ? .infinity : max(worst, e)
    }
}
