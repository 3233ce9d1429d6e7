import Foundation
import XCTest
@testable import ClusterKit

/// k-means++ through the rows' nonzeros (`Initialization.ExactSparseRows`) picks exactly the rows
/// of the dense path on exact integer data, and only such data take it.
final class SparseSeedingTests: XCTestCase {
    /// Mostly-zero integer rows in `values` (about `density` of the cells nonzero), with some rows
    /// all zeros and some copies of earlier rows (distance 0 to a candidate that is their copy).
    static func sparseIntegers(rows: Int, columns: Int, seed: UInt32, density: Double = 0.08,
                               values: ClosedRange<Int> = 1...255) -> Matrix {
        var random = NumPyRandomState(seed: seed)
        var out = [Double](repeating: 0, count: rows * columns)
        let span = Double(values.upperBound - values.lowerBound + 1)
        for i in 0..<rows {
            let kind = random.nextDouble()
            if kind < 0.05 { continue }  // a row with no nonzeros
            if kind < 0.15 && i > 0 {  // a copy of an earlier row
                let r = Int(random.nextDouble() * Double(i))
                for f in 0..<columns { out[i * columns + f] = out[r * columns + f] }
                continue
            }
            for f in 0..<columns where random.nextDouble() < density {
                out[i * columns + f] = Double(values.lowerBound + Int(random.nextDouble() * span))
            }
        }
        return Matrix(rows: rows, columns: columns, values: out)
    }

    /// Every path (vectorized or not, pruned or not, in blocks) forced dense and forced sparse
    /// picks the same rows, and leaves the random stream at the same place; `automatic` reads the
    /// nonzeros when `expectSparse`.
    func assertSamePicks(_ data: Matrix, k: Int, seed: UInt32, expectSparse: Bool, _ message: String,
                         file: StaticString = #filePath, line: UInt = #line) {
        var r0 = NumPyRandomState(seed: seed)
        let expected = Initialization.kMeansPlusPlus(data, k: k, random: &r0, vectorized: false, pruning: false,
                                                     blockRows: nil, rows: .dense)
        XCTAssertFalse(expected.sparse, message, file: file, line: line)
        for vectorized in [true, false] where !vectorized || PointDistances.hasAVX2 {
            for (pruning, blockRows) in [(true, nil), (false, nil), (true, 97)] as [(Bool, Int?)] {
                for policy in [Initialization.SeedingRows.sparse, .automatic, .dense] {
                    var r1 = NumPyRandomState(seed: seed)
                    let actual = Initialization.kMeansPlusPlus(data, k: k, random: &r1, vectorized: vectorized, pruning: pruning,
                                                               blockRows: blockRows, rows: policy)
                    let context = "\(message) vectorized=\(vectorized) pruning=\(pruning) block=\(blockRows ?? 0) \(policy)"
                    XCTAssertEqual(actual.indices, expected.indices, context, file: file, line: line)
                    XCTAssertEqual(actual.sparse, policy == .sparse || (policy == .automatic && expectSparse), context,
                                   file: file, line: line)
                    var r2 = r0
                    XCTAssertEqual(r1.nextDouble(), r2.nextDouble(), "\(context): random stream", file: file, line: line)
                }
            }
        }
    }

    // Several shapes (D not a multiple of 4 or 8, one column, more rows than a chunk of 4,096 so
    // the nonzeros span chunks and blocks of 97 rows cross them), k from 2 to 20, several seeds.
    func testSparseIntegerDataPicksTheDenseRows() {
        let shapes: [(rows: Int, columns: Int, k: Int)] = [
            (1_100, 13, 2), (700, 784, 10), (1_500, 37, 20), (300, 1, 3), (5_000, 20, 7), (900, 64, 15), (400, 5, 11),
        ]
        for (index, shape) in shapes.enumerated() {
            for seed: UInt32 in [UInt32(index), UInt32(index + 50)] {
                let data = Self.sparseIntegers(rows: shape.rows, columns: shape.columns, seed: seed,
                                               density: shape.columns == 1 ? 0.1 : 0.08)
                assertSamePicks(data, k: shape.k, seed: seed, expectSparse: true, "\(shape.rows)×\(shape.columns) k=\(shape.k) seed \(seed)")
            }
        }
    }

