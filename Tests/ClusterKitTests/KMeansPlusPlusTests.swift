import Foundation
import XCTest
@testable import ClusterKit

/// k-means++ with pruning and the AVX2 kernel picks exactly the rows of the plain loop (the one
/// whose picks equal scikit-learn's for a seed), on random and on tie-heavy integer data.
final class KMeansPlusPlusTests: XCTestCase {
    /// The plain loop as it was before pruning: every distance computed with `squaredDistance`,
    /// min with the closest potential, summed in row order, the first smallest sum kept.
    static func referenceIndices(_ data: Matrix, k: Int, random: inout NumPyRandomState) -> [Int] {
        let n = data.rows, d = data.columns
        let trials = 2 + Int(Foundation.log(Double(k)))
        func distances(to r: Int) -> [Double] {
            data.values.withUnsafeBufferPointer { x in
                (0..<n).map { squaredDistance(x.baseAddress! + $0 * d, x.baseAddress! + r * d, d) }
            }
        }
        let uniform = [Double](repeating: 1.0 / Double(n), count: n)
        var indices = [random.choice(probabilities: uniform)]
        var closest = distances(to: indices[0])
        var potential = closest.reduce(0, +)
        while indices.count < k {
            let draws = (0..<trials).map { _ in random.nextDouble() * potential }
            var cumulative = [Double](repeating: 0, count: n)
            var running = 0.0
            for i in 0..<n { running += closest[i]; cumulative[i] = running }
            let candidates = draws.map { min(searchSortedLeft(cumulative, $0), n - 1) }
            var best: (potential: Double, index: Int, distances: [Double])? = nil
            for c in candidates {
                var distances = distances(to: c)
                var pot = 0.0
                for i in 0..<n {
                    if closest[i] < distances[i] { distances[i] = closest[i] }
                    pot += distances[i]
                }
                if best == nil || pot < best!.potential { best = (pot, c, distances) }
            }
            indices.append(best!.index)
            closest = best!.distances
            potential = best!.potential
        }
        return indices
    }

    /// Digits-like rows: integer pixels 0…16, mostly zeros, drawn around a few prototypes, so
    /// exact ties (equal rows, equal distances) are common.
    static func integerPixels(rows: Int, columns: Int, seed: UInt32) -> Matrix {
        var random = NumPyRandomState(seed: seed)
        let prototypes = (0..<10).map { _ in (0..<columns).map { _ in random.nextDouble() < 0.5 ? 0.0 : (random.nextDouble() * 16).rounded() } }
        var values = [Double]()
        for _ in 0..<rows {
            let p = prototypes[Int(random.nextDouble() * 10)]
            for f in 0..<columns {
                let v = p[f] + ((random.nextDouble() - 0.5) * 6).rounded()
                values.append(min(16, max(0, v)))
            }
        }
        return Matrix(rows: rows, columns: columns, values: values)
    }

