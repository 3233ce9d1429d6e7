import Foundation
import XCTest

/// Fuzzy c-means through the command line (issue 18): `fit --method fcm` equals scikit-fuzzy
/// 0.5.0's `cmeans` (the fixture of ClusterKitTests' FuzzyCMeansParityTests, made by
/// Tests/ClusterKitTests/Fixtures/make_fcm_fixtures.py), and an fcm model goes through `fit`,
/// `membership`, `features --kind proba`, `sweep` and a saved model like the other methods.
final class FuzzyCMeansCommandTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("clusterview-fcm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func run(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(try BuiltProduct.clusterview().path, arguments)
    }

    func dataset(_ name: String) -> String { BuiltProduct.shippedDataset(name) }
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The data lines of a CSV (header dropped), each split at commas (no quoted fields here).
    func csvRows(_ text: String) -> (header: [String], rows: [[String]]) {
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (lines.first ?? [], Array(lines.dropFirst()))
    }

    /// The `p_0…p_{k−1}` values of each line of `fit`'s CSV.
    func pColumns(_ csv: String, k: Int) throws -> [[Double]] {
        let (header, rows) = csvRows(csv)
        let first = try XCTUnwrap(header.firstIndex(of: "p_0"), "no p_ columns in: \(csv.prefix(200))")
        return try rows.map { row in try (0..<k).map { try XCTUnwrap(Double(row[first + $0])) } }
    }

    // Every case of the scikit-fuzzy fixture on a shipped file, raw and standardised, m ∈ {1.3, 2, 3}:
    // the same n_iter, centroids within 1e-9 relative, memberships within 1e-9.
    func testFitEqualsScikitFuzzy() throws {
        let url = BuiltProduct.packageRoot.appendingPathComponent("Tests/ClusterKitTests/Fixtures/fcm.json")
        let fixture = try json(String(contentsOf: url, encoding: .utf8))
        let cases = try XCTUnwrap(fixture["cases"] as? [[String: Any]])
        var checked = 0
        for c in cases {
            let name = c["name"] as! String
            guard let data = c["data"] as? [String: Any], data["kind"] as? String == "file",
                  data["scale"] == nil, data["offset"] == nil, data["append_first"] == nil else { continue }
            let file = dataset(data["file"] as! String)
            let standardize = data["standardize"] as! Bool
            let k = c["k"] as! Int, m = c["m"] as! Double
            let positions = c["init_positions"] as! [Int]
            var base = [file, "--method", "fcm", "-k", String(k)]
            if standardize { base.append("--standardize") }
            // --init takes file rows; the fixture's positions count kept rows (penguins drops some).
            let probe = try run(["fit"] + base + ["--max-iter", "0", "--format", "json"])
            XCTAssertEqual(probe.status, 0, "\(name): \(probe.errors)")
            let fileRows = try XCTUnwrap(try json(probe.output)["row_indices"] as? [Int])
            let common = base + ["--fuzziness", "\(m)", "--tol", "\(c["error"] as! Double)",
                                 "--max-iter", String(c["maxiter"] as! Int),
                                 "--init", "rows:" + positions.map { String(fileRows[$0]) }.joined(separator: ",")]

            let fit = try run(["fit"] + common + ["--format", "json"])
            XCTAssertEqual(fit.status, 0, "\(name): \(fit.errors)")
            let report = try json(fit.output)
            XCTAssertEqual(report["method"] as? String, "fcm", name)
            XCTAssertEqual(report["n_iter"] as? Int, c["n_iter"] as? Int, name)
            XCTAssertEqual(report["fuzziness"] as? Double, m, name)
            let centroids = try XCTUnwrap(report["centroids"] as? [[Double]]), expected = c["centroids"] as! [[Double]]
            XCTAssertEqual(centroids.count, k, name)
            for (got, want) in zip(centroids.joined(), expected.joined()) {
                XCTAssertLessThanOrEqual(abs(got - want), 1e-9 * max(abs(want), 1e-300) + 1e-12, "\(name): centroid \(got) vs \(want)")
            }
            let fpc = try XCTUnwrap(report["partition_coefficient"] as? Double)
            XCTAssertEqual(fpc, c["fpc"] as! Double, accuracy: 1e-9, name)
            XCTAssertEqual(try XCTUnwrap(report["partition_entropy"] as? Double), c["partition_entropy"] as! Double, accuracy: 1e-9, name)

            let csv = try run(["fit"] + common)
            XCTAssertEqual(csv.status, 0, "\(name): \(csv.errors)")
            let p = try pColumns(csv.output, k: k)
            let rows = c["rows"] as! [Int], u = c["u"] as! [[Double]]
            for (position, want) in zip(rows, u) {
                for j in 0..<k {
                    XCTAssertEqual(p[position][j], want[j], accuracy: 1e-9, "\(name): row \(position) u_\(j)")
                }
            }
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 24, "cases on shipped files")
    }

    // fit --save-model, membership --model (its answers equal a fit done by membership itself, and
    // its fuzzy rule is the fit's p_), features --kind proba (the same p_), sweep (Bezdek's indices).
    func testFCMModelThroughEveryCommand() throws {
        let iris = dataset("iris.csv"), model = path("fcm.json")
        let fcm = ["--method", "fcm", "--fuzziness", "2.5", "--seed", "4"], options = fcm + ["-k", "3"]
        let fit = try run(["fit", iris, "--save-model", model] + options)
        XCTAssertEqual(fit.status, 0, fit.errors)
        let p = try pColumns(fit.output, k: 3)
        XCTAssertEqual(p.count, 150)
        for row in p {
            XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-12)
            XCTAssert(row.allSatisfy { $0 > 0 && $0 < 1 }, "\(row)")
        }
        // A fuzzy fit is fuzzy: some row is shared between clusters.
        XCTAssert(p.contains { $0.max()! < 0.9 })

        let saved = try json(String(contentsOfFile: model, encoding: .utf8))
        XCTAssertEqual(saved["method"] as? String, "fcm")
        XCTAssertEqual(saved["fuzziness"] as? Double, 2.5)

        let rows = ["--row", "0", "--row", "77", "--row", "140", "--rules", "softmax,gmm,inverse-power,cosine,linear,fuzzy"]
        let fromModel = try run(["membership", iris, "--model", model] + rows)
        let fromFit = try run(["membership", iris] + options + rows)
        XCTAssertEqual(fromModel.status, 0, fromModel.errors)
        XCTAssertEqual(fromFit.status, 0, fromFit.errors)
        XCTAssertEqual(fromModel.output, fromFit.output)
        // The fuzzy rule with the model's m is its own membership, the fit's p_ (the rule has no
        // eps floors, so equal to rounding away from the centroids).
        for line in csvRows(fromModel.output).rows where line[2] == "fuzzy" {
            let row = Int(line[1].split(separator: " ").last!)!
            for j in 0..<3 { XCTAssertEqual(Double(line[4 + j])!, p[row][j], accuracy: 1e-12, "row \(row)") }
        }

        let features = try run(["features", iris, "--kind", "proba", "-k", "3", "--output", path("f.csv")] + fcm)
        XCTAssertEqual(features.status, 0, features.errors)
        let table = csvRows(try String(contentsOfFile: path("f.csv"), encoding: .utf8))
        XCTAssertEqual(Array(table.header.prefix(4)), ["row", "k3_p0", "k3_p1", "k3_p2"])
        for (i, line) in table.rows.enumerated() {
            XCTAssertEqual((1...3).map { Double(line[$0])! }, p[i], "features row \(i) equals fit's p_")
        }

        let sweep = try run(["sweep", iris, "-k", "2:4", "--format", "csv"] + fcm)
        XCTAssertEqual(sweep.status, 0, sweep.errors)
        let s = csvRows(sweep.output)
        let pc = try XCTUnwrap(s.header.firstIndex(of: "partition_coefficient")), pe = try XCTUnwrap(s.header.firstIndex(of: "partition_entropy"))
        XCTAssertEqual(s.rows.count, 3)
        for line in s.rows {
            let k = Double(line[0])!, coefficient = Double(line[pc])!, entropy = Double(line[pe])!
            XCTAssert(coefficient >= 1 / k && coefficient <= 1, "PC \(coefficient) at k \(k)")
            XCTAssert(entropy >= 0 && entropy <= log(k), "PE \(entropy) at k \(k)")
        }
        // At k = 3 the sweep's PC is the fit's (same settings, same seed).
        let fitPC = p.reduce(0) { $0 + $1.reduce(0) { $0 + $1 * $1 } } / 150
        XCTAssertEqual(Double(s.rows[1][pc])!, fitPC, accuracy: 1e-12)
        // Other methods' sweeps keep their columns as they were.
        let kmeans = try run(["sweep", iris, "-k", "2:4", "--format", "csv"])
        XCTAssertEqual(kmeans.output.split(separator: "\n").first, "k,inertia,mean_log_likelihood,bic,aic,silhouette,ari,n_iter,converged,mark")
    }

    // m ≤ 1 (and a non-finite m) is refused in one line, before any work.
    func testFuzzinessAtOrBelowOneIsRefused() throws {
        for m in ["1", "0.5", "inf"] {
            let fit = try run(["fit", dataset("iris.csv"), "--method", "fcm", "--fuzziness", m])
            XCTAssertNotEqual(fit.status, 0, m)
            XCTAssertEqual(fit.output, "", m)
            let lines = fit.errors.split(separator: "\n").filter { !$0.hasPrefix("Usage:") && !$0.contains("--help") && !$0.isEmpty }
            XCTAssertEqual(lines.count, 1, fit.errors)
            XCTAssert(fit.errors.contains("--fuzziness"), fit.errors)
        }
    }
}
