import XCTest
@testable import ClusterKit

/// Properties every rule must keep whatever the input: probabilities sum to 1, values stay in
/// range and finite at d = 0, huge and tiny distances, extreme β and up to 1,000 dimensions.
final class MembershipPropertyTests: XCTestCase {
    var random = NumPyRandomState(seed: 7)

    func randomDistances(_ k: Int) -> [Double] {
        let scales = [0, 1e-300, 1e-8, 1, 1e8, 1e300]
        return (0..<k).map { _ in random.nextDouble() * scales[Int(random.nextUInt32() % 6)] }
    }

    func assertDistribution(_ p: [Double], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssert(p.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, "\(what): \(p)", file: file, line: line)
        XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-12, "\(what): \(p)", file: file, line: line)
    }

    func testSoftmaxIsADistributionForAnyBetaAndDistance() {
        for _ in 0..<2000 {
            let k = 1 + Int(random.nextUInt32() % 12)
            let d = randomDistances(k)
            for beta in [0, 1e-9, 0.5, 1, 1e3, 1e9] {
                assertDistribution(MembershipFormulas.softmax(distances: d, beta: beta), "softmax β=\(beta) d=\(d)")
            }
        }
    }

    func testSoftmaxLimits() {
        // β = 0: uniform; β → ∞: all mass on the nearest; ties share it.
        XCTAssertEqual(MembershipFormulas.softmax(distances: [1, 2, 3, 4], beta: 0), [0.25, 0.25, 0.25, 0.25])
        XCTAssertEqual(MembershipFormulas.softmax(distances: [3, 1, 2], beta: 1e9), [0, 1, 0])
        XCTAssertEqual(MembershipFormulas.softmax(distances: [1, 1, 5], beta: 1e9), [0.5, 0.5, 0])
        // Closer means more likely, strictly, for β > 0.
        let p = MembershipFormulas.softmax(distances: [0.5, 1, 2], beta: 1)
        XCTAssert(p[0] > p[1] && p[1] > p[2])
        XCTAssertEqual(p[0] / p[1], exp(0.5), accuracy: 1e-12)
    }

    func testInversePowerAndFuzzyAreDistributionsWithZeroDistanceTakingAllMass() {
        for _ in 0..<2000 {
            let k = 1 + Int(random.nextUInt32() % 12)
            let d = randomDistances(k)
            for n in [1, 2, 4, 13, 1000] {
                assertDistribution(MembershipFormulas.inversePower(zDistances: d, dimension: n), "inverse-power n=\(n) d=\(d)")
            }
            for m in [1.01, 2, 10] {
                assertDistribution(MembershipFormulas.fuzzy(distances: d, fuzziness: m), "fuzzy m=\(m) d=\(d)")
            }
        }
        XCTAssertEqual(MembershipFormulas.inversePower(zDistances: [2, 0, 1], dimension: 4), [0, 1, 0])
        XCTAssertEqual(MembershipFormulas.inversePower(zDistances: [0, 3, 0], dimension: 4), [0.5, 0, 0.5])
        XCTAssertEqual(MembershipFormulas.inversePower(zDistances: [0, 3, 1], dimension: 1), [1.0 / 3, 1.0 / 3, 1.0 / 3])
        // (1/d)^(n−1): with n = 3 and d = (1, 2), weights 1 and 1/4.
        let p = MembershipFormulas.inversePower(zDistances: [1, 2], dimension: 3)
        XCTAssertEqual(p[0], 0.8, accuracy: 1e-15)
        XCTAssertEqual(MembershipFormulas.fuzzy(distances: [1, 2], fuzziness: 2)[0], 0.8, accuracy: 1e-15)
    }

    func testCosineAndLinearStayInRange() {
        for _ in 0..<500 {
            let d = 1 + Int(random.nextUInt32() % 50), k = 1 + Int(random.nextUInt32() % 8)
            let x = (0..<d).map { _ in random.nextDouble() * 2 - 1 }
            let means = Matrix(rows: k, columns: d, values: (0..<(k * d)).map { _ in random.nextDouble() * 2 - 1 })
            XCTAssert(MembershipFormulas.cosine(x, means: means).allSatisfy { $0 >= -1 - 1e-12 && $0 <= 1 + 1e-12 })
            let dist = randomDistances(k)
            let ranges = (0..<k).map { _ in 0.0...random.nextDouble() * 10 }
            XCTAssert(MembershipFormulas.linear(distances: dist, ranges: ranges).allSatisfy { $0 >= 0 && $0 <= 1 })
        }
        XCTAssertEqual(MembershipFormulas.cosine([0, 0], means: Matrix([[1, 0]])), [0])
    }

    func testEveryRuleIsFiniteAtACentroidFarAwayAndInHighDimensions() throws {
        for d in [1, 2, 50, 1000] {
            let n = 60
            var values = [Double]()
            for i in 0..<n { for f in 0..<d { values.append(Double((i * 7 + f * 3) % 11) + (i < 30 ? 0 : 40)) } }
            let dataset = Dataset(source: "synthetic", featureNames: (0..<d).map { "f\($0)" }, values: values, count: n, dimension: d)
            let prepared = PreparedData(dataset, standardize: false)
            // Full covariances at 1,000 dimensions cost O(D³) per Cholesky in a debug build; the
            // diagonal mixture keeps this test quick while every other rule runs at full size.
            let settings = ModelSettings(k: 2, covarianceType: d >= 500 ? .diag : .full, initMethod: .rows([0, 45]))
            let model = try ClusterModel.initial(prepared.matrix, settings).run()
            let bootstrap = try XCTUnwrap(Bootstrap.run(data: prepared.matrix, reference: model.centroids, runs: 10, seed: 1))
            let context = MembershipContext(data: prepared, model: model, settings: settings, bootstrap: bootstrap)
            let points = [model.centroids.row(0), model.centroids.row(1).map { $0 * 1e6 }, prepared.matrix.row(3)]
            for point in points {
                for rule in MembershipRule.allCases {
                    let v = try XCTUnwrap(context.values(rule, for: point), "\(rule) d=\(d)")
                    XCTAssertEqual(v.count, 2)
                    XCTAssert(v.allSatisfy(\.isFinite), "\(rule) d=\(d): \(v)")
                    if rule.isProbability { assertDistribution(v, "\(rule) d=\(d)") }
                }
            }
            // A point on centroid 0 belongs to it under every distance rule: inverse-power and
            // fuzzy give it all the mass; softmax gives 1/(1 + e^(−β·gap)) with gap the distance
            // between the centroids (exactly, not "within 0.5 of 1", which k = 2 always meets).
            let c0 = model.centroids.row(0), c1 = model.centroids.row(1)
            for rule in [MembershipRule.inversePower, .fuzzy] where d > 1 {
                XCTAssertEqual(context.values(rule, for: c0)!, [1, 0], "\(rule) d=\(d)")
            }
            let gap = squaredDistance(c0, c1).squareRoot()
            XCTAssertGreaterThan(gap, 0)
            let softmax = context.values(.softmax, for: c0)!
            XCTAssertEqual(softmax[0], 1 / (1 + exp(-settings.beta * gap)), accuracy: 1e-12, "d=\(d)")
            XCTAssertGreaterThan(softmax[0], softmax[1], "d=\(d)")
        }
    }

    func testBootstrapIsReproducibleAndMatchesClusters() throws {
        let data = PreparedData(try loadShipped("iris.csv"), standardize: true)
        let model = try ClusterModel.initial(data.matrix, ModelSettings(k: 3, seed: 3)).run()
        let a = try XCTUnwrap(Bootstrap.run(data: data.matrix, reference: model.centroids, runs: 20, seed: 9))
        let b = try XCTUnwrap(Bootstrap.run(data: data.matrix, reference: model.centroids, runs: 20, seed: 9))
        XCTAssertEqual(a, b)
        // Run one resample at a time (what wide data do, to bound memory) or three: the same sets.
        let one = try XCTUnwrap(Bootstrap.run(data: data.matrix, reference: model.centroids, runs: 20, seed: 9, sampleBudget: 1))
        let three = try XCTUnwrap(Bootstrap.run(data: data.matrix, reference: model.centroids, runs: 20, seed: 9,
                                                sampleBudget: 3 * data.matrix.values.count * 8))
        XCTAssertEqual(one, a)
        XCTAssertEqual(three, a)
        // A setosa row (clearly separated) is in its own cluster in every run.
        let p = a.membership(of: data.matrix.row(0))
        XCTAssertEqual(p[Int(model.labels[0])], 1)
        // Cancelling stops early.
        XCTAssertNil(Bootstrap.run(data: data.matrix, reference: model.centroids, runs: 20, seed: 9) { $0 < 3 })
    }

    func testHungarianFindsTheMinimumCostAssignment() {
        func permutations(_ n: Int) -> [[Int]] {
            if n == 0 { return [[]] }
            return permutations(n - 1).flatMap { p in (0...p.count).map { var q = p; q.insert(n - 1, at: $0); return q } }
        }
        for _ in 0..<300 {
            let n = 1 + Int(random.nextUInt32() % 6)
            let cost = Matrix(rows: n, columns: n, values: (0..<(n * n)).map { _ in Double(random.nextUInt32() % 20) })
            let found = minimumCostAssignment(cost)
            XCTAssertEqual(Set(found).count, n)
            let best = permutations(n).map { p in p.indices.reduce(0.0) { $0 + cost[$1, p[$1]] } }.min()!
            XCTAssertEqual(found.indices.reduce(0.0) { $0 + cost[$1, found[$1]] }, best)
        }
    }

    func testEntropyAndMargin() {
        XCTAssertEqual(MembershipFormulas.entropy([0.5, 0.5]), log(2), accuracy: 1e-15)
        XCTAssertEqual(MembershipFormulas.entropy([1, 0, 0]), 0)
        XCTAssertEqual(MembershipFormulas.margin([0.2, 0.7, 0.1]), 0.5, accuracy: 1e-15)
    }
}

func loadShipped(_ name: String, options: LoadOptions = LoadOptions()) throws -> Dataset {
    let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/\(name)")))
    return try Dataset.load(csv: bytes, source: name, options: options)
}

import Foundation