    // Negative integers, and values exactly at the largest magnitude the formulas stay exact for.
    func testSignedAndLargestExactValues() {
        let signed = Self.sparseIntegers(rows: 800, columns: 23, seed: 3, density: 0.15, values: -40...40)
        assertSamePicks(signed, k: 9, seed: 3, expectSparse: true, "signed")
        // D = 11: the exactness bound; D = 3: the 2²⁴ cap (values kept as Float).
        for d in [11, 3] {
            let limit = Initialization.ExactSparseRows.magnitudeLimit(columns: d)
            let base = Self.sparseIntegers(rows: 600, columns: d, seed: 4, density: 0.2, values: -1...1)
            let extreme = Matrix(rows: base.rows, columns: d, values: base.values.map { $0 * limit })
            assertSamePicks(extreme, k: 8, seed: 4, expectSparse: true, "±limit d=\(d)")
            let past = Matrix(rows: base.rows, columns: d, values: base.values.map { $0 * (limit + 1) })
            XCTAssertNil(Initialization.ExactSparseRows.forSeeding(past, .sparse), "±(limit + 1) d=\(d)")
        }
    }

    // The limit is the largest M with D·(2M)² < 2⁵³, so every intermediate is an exact integer,
    // and at most 2²⁴, so every value is a Float exactly.
    func testMagnitudeLimitIsTheExactnessBoundary() {
        for d in [8, 9, 64, 784, 1_536, 100_003] {
            let m = Int(Initialization.ExactSparseRows.magnitudeLimit(columns: d))
            XCTAssertLessThan(4 * d * m * m, 1 << 53, "d=\(d)")
            XCTAssertGreaterThanOrEqual(4 * d * (m + 1) * (m + 1), 1 << 53, "d=\(d)")
        }
        for d in [1, 2, 3, 7] {
            let m = Int(Initialization.ExactSparseRows.magnitudeLimit(columns: d))
            XCTAssertEqual(m, 1 << 24, "d=\(d)")
            XCTAssertLessThan(4 * d * m * m, 1 << 53, "d=\(d)")
        }
        // 784 columns of bytes are far inside it; the values fit a Float exactly (2²⁴ caps D < 8).
        XCTAssertGreaterThan(Initialization.ExactSparseRows.magnitudeLimit(columns: 784), 255 * 1_000)
        for d in [1, 7, 8, 9] {
            let limit = Initialization.ExactSparseRows.magnitudeLimit(columns: d)
            XCTAssertLessThanOrEqual(limit, 0x1p24, "d=\(d)")
            XCTAssertEqual(Double(Float(limit)), limit, "d=\(d)")
        }
    }

    // Fractions, values past the limit and non-finite values keep the dense rows, even when the
    // sparse path is asked for; so does dense data under `automatic` (it is exact, so forcing the
    // sparse path there must still give the same rows).
    func testOtherDataTakesTheDensePath() {
        let integers = Self.sparseIntegers(rows: 700, columns: 30, seed: 5)
        let d = integers.columns, limit = Initialization.ExactSparseRows.magnitudeLimit(columns: d)
        var fractions = integers.values
        for i in stride(from: 0, to: fractions.count, by: 1) where fractions[i] != 0 { fractions[i] += 0.5 }
        var oneFraction = integers.values
        oneFraction[oneFraction.lastIndex { $0 != 0 }!] = 0.25
        var tooLarge = integers.values
        tooLarge[tooLarge.firstIndex { $0 != 0 }!] = limit + 1
        var nonFinite = integers.values
        nonFinite[nonFinite.firstIndex { $0 != 0 }!] = .infinity
        var notANumber = integers.values
        notANumber[notANumber.count / 2] = .nan
        for (name, values) in [("fractions", fractions), ("one fraction in the last row", oneFraction),
                               ("one value past the limit", tooLarge), ("infinity", nonFinite), ("NaN", notANumber)] {
            let data = Matrix(rows: integers.rows, columns: d, values: values)
            XCTAssertNil(Initialization.ExactSparseRows.forSeeding(data, .sparse), name)
            for policy in [Initialization.SeedingRows.automatic, .sparse] {
                var random = NumPyRandomState(seed: 5)
                let result = Initialization.kMeansPlusPlus(data, k: 6, random: &random, vectorized: PointDistances.vectorizedByDefault,
                                                           pruning: true, blockRows: nil, rows: policy)
                XCTAssertFalse(result.sparse, "\(name) \(policy)")
            }
        }
        XCTAssertNotNil(Initialization.ExactSparseRows.forSeeding(integers, .automatic))
        // Half the cells nonzero: exact, but not sparse enough for `automatic`.
        let dense = Self.sparseIntegers(rows: 700, columns: 30, seed: 6, density: 0.5)
        XCTAssertGreaterThan(SparseRows.sampledDensity(dense), SparseRows.sampledDensityLimit)
        assertSamePicks(dense, k: 12, seed: 6, expectSparse: false, "density 0.5")
    }

