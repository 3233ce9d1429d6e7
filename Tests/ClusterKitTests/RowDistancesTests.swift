import XCTest
@testable import ClusterKit

/// `Matrix.distances(ofRows:to:)` (the explorer's sampled panel counts) against the per-point
/// `MembershipFormulas.distance` it replaces: the same bits for every listed row, including rows
/// whose sums of squares overflow, underflow or vanish.
final class RowDistancesTests: XCTestCase {
    /// Deterministic values in [-1, 1).
    private func values(_ count: Int, seed: UInt64) -> [Double] {
        var s = seed
        return (0..<count).map { _ in
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return Double(s >> 11) / Double(1 << 52) - 1
        }
    }

    private func assertSameBits(_ data: Matrix, rows: [Int], centroids: Matrix, file: StaticString = #filePath, line: UInt = #line) {
        let k = centroids.rows
        let got = data.distances(ofRows: rows, to: centroids)
        XCTAssertEqual(got.count, rows.count * k, file: file, line: line)
        for (t, i) in rows.enumerated() {
            for j in 0..<k {
                let want = MembershipFormulas.distance(data.row(i), centroids.row(j))
                XCTAssertEqual(got[t * k + j].bitPattern, want.bitPattern,
                               "row \(i) (slot \(t)), centroid \(j): \(got[t * k + j]) vs \(want)", file: file, line: line)
            }
        }
    }

    // Odd and even widths, k below and above one vector of eight, a part count (four parts from
    // 1,000 rows) that leaves odd rows in some parts, rows listed out of order and repeated.
    func testSameBitsAsThePerPointDistance() {
        for (n, d, k) in [(1, 1, 1), (7, 3, 2), (1_203, 13, 5), (2_001, 64, 10), (1_001, 784, 9), (50, 17, 12)] {
            let data = Matrix(rows: n, columns: d, values: values(n * d, seed: UInt64(n * 31 + d)))
            let centroids = Matrix(rows: k, columns: d, values: values(k * d, seed: UInt64(k * 7 + d)))
            let strided = Array(stride(from: 0, to: n, by: 3))
            assertSameBits(data, rows: strided, centroids: centroids)
            assertSameBits(data, rows: Array((0..<n).reversed()) + [0, 0], centroids: centroids)
        }
    }

    // Rows equal to a centroid (sum 0), differences too small to square (sum underflows), and
    // coordinates whose squares overflow: the per-point formula's rescaled path gives the answer.
    func testExtremeRowsTakeTheRescaledPath() {
        let d = 5
        let centroids = Matrix([[0, 0, 0, 0, 0], [1e-170, 0, 0, 0, -1e-170], [1e200, -1e200, 0, 0, 1]])
        let data = Matrix([
            [0, 0, 0, 0, 0], [1e-170, 0, 0, 0, -1e-170], [2e-170, 1e-171, 0, 0, 0], [1e200, -1e200, 0, 0, 1],
            [-1e200, 1e200, 3, 0, 0], [1e-320, 0, 0, 0, 0], [1, 2, 3, 4, 5], [.greatestFiniteMagnitude, 0, 0, 0, 0],
        ])
        XCTAssertEqual(data.columns, d)
        assertSameBits(data, rows: Array(0..<data.rows), centroids: centroids)
        // Every distance is finite where the true one is (the point of the rescaled path).
        let got = data.distances(ofRows: [3, 4], to: centroids)
        XCTAssertTrue(got.allSatisfy(\.isFinite))
    }

    func testNoRowsOrNoCentroids() {
        let data = Matrix(rows: 3, columns: 2, values: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(data.distances(ofRows: [], to: Matrix([[0, 0]])), [])
        XCTAssertEqual(data.distances(ofRows: [0, 1], to: Matrix(rows: 0, columns: 2)), [])
    }
}
