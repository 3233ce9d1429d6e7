import Foundation
import XCTest
@testable import ClusterKit

/// `clusterview features`: the documented columns, and values equal to `fit`'s as text.
final class FeatureTableTests: XCTestCase {
    func wine(standardize: Bool) throws -> PreparedData {
        let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/wine.csv")))
        return PreparedData(try Dataset.load(csv: bytes, source: "wine.csv"), standardize: standardize)
    }

    func csv(_ table: FeatureTable) -> [[Substring]] {
        var text = ""
        table.writeCSV(chunkRows: 50) { text += $0 }
        XCTAssert(text.hasSuffix("\n"))
        return text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    }

    /// The columns of `fit`'s CSV whose header starts with `prefix`, per row.
    func fitColumns(_ data: PreparedData, _ settings: ModelSettings, _ prefix: String) throws -> [[Substring]] {
        let model = try ClusterModel.initial(data.matrix, settings).run()
        let lines = FitReport(data: data, model: model, settings: settings).csv().split(separator: "\n")
        let header = lines[0].split(separator: ",")
        let columns = header.indices.filter { header[$0].hasPrefix(prefix) }
        return lines.dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return [fields[0]] + columns.map { fields[$0] }
        }
    }

    // Wine with -k 2:10:2: row, k2_d0 k2_d1, k4_d0..k4_d3, ..., k10_d9, cultivar; each k's distances
    // are fit's d_ columns for that k, character for character.
    func testWineDistancesEqualFit() throws {
        for standardize in [false, true] {
            let data = try wine(standardize: standardize)
            let ks = [2, 4, 6, 8, 10]
            let settings = ModelSettings(method: .kmeans, seed: 3)
            let table = try XCTUnwrap(FeatureTable.fit(data: data, settings: settings, ks: ks, kind: .distances))
            let rows = csv(table)
            var header = ["row"]
            for k in ks { header += (0..<k).map { "k\(k)_d\($0)" } }
            header.append("cultivar")
            XCTAssertEqual(rows[0].map(String.init), header)
            XCTAssertEqual(rows.count, 179)
            XCTAssertEqual(rows[1].last, "class_0")
            var column = 1
            for k in ks {
                var s = settings
                s.k = k
                let fit = try fitColumns(data, s, "d_")
                for i in 0..<178 {
                    XCTAssertEqual(rows[i + 1][0], fit[i][0], "row index")
                    XCTAssertEqual(Array(rows[i + 1][column..<(column + k)]), Array(fit[i][1...]), "std=\(standardize) k=\(k) row \(i)")
                }
                column += k
            }
        }
    }

    // --method gmm --kind both: per k, distances then probabilities, the probabilities equal to
    // fit's p_ columns (the mixture's responsibilities), character for character.
    func testGaussianMixtureProbabilitiesEqualFit() throws {
        let data = try wine(standardize: true)
        let settings = ModelSettings(method: .gmm, covarianceType: .diag, seed: 1)
        let table = try XCTUnwrap(FeatureTable.fit(data: data, settings: settings, ks: [2, 3], kind: .both))
        let rows = csv(table)
        XCTAssertEqual(rows[0].map(String.init), ["row", "k2_d0", "k2_d1", "k2_p0", "k2_p1",
                                                  "k3_d0", "k3_d1", "k3_d2", "k3_p0", "k3_p1", "k3_p2", "cultivar"])
        for (k, start) in [(2, 3), (3, 8)] {
            var s = settings
            s.k = k
            let fit = try fitColumns(data, s, "p_")
            for i in 0..<178 { XCTAssertEqual(Array(rows[i + 1][start..<(start + k)]), Array(fit[i][1...]), "k=\(k) row \(i)") }
        }
    }

    // For k-means, the probabilities are the gmm rule's (the partition's mixture).
    func testKMeansProbabilitiesAreTheGmmRule() throws {
        let data = try wine(standardize: true)
        let settings = ModelSettings(method: .kmeans, k: 4, covarianceType: .spherical, seed: 2)
        let table = try XCTUnwrap(FeatureTable.fit(data: data, settings: settings, ks: [4], kind: .proba))
        let rows = csv(table)
        XCTAssertEqual(rows[0].map(String.init), ["row", "k4_p0", "k4_p1", "k4_p2", "k4_p3", "cultivar"])
        let model = try ClusterModel.initial(data.matrix, settings).run()
        let context = MembershipContext(data: data, model: model, settings: settings)
        let expected = (0..<178).flatMap { context.values(.gmm, for: data.matrix.row($0))! }
        let actual = rows.dropFirst().flatMap { $0[1...4].map { Double($0)! } }
        assertClose(actual, expected, rel: 1e-12, absoluteFloor: 1e-300, "k-means proba")
    }

    func testRowsInitNeedsOneK() throws {
        let data = try wine(standardize: false)
        XCTAssertThrowsError(try FeatureTable.fit(data: data, settings: ModelSettings(initMethod: .rows([0, 1])), ks: [2, 3], kind: .distances))
        XCTAssertNotNil(try FeatureTable.fit(data: data, settings: ModelSettings(initMethod: .rows([0, 59, 130])), ks: [3], kind: .distances))
    }
}
