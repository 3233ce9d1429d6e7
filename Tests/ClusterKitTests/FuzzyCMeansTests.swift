import Foundation
import XCTest
@testable import ClusterKit

/// Edges of `FuzzyCMeans` and `FuzzyPartition` that the scikit-fuzzy fixtures do not pin down on
/// their own.
final class FuzzyCMeansTests: XCTestCase {
    private func iris() throws -> Matrix { PreparedData(try loadShipped("iris.csv"), standardize: false).matrix }

    private func start(_ x: Matrix, rows: [Int], m: Double = 2, tolerance: Double = 1e-7, maxIterations: Int = 300) -> FuzzyCMeans {
        FuzzyCMeans(data: x, configuration: .init(k: rows.count, fuzziness: m, maxIterations: maxIterations, tolerance: tolerance),
                    centroids: x.selectingRows(rows))
    }

    /// A point on a centroid has distance eps there (scikit-fuzzy's floor), not 0: finite
    /// memberships, and with a large m visibly below 1 because each ratio d_j / max d is floored
    /// at eps too. Two centroids, the point on the first and at distance 8 from the second: the
    /// ratios are eps/8 → eps and 1, so u₀ = eps^(−e) / (eps^(−e) + 1), e = 2/(m − 1).
    func testPointOnACentroidUsesScikitFuzzysFloors() {
        let x = Matrix([[0, 0], [8, 0], [5, 5]])
        for m in [1.3, 2, 3, 10] {
            let state = FuzzyCMeans(data: x, configuration: .init(k: 2, fuzziness: m), centroids: Matrix([[0, 0], [8, 0]]))
            let w = pow(FuzzyCMeans.floor, -2 / (m - 1))
            let expected = w.isFinite ? w / (w + 1) : 1
            XCTAssertEqual(state.memberships[0, 0], expected, accuracy: 1e-15, "m=\(m)")
            XCTAssertEqual(state.memberships[0, 0] + state.memberships[0, 1], 1, accuracy: 1e-15)
            XCTAssert(state.memberships.values.allSatisfy(\.isFinite))
            XCTAssert(state.run().centroids.values.allSatisfy(\.isFinite))
        }
        // m = 10: about 1 − 3.3e-4, where the plain formula (no floors) would give 1.
        let m10 = FuzzyCMeans(data: x, configuration: .init(k: 2, fuzziness: 10), centroids: Matrix([[0, 0], [8, 0]]))
        XCTAssertLessThan(m10.memberships[0, 0], 0.9997)
        XCTAssertEqual(MembershipFormulas.fuzzy(distances: [0, 1], fuzziness: 10), [1, 0])
    }

    /// Away from the floors the FCM memberships are the `fuzzy` rule's formula of the distances.
    func testMembershipsAreTheFuzzyRuleAwayFromTheFloors() throws {
        let state = start(try iris(), rows: [0, 50, 100], m: 1.7).run()
        for i in 0..<state.data.rows {
            let row = state.data.row(i)
            let d = (0..<3).map { MembershipFormulas.distance(row, state.centroids.row($0)) }
            let rule = MembershipFormulas.fuzzy(distances: d, fuzziness: 1.7)
            XCTAssertLessThanOrEqual(maxAbs(state.memberships.row(i), rule), 1e-14, "row \(i)")
            // A new point is scored exactly as a fitted row.
            XCTAssertEqual(state.memberships(of: row), state.memberships.row(i))
        }
    }

    /// k = 1: every membership is 1, one step puts the centroid on the data mean, the change is
    /// exactly 0 and the run stops after that step (scikit-fuzzy's n_iter = 1).
    func testOneClusterIsTheMeanAfterOneStep() throws {
        let x = try iris()
        let state = start(x, rows: [7]).run()
        XCTAssert(state.memberships.values.allSatisfy { $0 == 1 })
        XCTAssertEqual(state.iteration, 1)
        XCTAssertTrue(state.converged)
        XCTAssertEqual(state.membershipChange, 0)
        for f in 0..<x.columns {
            let mean = (0..<x.rows).reduce(0) { $0 + x[$1, f] } / Double(x.rows)
            XCTAssertEqual(state.centroids[0, f], mean, accuracy: 1e-13 * abs(mean))
        }
        XCTAssertEqual(FuzzyPartition.coefficient(state.memberships), 1)
        XCTAssertEqual(FuzzyPartition.entropy(state.memberships), 0)
    }

    /// m → 1 is Lloyd's k-means: with m = 1 + 1e-9 (exponent 2e9, in log space) the memberships
    /// are one-hot and each step's centroids are k-means' step from the same start, up to the
    /// eps weight every other row keeps (about N·eps relative). (Standardised iris: raw iris has
    /// a row equidistant from rows 50 and 100 to within an ulp, which FCM splits ~0.5/0.5 even
    /// at this m while k-means gives it to the lower index.)
    func testFuzzinessNearOneIsKMeans() throws {
        let x = PreparedData(try loadShipped("iris.csv"), standardize: true).matrix
        var fcm = start(x, rows: [0, 50, 100], m: 1 + 1e-9)
        var kmeans = KMeans(data: x, configuration: .init(k: 3), centroids: x.selectingRows([0, 50, 100]))
        for t in 1...4 {
            fcm = fcm.step()
            kmeans = kmeans.step()
            XCTAssert(fcm.memberships.values.allSatisfy { $0 == 0 || $0 == 1 }, "step \(t): one-hot")
            XCTAssertEqual(fcm.labels, kmeans.labels, "step \(t)")
            XCTAssertLessThanOrEqual(maxRelative(fcm.centroids.values, kmeans.centroids.values), 1e-12, "step \(t)")
        }
    }

