import Foundation
import XCTest

/// `features --kind proba --method fcm` writes fuzzy c-means' own memberships and estimates no
/// mixture from the partition, so it announces none (issue 18); at this shape a k-means model's
/// full mixture would be announced (`WideData.partitionMixtureSeconds` ≈ 3.5 s > 2 s, checked in
/// ClusterKitTests' FeaturesCostNoticeTests).
final class FeaturesCostNoticeCommandTests: XCTestCase {
    func testFuzzyCMeansProbabilitiesAnnounceNoMixture() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clusterview-fcost-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // 300 × 1500: wide enough that a full mixture's D³ Cholesky work would be priced.
        let columns = 1500
        var text = (0..<columns).map { "f\($0)" }.joined(separator: ",") + "\n"
        var state: UInt64 = 7
        for _ in 0..<300 {
            text += (0..<columns).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return String(Int(state >> 54))
            }.joined(separator: ",") + "\n"
        }
        let csv = directory.appendingPathComponent("wide.csv").path
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("f.csv").path
        let run = try Subprocess.run(try BuiltProduct.clusterview().path,
                                     ["features", csv, "--method", "fcm", "--kind", "proba", "--covariance", "full", "-k", "3",
                                      "--max-iter", "2", "--output", out])
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertFalse(run.errors.contains("mixture"), run.errors)
        let header = try String(contentsOfFile: out, encoding: .utf8).prefix { $0 != "\n" }
        XCTAssertEqual(header, "row,k3_p0,k3_p1,k3_p2")
    }
}
