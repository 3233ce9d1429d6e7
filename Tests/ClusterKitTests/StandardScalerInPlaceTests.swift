import XCTest

@testable import ClusterKit

/// The scaler on wide data: each column gets the bits it gets alone (columns are independent),
/// and the in-place transform (PreparedData's, no second matrix) the bits of the copying one.
final class StandardScalerInPlaceTests: XCTestCase {
    func testWideFitIsEachColumnFittedAlone() {
        checkEachColumnFittedAlone(n: 301, d: 203)
    }

    /// Large enough for `ColumnMoments` to split the columns across threads (and the in-place
    /// transform to run in row chunks): still each column's own bits.
    func testParallelFitIsEachColumnFittedAlone() {
        XCTAssertGreaterThan(9_001 * 61, ColumnMoments.parallelThreshold)
        checkEachColumnFittedAlone(n: 9_001, d: 61)
    }

    /// k-means' tolerance scale: the two-pass variance of each column in row order, averaged.
    func testMeanColumnVarianceIsTheRowOrderLoop() {
        for (n, d) in [(7, 3), (9_001, 61), (300, 1_001)] {
            var random = SplitMix64(seed: UInt64(n * d))
            let values = (0..<(n * d)).map { e in 1e3 * random.unit() + Double(e % d) }
            var mean = [Double](repeating: 0, count: d), variance = [Double](repeating: 0, count: d)
            for i in 0..<n { for f in 0..<d { mean[f] += values[i * d + f] } }
            for f in 0..<d { mean[f] /= Double(n) }
            for i in 0..<n { for f in 0..<d { let t = values[i * d + f] - mean[f]; variance[f] += t * t } }
            let expected = variance.reduce(0) { $0 + $1 / Double(n) } / Double(d)
            let got = meanColumnVariance(Matrix(rows: n, columns: d, values: values))
            XCTAssertEqual(got.bitPattern, expected.bitPattern, "\(n) × \(d)")
        }
    }

    private func checkEachColumnFittedAlone(n: Int, d: Int, file: StaticString = #filePath, line: UInt = #line) {
        var random = SplitMix64(seed: 12)
        let values = (0..<(n * d)).map { e -> Double in
            let u = random.unit()
            switch e % d {
            case 0: return u * 0x1p-1060  // subnormal magnitudes: the dividing path
            case 1: return 1e300 * (u - 0.5)  // near overflow
            case 2: return 7  // constant
            default: return 1e6 + (u - 0.5) * Double(e % d)
            }
        }
        let data = Matrix(rows: n, columns: d, values: values)
        let wide = StandardScaler(fitting: data)
        for f in 0..<d {
            let column = Matrix(rows: n, columns: 1, values: (0..<n).map { values[$0 * d + f] })
            let alone = StandardScaler(fitting: column)
            XCTAssertEqual(wide.mean[f].bitPattern, alone.mean[0].bitPattern, "mean \(f)", file: file, line: line)
            XCTAssertEqual(wide.scale[f].bitPattern, alone.scale[0].bitPattern, "scale \(f)", file: file, line: line)
        }
        var inPlace = data
        wide.transform(&inPlace)
        let expected = (0..<(n * d)).map { wide.z(values[$0], $0 % d) }
        XCTAssertEqual(inPlace.values.map(\.bitPattern), expected.map(\.bitPattern), file: file, line: line)
        XCTAssertEqual(wide.transform(data).values.map(\.bitPattern), expected.map(\.bitPattern), file: file, line: line)
    }
}
