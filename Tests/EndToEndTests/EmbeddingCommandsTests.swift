import Foundation
import XCTest

/// `--normalize l2` and `--beta auto` through the built binary (issue 16): option wiring in every
/// command, the saved model's round trip, the notes and the one-line refusals. The numbers are
/// tested in ClusterKitTests (RowNormalizationTests, BetaSearchTests).
extension HeadlessCommandsTests {
    // A model fitted on normalised (then z-scored) rows answers membership --model exactly as
    // membership on the data with the same options: query rows are normalised the same way.
    func testNormalizedModelRoundTripsThroughMembership() throws {
        let model = path("l2.json")
        let options = ["--normalize", "l2", "--standardize", "--method", "gmm", "--covariance", "diag"]
        let fit = try run(["fit", "datasets/wine.csv", "--save-model", model] + options)
        XCTAssertEqual(fit.status, 0, fit.stderr)
        XCTAssertTrue(try String(contentsOfFile: model, encoding: .utf8).contains("\n  \"normalize\": \"l2\"\n"))
        let queries = ["--row", "0", "--row", "100", "--point", String(repeating: "1,", count: 12) + "1",
                       "--point", String(repeating: "0,", count: 12) + "0"]
        for format in ["csv", "json"] {
            let onData = try run(["membership", "datasets/wine.csv", "--rules", "softmax,gmm,inverse-power,cosine,linear,fuzzy", "--format", format] + options + queries)
            let fromModel = try run(["membership", "datasets/wine.csv", "--model", model, "--rules", "softmax,gmm,inverse-power,cosine,linear,fuzzy", "--format", format] + queries)
            XCTAssertEqual(onData.status, 0, onData.stderr)
            XCTAssertEqual(fromModel.status, 0, fromModel.stderr)
            XCTAssertEqual(fromModel.stdout, onData.stdout, format)
        }
        // The normalisation changes the answers (it was applied), and the model says what it is.
        let raw = try run(["membership", "datasets/wine.csv", "--row", "0", "--standardize", "--method", "gmm", "--covariance", "diag"])
        let normalised = try run(["membership", "datasets/wine.csv", "--model", model, "--row", "0"])
        XCTAssertNotEqual(raw.stdout, normalised.stdout)
        let clash = try run(["membership", "--model", model, "--point", "1,2,3,4,5,6,7,8,9,10,11,12,13", "--normalize", "none"])
        XCTAssertEqual(clash.status, 1)
        XCTAssertEqual(clash.stderr.split(separator: "\n").count, 1, clash.stderr)
        XCTAssertTrue(clash.stderr.contains("fitted with --normalize l2, not none"), clash.stderr)
        let json = try run(["fit", "datasets/wine.csv", "--format", "json"] + options)
        XCTAssertTrue(json.stdout.contains("\"normalize\": \"l2\""))
        XCTAssertFalse(try run(["fit", "datasets/wine.csv", "--format", "json"]).stdout.contains("normalize"),
                       "without --normalize the JSON is as before")
    }

    // features, sweep and render take --normalize too, and it changes what they compute.
    func testNormalizeReachesFeaturesSweepAndRender() throws {
        for command in [["features", "datasets/wine.csv", "-k", "3"], ["sweep", "datasets/wine.csv", "-k", "2:3"],
                        ["render", "datasets/wine.csv", "--size", "80x24"]] {
            let plain = try run(command)
            let normalised = try run(command + ["--normalize", "l2"])
            XCTAssertEqual(plain.status, 0, plain.stderr)
            XCTAssertEqual(normalised.status, 0, normalised.stderr)
            XCTAssertNotEqual(plain.stdout, normalised.stdout, command[0])
        }
        let bad = try run(["fit", "datasets/wine.csv", "--normalize", "l1"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("--normalize"), bad.stderr)
    }

    // --beta auto: fit reports the β it chose (stderr note, JSON `beta`, `beta_auto`), saves it in
    // the model, and the CSV's p columns use it; render shows `beta=… auto`; soft k-means and
    // --model without FILE are refused in one line.
    func testBetaAutoIsReportedSavedAndShown() throws {
        let model = path("auto.json")
        let fit = try run(["fit", "datasets/wine.csv", "--beta", "auto", "--format", "json", "--save-model", model])
        XCTAssertEqual(fit.status, 0, fit.stderr)
        XCTAssertTrue(fit.stderr.contains("fit: beta auto = "), fit.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(report["beta_auto"] as? Bool, true)
        let beta = try XCTUnwrap(report["beta"] as? Double)
        XCTAssertLessThan(beta, 0.1, "raw wine: distances in the hundreds want a small β")
        let saved = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model))) as? [String: Any])
        XCTAssertEqual(saved["beta"] as? Double, beta)
        // The CSV with auto equals the CSV with that β typed in.
        let autoCSV = try run(["fit", "datasets/wine.csv", "--beta", "auto"])
        let typedCSV = try run(["fit", "datasets/wine.csv", "--beta", "\(beta)"])
        XCTAssertEqual(autoCSV.stdout, typedCSV.stdout)
        // membership: on the data, and from a model with FILE's rows to match on.
        let membership = try run(["membership", "datasets/wine.csv", "--beta", "auto", "--row", "5"])
        XCTAssertEqual(membership.status, 0, membership.stderr)
        XCTAssertTrue(membership.stderr.contains("membership: beta auto = \(beta)"), membership.stderr)
        let fromModel = try run(["membership", "datasets/wine.csv", "--model", model, "--beta", "auto", "--row", "5"])
        XCTAssertEqual(fromModel.status, 0, fromModel.stderr)
        XCTAssertEqual(fromModel.stdout, membership.stdout, "the model's gmm rule on the same rows gives the same β")
        let noRows = try run(["membership", "--model", model, "--beta", "auto", "--point", "1,2,3,4,5,6,7,8,9,10,11,12,13"])
        XCTAssertEqual(noRows.status, 1)
        XCTAssertEqual(noRows.stderr.split(separator: "\n").count, 1, noRows.stderr)
        let screen = try run(["render", "datasets/wine.csv", "--beta", "auto", "--size", "100x30"])
        XCTAssertTrue(screen.stdout.split(separator: "\n")[0].contains(" auto "), screen.stdout)
        let soft = try run(["fit", "datasets/wine.csv", "--beta", "auto", "--method", "soft"])
        XCTAssertEqual(soft.status, 64)
        XCTAssertTrue(soft.stderr.contains("--beta auto is for kmeans and gmm"), soft.stderr)
    }
}
