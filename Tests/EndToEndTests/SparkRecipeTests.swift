import Foundation
import XCTest

/// The Spark recipe end to end: scripts/test-spark fits Spark MLlib models in pyspark local[2],
/// exports them, scores them through `clusterview membership --query -` in every partition and
/// compares with Spark's own answers; it also runs the README's "Beyond one machine" blocks.
///
/// Runs when pyspark is installed (two parity cases and the scoring edges; with CI=true every
/// case, the refusals and the README recipe) and skips,
/// saying so, when it is not, except with CI=true, where .ci/run installs pyspark and a missing
/// one is a failure. Takes minutes (each Spark session starts a JVM).
///
/// `CLUSTERVIEW_SKIP_SPARK=1` skips it, CI or not: the GitHub Actions matrix sets it (its rows
/// install no Java or pyspark, and CI=true there would otherwise make the absence a failure);
/// .ci/run does not, so the Spark test still runs there.
final class SparkRecipeTests: XCTestCase {
    func testSparkParityThroughThePipe() throws {
        let environment = ProcessInfo.processInfo.environment
        if environment["CLUSTERVIEW_SKIP_SPARK"] == "1" {
            throw XCTSkip("CLUSTERVIEW_SKIP_SPARK=1: the Spark parity test (scripts/test-spark) is not run here")
        }
        let ci = environment["CI"] == "true"
        let probe = try Subprocess.run("/usr/bin/env", ["python3", "-c", "import pyspark, numpy"])
        guard probe.status == 0 else {
            if ci { return XCTFail("CI=true but pyspark or numpy is missing (.ci/run installs them): \(probe.errors)") }
            throw XCTSkip("pyspark is not installed: `pip install pyspark` runs the Spark parity test (scripts/test-spark)")
        }
        let script = BuiltProduct.packageRoot.appendingPathComponent("scripts/test-spark").path
        let clusterview = try BuiltProduct.clusterview().path
        let result = try Subprocess.run("/usr/bin/env", ["python3", script, "--clusterview", clusterview] + (ci ? [] : ["--quick"]))
        let report = result.output.split(separator: "\n").filter { $0.hasPrefix("test-spark") || $0.contains("FAIL") }
        XCTAssertEqual(result.status, 0, "scripts/test-spark failed:\n" + report.joined(separator: "\n")
                       + "\n" + String(result.errors.suffix(2000)))
        XCTAssertTrue(result.output.contains("checks passed"), result.output)
    }
}
