import XCTest
@testable import ClusterKit

/// The AVX2 assignment kernel and the Swift one give the same labels, inertia and cluster sums,
/// bit for bit; ties go to the lowest cluster index (the documented behaviour, README "Numbers").
final class AssignmentKernelTests: XCTestCase {
    func testVectorizedKernelEqualsTheSwiftLoop() throws {
        try XCTSkipUnless(Assignment.hasAVX2, "this CPU has no AVX2: only the Swift kernel runs here")
        var random = NumPyRandomState(seed: 5)
        for (n, d, k) in [(1, 1, 1), (9, 3, 2), (4097, 8, 8), (5000, 1, 9), (3000, 64, 32), (2000, 7, 33), (300, 2, 17)] {
            // Integer-valued data has exact ties; the rest are random doubles.
            for integers in [false, true] {
                let values = (0..<(n * d)).map { _ in integers ? (random.nextDouble() * 4).rounded() : random.nextDouble() * 10 - 5 }
                let data = Matrix(rows: n, columns: d, values: values)
                let centroids = Matrix(rows: k, columns: d, values: (0..<(k * d)).map { i in
                    integers ? (random.nextDouble() * 4).rounded() : values[(i * 7919) % values.count]
                })
                let fast = Assignment.compute(data, centroids, sums: true, vectorized: true)
                let plain = Assignment.compute(data, centroids, sums: true, vectorized: false)
                XCTAssertEqual(fast.labels, plain.labels, "n=\(n) d=\(d) k=\(k)")
                XCTAssertEqual(fast.inertia.bitPattern, plain.inertia.bitPattern, "n=\(n) d=\(d) k=\(k)")
                XCTAssertEqual(fast.sums, plain.sums, "n=\(n) d=\(d) k=\(k)")
                XCTAssertEqual(fast.sums, ClusterSums.compute(data, labels: plain.labels, k: k))
            }
        }
    }

    // An exact tie (the point halfway between two centroids, or on duplicated centroids) goes to
    // the lowest index, in both kernels: clusterview's Σ(x−c)² is exact here, so the tie is real.
    // scikit-learn's ‖x‖² − 2x·c + ‖c‖² on centred data may round one side below the other, so on
    // integer data (digits) its choice can differ: the documented case where results can differ.
    func testExactTiesGoToTheLowestIndex() {
        let data = Matrix(rows: 3, columns: 2, values: [0, 0, 5, 5, 1, 1])
        let centroids = Matrix(rows: 10, columns: 2, values: [
            9, 9, -1, 0, 1, 0, 0, -1, 0, 1, 5, 5, 5, 5, 1, 1, 1, 1, 30, 30])
        for vectorized in Assignment.hasAVX2 ? [false, true] : [false] {
            let a = Assignment.compute(data, centroids, vectorized: vectorized)
            XCTAssertEqual(a.labels, [1, 5, 7], "vectorized: \(vectorized)")
        }
    }
}