    // Real images: the digits (1,797 × 64 pixels 0–16, about half nonzero, so `automatic` keeps
    // them dense and the nonzeros are forced here) pick the same rows either way.
    func testDigitsPickTheSameRowsThroughTheirNonzeros() throws {
        let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/digits.csv")))
        let data = try Dataset.load(csv: bytes, source: "digits.csv").matrix
        XCTAssertEqual(data.columns, 64)
        for (k, seed) in [(2, 0), (10, 1), (20, 2), (10, 42)] as [(Int, UInt32)] {
            assertSamePicks(data, k: k, seed: seed, expectSparse: false, "digits k=\(k) seed \(seed)")
        }
    }

    // scikit-learn's `kmeans_plusplus` with `random_state` = seed picks the same rows on mostly-zero
    // integer matrices (Fixtures/make_sparse_seeding_fixture.py draws them as `sparseIntegers`
    // does and keeps checksums), through the nonzeros and through the dense rows.
    func testPicksMatchScikitLearnOnSparseIntegers() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "sparse_seeding", withExtension: "json", subdirectory: "Fixtures"))
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try XCTUnwrap(root["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 2)
        for c in cases {
            let rows = c["rows"] as! Int, columns = c["columns"] as! Int
            let data = Self.sparseIntegers(rows: rows, columns: columns, seed: UInt32(c["data_seed"] as! Int),
                                           density: c["density"] as! Double, values: (c["low"] as! Int)...(c["high"] as! Int))
            let what = "\(rows)×\(columns)"
            // The same matrix as the script's.
            XCTAssertEqual(data.values.filter { $0 != 0 }.count, c["nonzeros"] as? Int, what)
            XCTAssertEqual(data.values.reduce(0, +), c["sum"] as? Double, what)
            let weighted = data.values.enumerated().reduce(0.0) { $0 + $1.element * Double(($1.offset + 1) % 1009) }
            XCTAssertEqual(weighted, c["weighted_sum"] as? Double, what)
            for pick in try XCTUnwrap(c["picks"] as? [[String: Any]]) {
                let k = pick["k"] as! Int, seed = UInt32(pick["seed"] as! Int)
                for policy in [Initialization.SeedingRows.automatic, .dense] {
                    var random = NumPyRandomState(seed: seed)
                    let result = Initialization.kMeansPlusPlus(data, k: k, random: &random, vectorized: PointDistances.vectorizedByDefault,
                                                               pruning: true, blockRows: nil, rows: policy)
                    XCTAssertEqual(result.sparse, policy == .automatic, "\(what) k=\(k) seed \(seed) \(policy)")
                    XCTAssertEqual(result.indices, pick["indices"] as? [Int], "\(what) k=\(k) seed \(seed) \(policy)")
                }
            }
        }
    }

    // The nonzeros' distances to a row are `squaredDistance`'s bits (zeros as +0), row by row.
    func testDistancesHaveTheDenseBits() throws {
        let data = Self.sparseIntegers(rows: 4_500, columns: 29, seed: 8, density: 0.1, values: -255...255)
        let sparse = try XCTUnwrap(Initialization.ExactSparseRows.forSeeding(data, .automatic))
        XCTAssertEqual(sparse.chunks.count, 2)
        for r in [0, 17, 4_099, 4_499] {
            let expected = Initialization.distancesSquared(data, toRow: r)
            let actual = sparse.distancesSquared(data, toRow: r)
            XCTAssertEqual(actual.map(\.bitPattern), expected.map(\.bitPattern), "row \(r)")
            XCTAssertEqual(actual[r].bitPattern, (0.0).bitPattern)
        }
    }
}
