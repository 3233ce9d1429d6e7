import XCTest
@testable import ClusterKit

/// The AVX-512 kernels (the certified expanded-form filter and the wide direct form) give the same
/// labels, the same inertia bits and the same cluster sums as the Swift and AVX2 direct
/// Σ (x − c)² kernels, on data built to stress them: exact ties, far from the origin, huge, tiny
/// and non-finite values, odd shapes.
final class ExpandedAssignmentKernelTests: XCTestCase {
    private func assertSame(_ data: Matrix, _ centroids: Matrix, _ note: String,
                            file: StaticString = #filePath, line: UInt = #line) {
        let plain = Assignment.compute(data, centroids, sums: true, kernel: .swift)
        for kernel in Assignment.Kernel.allCases where kernel != .swift && kernel.isAvailable {
            let fast = Assignment.compute(data, centroids, sums: true, kernel: kernel)
            XCTAssertEqual(fast.labels, plain.labels, "\(kernel) \(note)", file: file, line: line)
            XCTAssertEqual(fast.inertia.bitPattern, plain.inertia.bitPattern,
                           "\(kernel) \(note): \(fast.inertia) vs \(plain.inertia)", file: file, line: line)
            XCTAssertEqual(fast.sums, plain.sums, "\(kernel) \(note)", file: file, line: line)
            // Without sums (soft k-means' use): the same labels and inertia, and no sums.
            let bare = Assignment.compute(data, centroids, sums: false, kernel: kernel)
            XCTAssertEqual(bare.labels, plain.labels, "\(kernel) \(note), no sums", file: file, line: line)
            XCTAssertEqual(bare.inertia.bitPattern, plain.inertia.bitPattern, "\(kernel) \(note), no sums", file: file, line: line)
            XCTAssertNil(bare.sums, file: file, line: line)
        }
    }

    private func requireKernel() throws {
        try XCTSkipUnless(Assignment.hasAVX512, "this CPU has no AVX-512: the expanded kernel does not run here")
    }

    /// Shapes around the register blocks: 8 rows, 16 centroids, 8 features per vector.
    private let shapes = [(1, 1, 1), (7, 1, 3), (9, 2, 2), (17, 63, 5), (33, 64, 16), (31, 65, 17),
                          (1001, 8, 8), (999, 16, 10), (4097, 64, 32), (515, 3, 33), (100, 7, 1), (64, 130, 40)]

    func testRandomDataEqualsTheDirectKernels() throws {
        try requireKernel()
        var random = NumPyRandomState(seed: 11)
        for (n, d, k) in shapes {
            let values = (0..<(n * d)).map { _ in random.nextDouble() * 20 - 10 }
            let data = Matrix(rows: n, columns: d, values: values)
            let centroids = Matrix(rows: k, columns: d, values: (0..<(k * d)).map { _ in random.nextDouble() * 20 - 10 })
            assertSame(data, centroids, "random n=\(n) d=\(d) k=\(k)")
        }
    }

    /// Small integers (digits-like pixels) with centroids that are data rows, some duplicated:
    /// many exact ties, which must still go to the lowest index.
    func testIntegerDataWithExactTies() throws {
        try requireKernel()
        var random = NumPyRandomState(seed: 12)
        for (n, d, k) in shapes {
            for range in [2.0, 16.0] {
                let values = (0..<(n * d)).map { _ in (random.nextDouble() * range).rounded(.down) }
                let data = Matrix(rows: n, columns: d, values: values)
                var centroids = Matrix(rows: k, columns: d)
                for j in 0..<k {
                    let row = j % 3 == 2 && j > 0 ? (j - 1) % n : (j * 7919) % n  // every third repeats a row
                    for f in 0..<d { centroids[j, f] = values[row * d + f] }
                }
                assertSame(data, centroids, "integers 0..<\(range) n=\(n) d=\(d) k=\(k)")
            }
        }
    }

    /// Points exactly halfway between two centroids, and duplicated centroids.
    func testHalfwayPointsAndDuplicateCentroids() throws {
        try requireKernel()
        let data = Matrix(rows: 3, columns: 2, values: [0, 0, 5, 5, 1, 1])
        let centroids = Matrix(rows: 10, columns: 2, values: [
            9, 9, -1, 0, 1, 0, 0, -1, 0, 1, 5, 5, 5, 5, 1, 1, 1, 1, 30, 30])
        XCTAssertEqual(Assignment.compute(data, centroids, kernel: .expanded).labels, [1, 5, 7])
        assertSame(data, centroids, "halfway")
    }

    /// Far from the origin the expanded form cancels: the filter must notice and fall back to
    /// the direct values, never pick a different label.
    func testDataFarFromTheOrigin() throws {
        try requireKernel()
        var random = NumPyRandomState(seed: 13)
        for offset in [1e6, -1e8, 1e12, 3e15] {
            for (n, d, k) in [(1000, 8, 8), (777, 64, 32), (129, 5, 19)] {
                let values = (0..<(n * d)).map { _ in offset + random.nextDouble() * 10 }
                let data = Matrix(rows: n, columns: d, values: values)
                let centroids = Matrix(rows: k, columns: d, values: (0..<(k * d)).map { i in values[(i * 31) % values.count] })
                assertSame(data, centroids, "offset \(offset) n=\(n) d=\(d) k=\(k)")
            }
        }
    }

