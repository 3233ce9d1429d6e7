import XCTest
@testable import ClusterKit

/// The full/tied E-step (`EStep.triangularMahalanobis`) and the full M-step (`fullCovariances`,
/// through `GaussianParameters.estimate`) reorder their loops for speed (issue 16: GMM full at
/// 10,000 × 128) but must give the same bits as the loops they replaced, kept below as they were.
final class FullCovarianceLoopOrderTests: XCTestCase {
    private func randomMatrix(_ rows: Int, _ columns: Int, _ r: inout SplitMix64, centre: Double) -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for i in m.values.indices { m.values[i] = centre + 4 * (r.unit() - 0.5) }
        return m
    }

    /// Random responsibilities with exact zeros (the M-step skips them) and whole rows of one-hot.
    private func responsibilities(_ n: Int, _ k: Int, _ r: inout SplitMix64) -> [Double] {
        var resp = [Double](repeating: 0, count: n * k)
        for i in 0..<n {
            if i % 3 == 0 { resp[i * k + Int(r.below(UInt64(k)))] = 1; continue }
            var total = 0.0
            for j in 0..<k where r.unit() > 0.3 { resp[i * k + j] = r.unit(); total += resp[i * k + j] }
            if total > 0 { for j in 0..<k { resp[i * k + j] /= total } }
        }
        return resp
    }

    /// The E-step's Mahalanobis term as it was: one serial sum down a column of P per y_c.
    private func oldMahalanobis(_ x: Matrix, _ i: Int, _ m: [Double], _ p: Matrix) -> Double {
        let d = x.columns
        var maha = 0.0
        for c in 0..<d {
            var y = 0.0
            for r in 0...c { y += (x[i, r] - m[r]) * p[r, c] }
            maha += y * y
        }
        return maha
    }

    /// The M-step's covariance sums as they were: one rank-one update of the triangle per row.
    private func oldCovarianceSums(_ x: Matrix, _ resp: [Double], _ k: Int, _ means: Matrix) -> [Double] {
        let n = x.rows, d = x.columns
        var total: [Double]?
        for chunk in 0..<ParallelChunks.chunkCount(n) {
            var a = [Double](repeating: 0, count: k * d * d)
            var diff = [Double](repeating: 0, count: d)
            for i in ParallelChunks.range(chunk, of: n) {
                for j in 0..<k {
                    let w = resp[i * k + j]
                    if w == 0 { continue }
                    for f in 0..<d { diff[f] = x[i, f] - means[j, f] }
                    for p in 0..<d {
                        let wp = w * diff[p]
                        for q in p..<d { a[j * d * d + p * d + q] += wp * diff[q] }
                    }
                }
            }
            if var t = total { for e in t.indices { t[e] += a[e] }; total = t } else { total = a }
        }
        return total!
    }

    func testFullAndTiedMahalanobisAreTheOldBits() throws {
        var r = SplitMix64(seed: 16)
        for (d, k, centre) in [(1, 2, 0.0), (2, 3, 0.0), (3, 2, 5.0), (4, 1, 0.0), (5, 3, -3.0), (7, 2, 1e3),
                               (13, 4, 0.0), (64, 3, 0.0), (130, 2, 10.0)] {
            let n = 37
            let x = randomMatrix(n, d, &r, centre: centre)
            let means = randomMatrix(k, d, &r, centre: centre)
            // Well-conditioned covariances A·Aᵀ/d + I, so the Cholesky exists.
            let covariances: [Matrix] = (0..<k).map { _ in
                let a = randomMatrix(d, d, &r, centre: 0)
                var c = Matrix(rows: d, columns: d)
                for p in 0..<d {
                    for q in 0..<d {
                        var s = 0.0
                        for f in 0..<d { s += a[p, f] * a[q, f] }
                        c[p, q] = s / Double(d) + (p == q ? 1 : 0)
                    }
                }
                return c
            }
            for type in [CovarianceType.full, .tied] {
                let factors = try PrecisionFactors(type == .full ? .full(covariances) : .tied(covariances[0]), k: k, d: d)
                var out = [Double](repeating: 0, count: n * k)
                x.values.withUnsafeBufferPointer { xb in
                    out.withUnsafeMutableBufferPointer { o in
                        EStep.triangularMahalanobis(xb.baseAddress!, rows: n, d: d, means: means, precisions: factors,
                                                    into: o.baseAddress!)
                    }
                }
                for i in 0..<n {
                    for j in 0..<k {
                        let old = oldMahalanobis(x, i, means.row(j), factors.matrices[type == .full ? j : 0])
                        XCTAssertEqual(out[i * k + j].bitPattern, old.bitPattern, "\(type) d=\(d) k=\(k) row \(i) component \(j)")
                    }
                }
            }
        }
    }

    func testFullCovariancesAreTheOldBits() {
        var r = SplitMix64(seed: 17)
        // 9,000 rows: three chunks of 4,096 and partial blocks of 32 rows; d not a multiple of 4.
        for (n, d, k) in [(5, 1, 2), (70, 3, 3), (300, 6, 4), (1000, 9, 2), (65, 33, 3), (9000, 3, 2)] {
            let x = randomMatrix(n, d, &r, centre: 2)
            let resp = responsibilities(n, k, &r)
            let p = GaussianParameters.estimate(x, resp: resp, k: k, type: .full, regCovar: 1e-6,
                                                xtx: Matrix(rows: 0, columns: 0))
            let sums = oldCovarianceSums(x, resp, k, p.means)
            guard case .full(let covariances) = p.covariances else { return XCTFail("not full") }
            for j in 0..<k {
                for a in 0..<d {
                    for b in a..<d {
                        var expected = sums[j * d * d + a * d + b] / p.componentMass[j]
                        if a == b { expected += 1e-6 }
                        XCTAssertEqual(covariances[j][a, b].bitPattern, expected.bitPattern, "n=\(n) d=\(d) k=\(k) (\(j), \(a), \(b))")
                        XCTAssertEqual(covariances[j][b, a].bitPattern, expected.bitPattern)
                    }
                }
            }
        }
    }
}