    /// Every row twice: the same weighted means and memberships (a duplicate only doubles both
    /// sums), while the Frobenius change grows by √2, so the stopping test sees more rows.
    func testDuplicatedRowsChangeNothingButTheNorm() throws {
        let x = try iris()
        let doubled = Matrix(rows: 2 * x.rows, columns: x.columns, values: x.values + x.values)
        let once = start(x, rows: [0, 50, 100], tolerance: 0, maxIterations: 6).run()
        let twice = start(doubled, rows: [0, 50, 100], tolerance: 0, maxIterations: 6).run()
        XCTAssertEqual(twice.iteration, 6)
        XCTAssertLessThanOrEqual(maxRelative(twice.centroids.values, once.centroids.values), 1e-13)
        XCTAssertLessThanOrEqual(maxAbs(Array(twice.memberships.values.prefix(x.rows * 3)), once.memberships.values), 1e-13)
        XCTAssertLessThanOrEqual(maxAbs(Array(twice.memberships.values.suffix(x.rows * 3)), once.memberships.values), 1e-13)
        XCTAssertEqual(twice.membershipChange, once.membershipChange * 2.squareRoot(), accuracy: 1e-9 * once.membershipChange)
        XCTAssertEqual(twice.objective, 2 * once.objective, accuracy: 1e-12 * once.objective)
    }

    /// 100,000 columns: distances in the thousands, memberships finite and summing to 1; the
    /// point closer to a centroid has the larger membership.
    func testVeryWideRows() {
        let d = 100_000
        var x = Matrix(rows: 4, columns: d)
        for f in 0..<d {
            x[0, f] = Double(f % 7); x[1, f] = Double(f % 7) + 0.01
            x[2, f] = Double(f % 5) + 3; x[3, f] = Double(f % 5) + 3.02
        }
        let state = FuzzyCMeans(data: x, configuration: .init(k: 2, fuzziness: 2), centroids: x.selectingRows([0, 2])).run()
        XCTAssert(state.memberships.values.allSatisfy(\.isFinite))
        for i in 0..<4 { XCTAssertEqual(state.memberships[i, 0] + state.memberships[i, 1], 1, accuracy: 1e-15) }
        XCTAssertEqual(state.labels, [0, 0, 1, 1])
    }

    /// Coordinates near 1e200: the squared distance overflows, the distance is rescaled, and the
    /// memberships stay finite (scikit-fuzzy's cdist gives inf here, then NaN memberships).
    func testHugeCoordinatesStayFinite() {
        let x = Matrix([[1e200, 0], [1.1e200, 0], [-1e200, 0], [-1.2e200, 0]])
        let state = FuzzyCMeans(data: x, configuration: .init(k: 2), centroids: x.selectingRows([0, 2])).run(maxIterations: 5)
        XCTAssert(state.memberships.values.allSatisfy(\.isFinite))
        XCTAssertEqual(state.labels, [0, 0, 1, 1])
        XCTAssertEqual(state.memberships[1, 0], 1, accuracy: 1e-2)
    }

    /// More rows than one parallel chunk (4,096): the chunked sums equal a plain one-loop
    /// transcription of the iteration (scikit-fuzzy's formulas with pow, no log space), and two
    /// runs are bit-identical.
    func testManyRowsMatchAPlainTranscription() {
        let x = FuzzyCMeansParityTests.synthetic(rows: 9_000, columns: 3, clusters: 3, seed: 99)
        let m = 2.5
        var state = FuzzyCMeans(data: x, configuration: .init(k: 3, fuzziness: m), centroids: x.selectingRows([0, 1, 2]))
        var reference = PlainFCM(x: x, centroids: x.selectingRows([0, 1, 2]), m: m)
        XCTAssertLessThanOrEqual(maxAbs(state.memberships.values, reference.u), 1e-13)
        for t in 1...4 {
            state = state.step()
            let objective = reference.step()
            XCTAssertLessThanOrEqual(maxRelative(state.centroids.values, reference.centroids.values), 1e-12, "step \(t)")
            XCTAssertLessThanOrEqual(maxAbs(state.memberships.values, reference.u), 1e-12, "step \(t)")
            XCTAssertEqual(state.objective, objective, accuracy: 1e-12 * objective, "step \(t)")
        }
        let again = FuzzyCMeans(data: x, configuration: .init(k: 3, fuzziness: m), centroids: x.selectingRows([0, 1, 2])).run(maxIterations: 4)
        XCTAssertEqual(again, state)
    }