    static func uniformRandom(rows: Int, columns: Int, seed: UInt32, scale: Double = 1) -> Matrix {
        var random = NumPyRandomState(seed: seed)
        return Matrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in (random.nextDouble() - 0.5) * scale })
    }

    func assertSameIndices(_ data: Matrix, k: Int, seed: UInt32, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        var r0 = NumPyRandomState(seed: seed)
        let expected = Self.referenceIndices(data, k: k, random: &r0)
        for vectorized in [true, false] where !vectorized || PointDistances.hasAVX2 {
            for pruning in [true, false] {
                var r1 = NumPyRandomState(seed: seed)
                let actual = Initialization.kMeansPlusPlusIndices(data, k: k, random: &r1, vectorized: vectorized, pruning: pruning)
                XCTAssertEqual(actual, expected, "\(message) vectorized=\(vectorized) pruning=\(pruning)", file: file, line: line)
                // The stream is left where the plain loop leaves it (the next draws are the same).
                var r2 = r0
                XCTAssertEqual(r1.nextDouble(), r2.nextDouble(), "\(message): random stream", file: file, line: line)
            }
            // Potentials kept a block of rows at a time (as for large data), the kept column recomputed.
            var r3 = NumPyRandomState(seed: seed)
            let blocked = Initialization.kMeansPlusPlusIndices(data, k: k, random: &r3, vectorized: vectorized, blockRows: 97)
            XCTAssertEqual(blocked, expected, "\(message) vectorized=\(vectorized) in blocks", file: file, line: line)
        }
    }

    // Random reals, odd D, n over 1,024 so the rows run in several parallel chunks.
    func testRandomDataPicksTheSameRows() {
        for (seed, d) in [(0 as UInt32, 5), (1, 8), (2, 1), (3, 13)] {
            let data = Self.uniformRandom(rows: 1_100, columns: d, seed: seed, scale: seed == 2 ? 1e6 : 1)
            assertSameIndices(data, k: 40, seed: seed, "random d=\(d)")
        }
    }

    // Integer pixels with many equal rows and equal distances: ties among candidate potentials and
    // rows whose closest potential is exactly 0.
    func testTieHeavyIntegerDataPicksTheSameRows() {
        for seed: UInt32 in [0, 7] {
            let data = Self.integerPixels(rows: 1_300, columns: 64, seed: seed)
            assertSameIndices(data, k: 60, seed: seed, "pixels seed \(seed)")
        }
        // Very few distinct values: most rows duplicate others; k close to the distinct count.
        var random = NumPyRandomState(seed: 11)
        let coarse = Matrix(rows: 600, columns: 3, values: (0..<1_800).map { _ in Double(Int(random.nextDouble() * 3)) })
        assertSameIndices(coarse, k: 25, seed: 11, "0/1/2 values")
    }

    // Far from the origin and with huge spreads the margins of the bound still hold.
    func testExtremeScalesPickTheSameRows() {
        let far = Self.uniformRandom(rows: 700, columns: 6, seed: 4)
        let shifted = Matrix(rows: far.rows, columns: far.columns, values: far.values.map { $0 * 1e-3 + 1e8 })
        assertSameIndices(shifted, k: 30, seed: 4, "shifted to 1e8")
        let tiny = Matrix(rows: far.rows, columns: far.columns, values: far.values.map { $0 * 1e-150 })
        assertSameIndices(tiny, k: 30, seed: 5, "scale 1e-150 (underflowing squares)")
        let huge = Matrix(rows: far.rows, columns: far.columns, values: far.values.map { $0 * 1e154 })
        assertSameIndices(huge, k: 30, seed: 6, "scale 1e154 (overflowing squares)")
    }

    // The kernel's distances are `squaredDistance`'s bits, for any D and any count of points.
    func testPointDistancesHaveTheBitsOfSquaredDistance() throws {
        try XCTSkipUnless(PointDistances.hasAVX2, "no AVX2 on this CPU: only the Swift path runs")
        for (d, count) in [(1, 1), (2, 3), (7, 8), (64, 13), (9, 17)] {
            let x = Self.uniformRandom(rows: 37, columns: d, seed: UInt32(d * 100 + count), scale: 10)
            let p = Self.uniformRandom(rows: count, columns: d, seed: UInt32(d + count), scale: 10)
            p.values.withUnsafeBufferPointer { pb in
                x.values.withUnsafeBufferPointer { xb in
                    let points = PointDistances(count: count, columns: d, vectorized: true) { pb.baseAddress! + $0 * d }
                    var out = [Double](repeating: .nan, count: 37 * points.padded)
                    points.distances(xb.baseAddress!, 0..<37, into: &out)
                    var o0 = [Double](repeating: .nan, count: points.padded), o1 = o0
                    points.distances(xb.baseAddress! + 3 * d, xb.baseAddress! + 36 * d, into: &o0, &o1)
                    for i in 0..<37 {
                        for t in 0..<count {
                            let expected = squaredDistance(xb.baseAddress! + i * d, pb.baseAddress! + t * d, d)
                            XCTAssertEqual(out[i * points.padded + t].bitPattern, expected.bitPattern, "d=\(d) row \(i) point \(t)")
                            if i == 3 { XCTAssertEqual(o0[t].bitPattern, expected.bitPattern) }
                            if i == 36 { XCTAssertEqual(o1[t].bitPattern, expected.bitPattern) }
                        }
                    }
                }
            }
        }
    }
}
