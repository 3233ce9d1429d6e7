import XCTest
@testable import ClusterKit

/// Any finite double in the input: finite, correct outputs, or a one-line error saying which
/// value is out of range and what to do.
final class ExtremeValueTests: XCTestCase {
    func dataset(_ columns: [[Double]], names: [String]? = nil) -> Dataset {
        let n = columns[0].count, d = columns.count
        var values: [Double] = []
        for i in 0..<n { for f in 0..<d { values.append(columns[f][i]) } }
        return Dataset(source: "x.csv", featureNames: names ?? (0..<d).map { "c\($0)" }, values: values, count: n, dimension: d)
    }

    // Standardising near the ends of the doubles: the scaler is what exact arithmetic gives,
    // never the silent scale 1 of an overflowed (or underflowed) variance.
    func testScalerAtTheEndsOfTheDoubles() {
        let top = Double.greatestFiniteMagnitude
        let big = StandardScaler(fitting: dataset([[1, top]]).matrix)
        XCTAssertEqual(big.mean[0], top / 2, accuracy: top * 1e-15)
        XCTAssertEqual(big.scale[0], top / 2, accuracy: top * 1e-15)
        XCTAssertEqual(big.transform(point: [top]), [1])
        let opposite = StandardScaler(fitting: dataset([[-top, top]]).matrix)
        XCTAssertEqual(opposite.mean, [0])
        XCTAssertEqual(opposite.scale, [top])
        let tiny = StandardScaler(fitting: dataset([[1e-300, -1e-300, 3e-300]]).matrix)
        // Subnormal literals are spelled as strings: the compiler warns that a literal underflows.
        XCTAssertEqual(tiny.mean[0], 1e-300, accuracy: Double("1e-315")!)
        XCTAssertEqual(tiny.scale[0], (8.0 / 3).squareRoot() * 1e-300, accuracy: Double("1e-314")!)
        XCTAssertNotEqual(tiny.scale[0], 1)
        // Subnormal values still standardise.
        let subnormal = Double("4e-320")!
        let sub = StandardScaler(fitting: dataset([[subnormal, -subnormal]]).matrix)
        XCTAssertEqual([subnormal, -subnormal].map { sub.transform(point: [$0])[0] }, [1, -1])
        // Ordinary data: bit for bit the unscaled formulas (the scaling is by powers of two).
        let iris = dataset([[5.1, 4.9, 4.7, 4.6, 5.0], [3.5, 3.0, 3.2, 3.1, 3.6]]).matrix
        let s = StandardScaler(fitting: iris)
        for f in 0..<2 {
            let column = (0..<5).map { iris[$0, f] }
            let mean = column.reduce(0, +) / 5
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 5
            XCTAssertEqual(s.mean[f].bitPattern, mean.bitPattern)
            XCTAssertEqual(s.scale[f].bitPattern, variance.squareRoot().bitPattern)
        }
    }

    // Raw values too large to square are an error naming the value, line and column and the remedy;
    // the same data standardised is fine.
    func testTooLargeValuesAreNamed() throws {
        let data = dataset([[1, 2, 1.7976931348623157e308], [0, 0, 0]], names: ["x", "y"])
        XCTAssertThrowsError(try PreparedData.checked(data, standardize: false)) { error in
            XCTAssertEqual("\(error)", "x.csv:4: the value 1.7976931348623157e+308 in column 'x' is too large to cluster without "
                + "overflow (magnitudes up to 6.84e+149 for 3 rows × 2 columns); use --standardize or rescale the column")
        }
        let z = try PreparedData.checked(data, standardize: true)
        XCTAssert(z.matrix.values.allSatisfy(\.isFinite))
        XCTAssertNoThrow(try PreparedData.checked(dataset([[1e140, -1e140, 0]]), standardize: false))
        // Values too close together for squared distances; a constant column is fine.
        XCTAssertThrowsError(try PreparedData.checked(dataset([[1e-300, 2e-300, 0]]), standardize: false)) { error in
            XCTAssert("\(error)".contains("too close together to cluster"), "\(error)")
        }
        XCTAssertNoThrow(try PreparedData.checked(dataset([[1e-300, 2e-300, 0]]), standardize: true))
        XCTAssertNoThrow(try PreparedData.checked(dataset([[5, 5, 5]]), standardize: false))
        XCTAssertNoThrow(try PreparedData.checked(dataset([[1e-300, 2e-300, 0], [1, 2, 3]]), standardize: false))
        // A query beyond the reach of squared distances is refused, naming the query.
        let centroids = Matrix(rows: 1, columns: 2, values: [0, 0])
        XCTAssertNoThrow(try ValueRange.checkQuery([1e150, 1e150], centroids: centroids, name: "--point 1"))
        XCTAssertThrowsError(try ValueRange.checkQuery([1e200, 0], centroids: centroids, name: "--point 1")) { error in
            XCTAssert("\(error)".hasPrefix("--point 1: a point with coordinates as large as 1e+200"), "\(error)")
        }
    }

    // The rules stay finite where the arithmetic is at its edges (the cases of the issue).
    func testRulesNeverReturnNaN() {
        let top = Double.greatestFiniteMagnitude
        let means = Matrix(rows: 2, columns: 2, values: [top, top / 2, -top, 1])
        for point in [[top, top], [-top, top], [Double("1e-320")!, 0], [0, 0], [1e308, -1e308]] {
            let c = MembershipFormulas.cosine(point, means: means)
            XCTAssert(c.allSatisfy { $0.isFinite && abs($0) <= 1 }, "\(point): \(c)")
        }
        XCTAssertEqual(MembershipFormulas.cosine([top, top], means: means)[0], 1.5 / (2.squareRoot() * 1.25.squareRoot()), accuracy: 1e-15)
        for d in [[Double.infinity, .infinity], [.nan, 1], [.infinity, 1], [1e300, 1e-300], [0, 0], [.leastNonzeroMagnitude, 1]] {
            for p in [MembershipFormulas.inversePower(zDistances: d, dimension: 3), MembershipFormulas.fuzzy(distances: d, fuzziness: 1 + 1e-12),
                      MembershipFormulas.softmax(distances: d.map { $0.isNaN ? .infinity : $0 }, beta: 1e12)] {
                XCTAssert(p.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, "\(d): \(p)")
                XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-12, "\(d): \(p)")
            }
        }
        XCTAssertEqual(MembershipFormulas.inversePower(zDistances: [.infinity, 1], dimension: 3), [0, 1])
        // Distances without overflow or underflow where the true value is finite.
        XCTAssertEqual(MembershipFormulas.distance([1e200, 0], [0, 1e200]), 2.squareRoot() * 1e200, accuracy: 1e186)
        XCTAssertEqual(MembershipFormulas.distance([3e-300], [-1e-300]), 4e-300, accuracy: Double("1e-314")!)
        XCTAssertEqual(MembershipFormulas.distance([top, 0], [-top, 0]), .infinity)
        XCTAssertEqual(MembershipFormulas.distance([3, 4], [0, 0]), 5)
    }
}
