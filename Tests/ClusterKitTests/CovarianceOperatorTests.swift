import CKernels
import XCTest

@testable import ClusterKit

/// The projection's C kernel against the same loop written out in Swift: same bits, on random and
/// edge data, every block width, row counts that exercise the four-row groups and the tail.
final class CovarianceOperatorTests: XCTestCase {
    private func randomData(rows: Int, columns: Int, seed: UInt64, _ value: (inout SplitMix64) -> Double) -> Matrix {
        var random = SplitMix64(seed: seed)
        return Matrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in value(&random) })
    }

    /// Data that stress rounding: far from 0 (+1e6), integers, tiny and huge magnitudes, zeros,
    /// subnormals, and signed zeros.
    private let cases: [(name: String, value: (inout SplitMix64) -> Double)] = [
        ("uniform", { 2 * $0.unit() - 1 }),
        ("offset 1e6", { 1e6 + $0.unit() }),
        ("pixels", { Double($0.below(256)) }),
        ("mixed magnitudes", { r in
            let u = r.unit()
            switch r.below(6) {
            case 0: return 0
            case 1: return -0.0
            case 2: return u * 0x1p-1030  // subnormal
            case 3: return (u - 0.5) * 1e150
            case 4: return (u - 0.5) * 1e-150
            default: return u - 0.5
            }
        }),
    ]

    func testKernelEqualsTheSwiftLoopBitForBit() {
        for (c, testCase) in cases.enumerated() {
            for (rows, columns) in [(1, 1), (3, 5), (4, 7), (9, 65), (13, 100)] {
                let data = randomData(rows: rows, columns: columns, seed: UInt64(100 + c), testCase.value)
                var random = SplitMix64(seed: 7)
                let mean = (0..<columns).map { f in data.values[f] + (random.unit() - 0.5) }
                for b in [1, 3, 8, 16] {
                    let block = (0..<(columns * b)).map { _ in 2 * random.unit() - 1 }
                    // Start from a nonzero accumulator: the kernel adds to it.
                    let start = (0..<(columns * b)).map { _ in random.unit() }
                    let squaresStart = (0..<columns).map { _ in random.unit() }
                    var expected = start
                    var expectedSquares: [Double]? = squaresStart
                    CovarianceOperator.referencePass(data, mean: mean, block: block, columns: b, rows: 1..<rows,
                                                     product: &expected, squares: &expectedSquares)
                    for kernel in [cv_pca_covariance_pass, cv_pca_covariance_pass_baseline] {
                        var product = start, squares = squaresStart
                        var scratch = [Double](repeating: .nan, count: 4 * columns)
                        kernel(data.values, 1, rows, columns, mean, block, b, &product, &squares, &scratch)
                        let label = "\(testCase.name) \(rows)×\(columns) b=\(b)"
                        XCTAssertEqual(product.map(\.bitPattern), expected.map(\.bitPattern), label)
                        XCTAssertEqual(squares.map(\.bitPattern), expectedSquares!.map(\.bitPattern), label)
                    }
                }
            }
        }
    }

    func testWithoutSquaresLeavesNothingElseChanged() {
        let data = randomData(rows: 10, columns: 70, seed: 3) { 2 * $0.unit() - 1 }
        let mean = [Double](repeating: 0.1, count: 70)
        let block = (0..<(70 * 8)).map { Double($0 % 13) - 6 }
        var expected = [Double](repeating: 0, count: 70 * 8)
        var none: [Double]? = nil
        CovarianceOperator.referencePass(data, mean: mean, block: block, columns: 8, rows: 0..<10,
                                         product: &expected, squares: &none)
        var product = [Double](repeating: 0, count: 70 * 8), scratch = [Double](repeating: 0, count: 4 * 70)
        cv_pca_covariance_pass(data.values, 0, 10, 70, mean, block, 8, &product, nil, &scratch)
        XCTAssertEqual(product.map(\.bitPattern), expected.map(\.bitPattern))
    }

    /// The parallel product is the chunk partials added in chunk order: the same bits whatever the
    /// thread timing (run twice), and equal to the Swift loop chunk by chunk.
    func testParallelApplyIsTheChunkedSumInOrder() {
        let rows = 3_001, columns = 80, b = 8
        let data = randomData(rows: rows, columns: columns, seed: 11) { 1e6 + 100 * $0.unit() }
        let mean = CovarianceOperator.columnMeans(data)
        var random = SplitMix64(seed: 5)
        let block = (0..<(columns * b)).map { _ in 2 * random.unit() - 1 }
        let op = CovarianceOperator(data: data, mean: mean)
        let first = op.apply(block, columns: b, squares: true), second = op.apply(block, columns: b, squares: true)
        XCTAssertEqual(first.product.map(\.bitPattern), second.product.map(\.bitPattern))
        XCTAssertEqual(first.squares!.map(\.bitPattern), second.squares!.map(\.bitPattern))

        let size = CovarianceOperator.rowsPerChunk(rows)
        XCTAssertGreaterThan((rows + size - 1) / size, 1, "the test must cover several chunks")
        var product: [Double] = [], squares: [Double]? = nil
        for lo in stride(from: 0, to: rows, by: size) {
            var p = [Double](repeating: 0, count: columns * b)
            var q: [Double]? = [Double](repeating: 0, count: columns)
            CovarianceOperator.referencePass(data, mean: mean, block: block, columns: b, rows: lo..<min(rows, lo + size),
                                             product: &p, squares: &q)
            if product.isEmpty { product = p; squares = q } else {
                for e in p.indices { product[e] += p[e] }
                for f in q!.indices { squares![f] += q![f] }
            }
        }
        XCTAssertEqual(first.product.map(\.bitPattern), product.map(\.bitPattern))
        XCTAssertEqual(first.squares!.map(\.bitPattern), squares!.map(\.bitPattern))
    }

    /// Mostly-zero rows in the kernel's sparse form (chunk-local), from a dense matrix.
    private func sparseForm(_ data: Matrix) -> (rowStart: [Int], columns: [Int32], values: [Double]) {
        var rowStart = [0], columns: [Int32] = [], values: [Double] = []
        for i in 0..<data.rows {
            for f in 0..<data.columns where data[i, f] != 0 {
                columns.append(Int32(f))
                values.append(data[i, f])
            }
            rowStart.append(values.count)
        }
        return (rowStart, columns, values)
    }

    private func sparseData(rows: Int, columns: Int, seed: UInt64) -> Matrix {
        randomData(rows: rows, columns: columns, seed: seed) { r in r.below(10) < 8 ? 0 : Double(r.below(256)) }
    }

    /// The sparse kernel against its contract (PCAKernels.h) written out in Swift: same bits, for
    /// both builds, every block width, with and without squares.
    func testSparseKernelEqualsTheSwiftLoopBitForBit() {
        for (rows, columns) in [(1, 1), (5, 9), (40, 100)] {
            let data = sparseData(rows: rows, columns: columns, seed: UInt64(rows))
            let (rowStart, cols, values) = sparseForm(data)
            var random = SplitMix64(seed: 17)
            let mean = (0..<columns).map { _ in 100 * random.unit() }
            for b in [1, 3, 8, 16] {
                let block = (0..<(columns * b)).map { _ in 2 * random.unit() - 1 }
                let vmean = (0..<b).map { j in (0..<columns).reduce(0.0) { $0 + mean[$1] * block[$1 * b + j] } }
                let start = (0..<(columns * b)).map { _ in random.unit() }
                let ysumStart = (0..<b).map { _ in random.unit() }
                let squaresStart = (0..<columns).map { _ in random.unit() }
                var expected = start, expectedYsum = ysumStart, expectedSquares = squaresStart
                for i in 0..<rows {
                    var y = [Double](repeating: 0, count: b)
                    for k in rowStart[i]..<rowStart[i + 1] {
                        for j in 0..<b { y[j] += values[k] * block[Int(cols[k]) * b + j] }
                    }
                    for j in 0..<b {
                        y[j] -= vmean[j]
                        expectedYsum[j] += y[j]
                    }
                    for k in rowStart[i]..<rowStart[i + 1] {
                        for j in 0..<b { expected[Int(cols[k]) * b + j] += values[k] * y[j] }
                    }
                    for k in rowStart[i]..<rowStart[i + 1] {
                        let t = values[k] - mean[Int(cols[k])]
                        expectedSquares[Int(cols[k])] += t * t
                    }
                }
                for kernel in [cv_pca_sparse_pass, cv_pca_sparse_pass_baseline] {
                    var product = start, ysum = ysumStart, squares = squaresStart
                    kernel(values, cols, rowStart, 0, rows, mean, block, b, vmean, &product, &ysum, &squares)
                    let label = "\(rows)×\(columns) b=\(b)"
                    XCTAssertEqual(product.map(\.bitPattern), expected.map(\.bitPattern), label)
                    XCTAssertEqual(ysum.map(\.bitPattern), expectedYsum.map(\.bitPattern), label)
                    XCTAssertEqual(squares.map(\.bitPattern), expectedSquares.map(\.bitPattern), label)
                    var bare = start, bareYsum = ysumStart
                    kernel(values, cols, rowStart, 0, rows, mean, block, b, vmean, &bare, &bareYsum, nil)
                    XCTAssertEqual(bare.map(\.bitPattern), expected.map(\.bitPattern), label)
                }
            }
        }
    }

    /// Mostly-zero data take the sparse passes, whose product and squares agree with the dense
    /// operator's (the same sums, centred implicitly) to rounding; the means are the same bits.
    func testSparseOperatorAgreesWithTheDenseOne() {
        let data = sparseData(rows: 3_001, columns: 90, seed: 21)
        let sparse = CovarianceOperator.prepared(data)
        XCTAssertNotNil(sparse.sparse)
        XCTAssertGreaterThan(sparse.sparse!.chunks.count, 1, "the test must cover several chunks")
        XCTAssertEqual(sparse.mean.map(\.bitPattern), CovarianceOperator.columnMeans(data).map(\.bitPattern))
        let dense = CovarianceOperator(data: data, mean: sparse.mean)
        var random = SplitMix64(seed: 8)
        for b in [3, 8] {
            let block = (0..<(90 * b)).map { _ in 2 * random.unit() - 1 }
            let s = sparse.apply(block, columns: b, squares: true), d = dense.apply(block, columns: b, squares: true)
            let scale = d.product.map(abs).max()!, squareScale = d.squares!.max()!
            for e in d.product.indices { XCTAssertEqual(s.product[e], d.product[e], accuracy: 1e-12 * scale) }
            for f in 0..<90 { XCTAssertEqual(s.squares![f], d.squares![f], accuracy: 1e-12 * squareScale) }
        }
    }

    /// Dense data, and sparse data whose mean is far larger than their spread (the implicit
    /// centring would cancel), keep the dense passes.
    func testDenseOrFarFromZeroDataKeepTheDensePasses() {
        XCTAssertNil(CovarianceOperator.prepared(randomData(rows: 500, columns: 80, seed: 2) { $0.unit() }).sparse)
        // 90 % zeros, the rest 1e6 + tiny: the mean (1e5 per column) dwarfs the spread.
        let far = randomData(rows: 500, columns: 80, seed: 3) { r in r.below(10) < 9 ? 0 : 1e6 + r.unit() }
        XCTAssertNotNil(CovarianceOperator.prepared(far).sparse, "zeros against 1e6: the spread is as large as the mean")
        var offset = sparseData(rows: 500, columns: 80, seed: 4)
        for i in 0..<500 { offset[i, 0] = 1e9 }  // one constant column far from 0
        XCTAssertNil(CovarianceOperator.prepared(offset).sparse)
    }
}