    /// ±1e300 overflows ‖x‖² and x·c: those rows go through the direct kernel, which then also
    /// overflows, exactly as before. Mixed with ordinary rows and huge centroids.
    func testHugeMagnitudes() throws {
        try requireKernel()
        var random = NumPyRandomState(seed: 14)
        for (n, d, k) in [(50, 1, 3), (61, 4, 9), (40, 64, 17)] {
            let values = (0..<(n * d)).map { i -> Double in
                let v = random.nextDouble() * 2 - 1
                switch i % 5 {
                case 0: return v * 1e300
                case 1: return v * 1e154
                case 2: return v > 0.9 ? .greatestFiniteMagnitude : v
                default: return v * 100
                }
            }
            let data = Matrix(rows: n, columns: d, values: values)
            let fromRows = Matrix(rows: k, columns: d, values: (0..<(k * d)).map { values[($0 * 13) % values.count] })
            assertSame(data, fromRows, "huge, centroids from rows, n=\(n) d=\(d) k=\(k)")
            let small = Matrix(rows: k, columns: d, values: (0..<(k * d)).map { _ in random.nextDouble() })
            assertSame(data, small, "huge, small centroids, n=\(n) d=\(d) k=\(k)")
        }
    }

    /// Infinities and NaN in the data (or in a centroid): those rows take the direct kernel's
    /// path, with its labels and its (non-finite) inertia.
    func testNonFiniteValues() throws {
        try requireKernel()
        var random = NumPyRandomState(seed: 17)
        let (n, d, k) = (40, 10, 9)
        var values = (0..<(n * d)).map { _ in random.nextDouble() * 10 }
        values[3] = .infinity
        values[25] = -.infinity
        values[117] = .nan
        let data = Matrix(rows: n, columns: d, values: values)
        var centroids = Matrix(rows: k, columns: d, values: (0..<(k * d)).map { _ in random.nextDouble() * 10 })
        // Then an infinite centroid; then NaN centroids, one in lane 0 of the second block of 8
        // (the direct kernels' scan then skips that whole block: the quirk must be kept).
        for bad in 0..<3 {
            if bad == 1 { centroids[4, 2] = .infinity }
            if bad == 2 { centroids[8, 0] = .nan; centroids[2, 1] = .nan }
            let plain = Assignment.compute(data, centroids, kernel: .swift)
            for kernel in [Assignment.Kernel.directAVX512, .expanded] {
                let fast = Assignment.compute(data, centroids, kernel: kernel)
                XCTAssertEqual(fast.labels, plain.labels, "\(kernel), bad centroids: \(bad)")
                XCTAssertEqual(fast.inertia.bitPattern, plain.inertia.bitPattern, "\(kernel), bad centroids: \(bad)")
            }
        }
    }

    /// Tiny magnitudes (subnormal squares): the bound's absolute term keeps the filter honest.
    func testTinyMagnitudes() throws {
        try requireKernel()
        var random = NumPyRandomState(seed: 15)
        for scale in [1e-160, 1e-300, Double.leastNonzeroMagnitude * 4000] {
            let (n, d, k) = (200, 9, 12)
            let values = (0..<(n * d)).map { _ in (random.nextDouble() - 0.5) * scale }
            let data = Matrix(rows: n, columns: d, values: values)
            let centroids = Matrix(rows: k, columns: d, values: (0..<(k * d)).map { values[($0 * 17) % values.count] })
            assertSame(data, centroids, "scale \(scale)")
        }
    }

    /// Whole fits: every step's labels, inertia and n_iter agree whichever kernel runs the steps.
    func testLloydRunsAreIdentical() throws {
        try requireKernel()
        var random = NumPyRandomState(seed: 16)
        let (n, d, k) = (3000, 24, 12)
        let centres = (0..<(k * d)).map { _ in random.nextDouble() * 20 }
        let values = (0..<(n * d)).map { i in centres[((i / d) % k) * d + i % d] + random.nextDouble() * 3 }
        let data = Matrix(rows: n, columns: d, values: values)
        var c = Matrix(rows: k, columns: d)
        for j in 0..<k { for f in 0..<d { c[j, f] = values[(j * 37) * d + f] } }
        // Step both ways by hand: the centroids of each step come from the previous labels.
        var cExpanded = c
        for step in 0..<8 {
            let a = Assignment.compute(data, c, sums: true, kernel: .swift)
            let b = Assignment.compute(data, cExpanded, sums: true, kernel: .expanded)
            XCTAssertEqual(a.labels, b.labels, "step \(step)")
            XCTAssertEqual(a.inertia.bitPattern, b.inertia.bitPattern, "step \(step)")
            XCTAssertEqual(a.sums, b.sums, "step \(step)")
            for j in 0..<k where a.sums!.counts[j] > 0 {
                for f in 0..<d {
                    c[j, f] = a.sums!.sums[j * d + f] / a.sums!.counts[j]
                    cExpanded[j, f] = b.sums!.sums[j * d + f] / b.sums!.counts[j]
                }
            }
        }
    }
}