    /// `resumed` relabels the state without stepping it; a converged state is finished.
    func testResumed() throws {
        let state = start(try iris(), rows: [0, 50, 100]).resumed(iteration: 12, converged: true)
        XCTAssertEqual(state.iteration, 12)
        XCTAssertTrue(state.isFinished)
        XCTAssertEqual(state.run(), state)
    }

    /// A saved model holds only centroids: reopened from c_t at iteration t, the state has u_t
    /// bit for bit, and stepping on gives what the uninterrupted run gives (the objective at the
    /// reopened state itself is J(u_t, c_t), not J(u_{t−1}, c_t)).
    func testReopeningFromCentroidsContinuesTheRun() throws {
        let x = PreparedData(try loadShipped("wine.csv"), standardize: true).matrix
        let configuration = FuzzyCMeans.Configuration(k: 3, fuzziness: 1.6, tolerance: 1e-7)
        let run = FuzzyCMeans(data: x, configuration: configuration, centroids: x.selectingRows([0, 59, 130]))
        let at5 = run.run(maxIterations: 5)
        let reopened = FuzzyCMeans(data: x, configuration: configuration, centroids: at5.centroids)
            .resumed(iteration: 5, converged: false)
        XCTAssertEqual(reopened.memberships, at5.memberships)
        XCTAssertEqual(reopened.labels, at5.labels)
        let (a, b) = (at5.step(), reopened.step())
        XCTAssertEqual(a.centroids, b.centroids)
        XCTAssertEqual(a.memberships, b.memberships)
        XCTAssertEqual(a.membershipChange, b.membershipChange)
        XCTAssertEqual(a.objective, b.objective)
        XCTAssertEqual(at5.run().iteration, reopened.run().iteration)
    }

    /// PC = 1 and PE = 0 for a hard partition; PC = 1/k and PE = ln k when every membership is 1/k.
    func testPartitionIndicesAtTheirBounds() {
        let hard = Matrix([[1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]])
        XCTAssertEqual(FuzzyPartition.coefficient(hard), 1)
        XCTAssertEqual(FuzzyPartition.entropy(hard), 0)
        let uniform = Matrix(rows: 5, columns: 4, repeating: 0.25)
        XCTAssertEqual(FuzzyPartition.coefficient(uniform), 0.25)
        XCTAssertEqual(FuzzyPartition.entropy(uniform), log(4), accuracy: 1e-15)
        let mixed = Matrix([[0.5, 0.5], [0.9, 0.1]])
        XCTAssertEqual(FuzzyPartition.coefficient(mixed), (0.25 + 0.25 + 0.81 + 0.01) / 2, accuracy: 1e-16)
        XCTAssertEqual(FuzzyPartition.entropy(mixed), -(log(0.5) + 0.9 * log(0.9) + 0.1 * log(0.1)) / 2, accuracy: 1e-15)
    }
}

/// scikit-fuzzy's iteration written out plainly (one loop, pow rather than log space), to check
/// the chunked, log-space implementation against.
private struct PlainFCM {
    let x: Matrix
    var centroids: Matrix
    let m: Double
    var u: [Double]
    var first = true
    static let eps = Double.ulpOfOne

    init(x: Matrix, centroids: Matrix, m: Double) {
        self.x = x
        self.centroids = centroids
        self.m = m
        u = []
        u = memberships()
    }

    func memberships() -> [Double] {
        let k = centroids.rows
        var out = [Double]()
        for i in 0..<x.rows {
            let d = (0..<k).map { j in max(squaredDistance(x.row(i), centroids.row(j)).squareRoot(), Self.eps) }
            let ratios = d.map { max($0 / d.max()!, Self.eps) }
            let smallest = ratios.min()!
            let powered = ratios.map { pow($0 / smallest, -2 / (m - 1)) }
            let total = powered.reduce(0, +)
            out += powered.map { $0 / total }
        }
        return out
    }

    /// One iteration; returns scikit-fuzzy's jm for it.
    mutating func step() -> Double {
        let k = centroids.rows, n = x.rows, dim = x.columns
        var w = [Double](repeating: 0, count: n * k)
        for i in 0..<n {
            let row = (0..<k).map { first ? max(u[i * k + $0], Self.eps) : u[i * k + $0] }
            let total = row.reduce(0, +)
            for j in 0..<k { w[i * k + j] = pow(max(row[j] / total, Self.eps), m) }
        }
        first = false
        var c = Matrix(rows: k, columns: dim)
        for j in 0..<k {
            let mass = (0..<n).reduce(0) { $0 + w[$1 * k + j] }
            for f in 0..<dim { c[j, f] = (0..<n).reduce(0) { $0 + w[$1 * k + j] * x[$1, f] } / mass }
        }
        centroids = c
        var jm = 0.0
        for i in 0..<n {
            for j in 0..<k {
                let d = max(squaredDistance(x.row(i), c.row(j)).squareRoot(), Self.eps)
                jm += w[i * k + j] * d * d
            }
        }
        u = memberships()
        return jm
    }
}
