import XCTest

@testable import ClusterKit

/// The scaler on wide data: each column gets the bits it gets alone (columns are independent),
/// and the in-place transform (PreparedData's, no second matrix) the bits of the copying one.
final class StandardScalerInPlaceTests: XCTestCase {
    func testWideFitIsEachColumnFittedAlone() {
        let n = 301, d = 203
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
            XCTAssertEqual(wide.mean[f].bitPattern, alone.mean[0].bitPattern, "mean \(f)")
            XCTAssertEqual(wide.scale[f].bitPattern, alone.scale[0].bitPattern, "scale \(f)")
        }
        var inPlace = data
        wide.transform(&inPlace)
        let expected = (0..<(n * d)).map { wide.z(values[$0], $0 % d) }
        XCTAssertEqual(inPlace.values.map(\.bitPattern), expected.map(\.bitPattern))
        XCTAssertEqual(wide.transform(data).values.map(\.bitPattern), expected.map(\.bitPattern))
    }
}
