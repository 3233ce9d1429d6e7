import Foundation
import XCTest

@testable import ClusterKit

/// The projection on wide data: each path (covariance, Gram, block Krylov) against scikit-learn's
/// exact `PCA(2)` (Fixtures/pca.json, from make_pca_fixtures.py), and the edges where the data
/// determine fewer than two components.
final class PCAScalingTests: XCTestCase {
    private struct Case {
        let name: String
        let data: Matrix
        let mean: [Double]
        let components: [[Double]]
        let ratios: [Double]
    }

    private func cases() throws -> [Case] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "pca", withExtension: "json", subdirectory: "Fixtures"))
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        return try XCTUnwrap(root["cases"] as? [[String: Any]]).map { c in
            let rows = c["rows"] as! Int, columns = c["columns"] as! Int
            let offset = c["offset"] as! Double, scale = c["scale"] as! Double
            // value = offset + k / scale, as the script built it (scale a power of two: exact).
            let values = (c["values"] as! [NSNumber]).map { offset + $0.doubleValue / scale }
            return Case(name: c["name"] as! String, data: Matrix(rows: rows, columns: columns, values: values),
                        mean: c["mean"] as! [Double], components: c["components"] as! [[Double]],
                        ratios: c["explained_variance_ratio"] as! [Double])
        }
    }

    private func expectedMethod(_ name: String) -> String {
        if name.hasPrefix("gram") { return "gram" }
        if name.hasPrefix("covariance") { return "covariance" }
        return "blockKrylov"
    }

    private func methodName(_ m: PCA.Method) -> String {
        switch m {
        case .covariance: return "covariance"
        case .gram: return "gram"
        case .blockKrylov: return "blockKrylov"
        }
    }

    /// Same components (scikit-learn's signs included) and the same variance shares as
    /// scikit-learn's exact SVD, on every path: 1e-6 is the bound; the agreement seen is
    /// ~1e-12, so the test asserts 1e-9.
    func testEveryPathMatchesScikitLearn() throws {
        let all = try cases()
        XCTAssertEqual(all.count, 9)
        for c in all {
            let pca = PCA(fitting: c.data)
            XCTAssertEqual(methodName(pca.method), expectedMethod(c.name), c.name)
            if c.name.hasPrefix("sparse") {
                XCTAssertNotNil(CovarianceOperator.prepared(c.data).sparse, "\(c.name) must take the sparse passes")
            }
            var worst = 0.0
            for f in 0..<c.data.columns {
                XCTAssertEqual(pca.mean[f], c.mean[f], accuracy: 1e-12 * max(1, abs(c.mean[f])), "\(c.name) mean[\(f)]")
            }
            for k in 0..<2 {
                XCTAssertEqual(pca.explainedVarianceRatio[k], c.ratios[k], accuracy: 1e-9, "\(c.name) ratio \(k)")
                worst = max(worst, abs(pca.explainedVarianceRatio[k] - c.ratios[k]))
                for f in 0..<c.data.columns {
                    let difference = abs(pca.components[k, f] - c.components[k][f])
                    worst = max(worst, difference)
                    XCTAssertLessThan(difference, 1e-9, "\(c.name) component \(k) feature \(f)")
                }
            }
            print("PCAScalingTests: \(c.name) \(c.data.rows)×\(c.data.columns) \(pca.method): largest difference \(worst)")
        }
    }

    private func randomMatrix(rows: Int, columns: Int, seed: UInt64, _ value: (inout SplitMix64, Int) -> Double) -> Matrix {
        var random = SplitMix64(seed: seed)
        return Matrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { value(&random, $0 % columns) })
    }

    private func assertOrthonormal(_ pca: PCA, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        let a = pca.components.row(0), b = pca.components.row(1)
        let aa = a.reduce(0) { $0 + $1 * $1 }, bb = b.reduce(0) { $0 + $1 * $1 }
        let ab = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
        XCTAssertEqual(aa, 1, accuracy: 1e-12, label, file: file, line: line)
        XCTAssertEqual(bb, 1, accuracy: 1e-12, label, file: file, line: line)
        XCTAssertEqual(ab, 0, accuracy: 1e-12, label, file: file, line: line)
    }

    /// Block Krylov sums its chunks in a fixed order: the same input gives the same bits, run after run.
    func testBlockKrylovIsDeterministic() {
        // Several chunks; columns of decaying spreads, so the top eigenvalues are apart (a few passes).
        let data = randomMatrix(rows: 3_000, columns: 80, seed: 9) { r, f in (r.unit() - 0.5) * (0.1 + 10 * pow(0.8, Double(f))) }
        let first = PCA(fitting: data), second = PCA(fitting: data)
        guard case .blockKrylov(let passes) = first.method else { return XCTFail("\(first.method)") }
        XCTAssertLessThanOrEqual(passes, PCA.krylovMaxPasses)
        XCTAssertEqual(first.components.values.map(\.bitPattern), second.components.values.map(\.bitPattern))
        XCTAssertEqual(first.explainedVarianceRatio.map(\.bitPattern), second.explainedVarianceRatio.map(\.bitPattern))
        assertOrthonormal(first, "random 3000×80")
    }

    /// The shapes the issue lists as edges: a single row, a few very wide rows; each answers at once.
    func testFewRowsManyColumns() {
        // One row: no variance at all; the axes are e0 and e1, shares 0.
        let one = PCA(fitting: randomMatrix(rows: 1, columns: 10_000, seed: 1) { r, _ in r.unit() })
        XCTAssertEqual(one.method, .gram)
        XCTAssertEqual(one.explainedVarianceRatio, [0, 0])
        XCTAssertEqual(one.components[0, 0], 1)
        XCTAssertEqual(one.components[1, 1], 1)
        assertOrthonormal(one, "1×10,000")

        // Two rows: one direction of variance (their difference), PC2 a stand-in orthogonal to it.
        let two = randomMatrix(rows: 2, columns: 300, seed: 2) { r, _ in r.unit() }
        let pca2 = PCA(fitting: two)
        XCTAssertEqual(pca2.explainedVarianceRatio[0], 1, accuracy: 1e-12)
        XCTAssertEqual(pca2.explainedVarianceRatio[1], 0)
        let difference = (0..<300).map { two.values[$0] - two.values[300 + $0] }
        let norm = difference.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let cosine = (0..<300).reduce(0.0) { $0 + pca2.components[0, $1] * difference[$1] } / norm
        XCTAssertEqual(abs(cosine), 1, accuracy: 1e-12)
        assertOrthonormal(pca2, "2×300")

        // 12 × 2,000 and 10 × 50,000 (the shapes) go to the Gram path.
        for (rows, columns) in [(12, 2_000), (10, 50_000)] {
            let pca = PCA(fitting: randomMatrix(rows: rows, columns: columns, seed: 3) { r, _ in r.unit() })
            XCTAssertEqual(pca.method, .gram)
            assertOrthonormal(pca, "\(rows)×\(columns)")
            XCTAssertGreaterThan(pca.explainedVarianceRatio[0], pca.explainedVarianceRatio[1])
        }
    }

    /// Rows that are all the same, and rows on one line, on the Krylov path: shares 0 where the
    /// data have no variance, stand-in axes orthogonal to what the data do determine.
    func testBlockKrylovWithoutTwoDirectionsOfVariance() {
        let same = Matrix(rows: 200, columns: 100, values: (0..<20_000).map { Double($0 % 100) })
        let flat = PCA(fitting: same)
        XCTAssertEqual(flat.method, .blockKrylov(passes: 1))
        XCTAssertEqual(flat.explainedVarianceRatio, [0, 0])
        XCTAssertEqual(flat.components[0, 0], 1)
        XCTAssertEqual(flat.components[1, 1], 1)

        var random = SplitMix64(seed: 4)
        let direction = (0..<100).map { _ in random.unit() - 0.5 }
        let line = Matrix(rows: 200, columns: 100, values: (0..<200).flatMap { i in
            let s = Double(i % 17) - 8
            return direction.map { 1e6 + s * $0 }
        })
        let pca = PCA(fitting: line)
        guard case .blockKrylov = pca.method else { return XCTFail("\(pca.method)") }
        XCTAssertEqual(pca.explainedVarianceRatio[0], 1, accuracy: 1e-9)
        XCTAssertEqual(pca.explainedVarianceRatio[1], 0)
        let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let cosine = (0..<100).reduce(0.0) { $0 + pca.components[0, $1] * direction[$1] } / norm
        XCTAssertEqual(abs(cosine), 1, accuracy: 1e-9)
        assertOrthonormal(pca, "rank one")
    }

    /// Narrow data keep the covariance path (every golden screen's picture depends on its bits).
    func testNarrowDataKeepTheCovariancePath() {
        for columns in [1, 2, 8, PCA.covarianceMaxFeatures] {
            let pca = PCA(fitting: randomMatrix(rows: 300, columns: columns, seed: 5) { r, _ in r.unit() })
            XCTAssertEqual(pca.method, .covariance, "\(columns) columns")
        }
    }
}
