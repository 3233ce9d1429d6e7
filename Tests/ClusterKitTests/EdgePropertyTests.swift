import XCTest
@testable import ClusterKit

/// Arithmetic at the edges, as seeded property tests: for generated datasets at each edge the
/// issue names (all points equal, duplicates with k = distinct + 1, a constant column, k = N,
/// values near ±1e300 and ±1e-300, D = 1,000, N = 1, β ∈ {0, 1e-12, 1e12}, queries on a centroid
/// and at 1e150, a singular GMM), every method either fits or refuses with a one-line error that
/// says what to do, and a fit gives: finite centroids, labels in 0..<k, every probability finite,
/// in [0, 1] and summing to 1 within 1e-12, and fit reports (CSV and JSON) without NaN or inf.
///
/// Each property runs `cases` generated cases from a fixed seed (the count is in the test
/// name's comment); a failure names the case's seed so it can be replayed alone.
final class EdgePropertyTests: XCTestCase {
    /// Runs `body` for `cases` cases, each with its own generator seeded from `seed` and the case
    /// number; returns how many ran.
    @discardableResult
    func forAll(_ cases: Int, seed: UInt32, file: StaticString = #filePath, line: UInt = #line,
                _ body: (inout NumPyRandomState, String) throws -> Void) rethrows -> Int {
        for c in 0..<cases {
            var random = NumPyRandomState(seed: seed &* 1_000_003 &+ UInt32(c))
            try body(&random, "case \(c) (seed \(seed) · 1000003 + \(c))")
        }
        return cases
    }

    /// Fitted and refused cases of the running test, printed at its end for the record.
    var outcomes = (fitted: 0, refused: 0)

    override func tearDown() {
        print("\(name): \(outcomes.fitted + outcomes.refused) fits checked, \(outcomes.fitted) fitted, \(outcomes.refused) refused clearly")
        super.tearDown()
    }

    // MARK: Generators

    /// A magnitude class for generated values: ordinary, huge, tiny, or mixed.
    static let magnitudes: [Double] = [1, 1e300, 1e-300, 1e150, 1e-150, 1e6]

    func value(_ r: inout NumPyRandomState, scale: Double) -> Double {
        (r.nextDouble() * 2 - 1) * scale
    }

    func dataset(_ rows: [[Double]]) -> Dataset {
        let d = rows.first?.count ?? 1
        return Dataset(source: "gen.csv", featureNames: (0..<d).map { "f\($0)" }, values: rows.flatMap { $0 },
                       count: rows.count, dimension: d)
    }

    func settings(_ r: inout NumPyRandomState, k: Int, d: Int) -> ModelSettings {
        let method = [ClusteringMethod.kmeans, .soft, .gmm][Int(r.nextUInt32() % 3)]
        let covariance = d > 20 ? CovarianceType.diag : CovarianceType.allCases[Int(r.nextUInt32() % 4)]
        let beta = [0, 1e-12, 1, 1e12][Int(r.nextUInt32() % 4)]
        return ModelSettings(method: method, k: k, beta: beta, covarianceType: covariance, seed: r.nextUInt32() % 1000,
                             maxIterations: 20)
    }

    // MARK: The checks every fitted case must pass

    func assertDistribution(_ p: [Double], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssert(p.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, "\(what): \(p)", file: file, line: line)
        XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-12, "\(what): \(p)", file: file, line: line)
    }

    /// An error is acceptable when it is one line and names a remedy (or the one constraint).
    func assertClearError(_ error: Error, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let text = "\(error)"
        XCTAssertFalse(text.contains("\n"), "\(what): \(text)", file: file, line: line)
        let remedies = ["--standardize", "rescale", "--reg-covar", "k must not exceed", "fewer than k", "distinct"]
        XCTAssert(remedies.contains { text.contains($0) }, "\(what): an error without a remedy: \(text)", file: file, line: line)
    }

    /// Prepares, fits and answers; returns whether it fitted (false = refused clearly).
    @discardableResult
    func checkFit(_ rows: [[Double]], standardize: Bool, settings: ModelSettings, queries: [[Double]] = [],
                  _ what: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let what = "\(what) \(settings.method.rawValue)/\(settings.covarianceType.rawValue) k=\(settings.k) β=\(settings.beta) std=\(standardize)"
        let data: PreparedData, model: ClusterModel
        do {
            data = try PreparedData.checked(dataset(rows), standardize: standardize)
            model = try ClusterModel.initial(data.matrix, settings).run()
        } catch {
            assertClearError(error, what, file: file, line: line)
            outcomes.refused += 1
            if ProcessInfo.processInfo.environment["EDGE_VERBOSE"] != nil { print("refused: \(what) rows=\(rows.count) first=\(rows.first ?? []): \(error)") }
            return false
        }
        outcomes.fitted += 1
        let k = settings.k
        XCTAssert(model.centroids.values.allSatisfy(\.isFinite), "\(what): centroids \(model.centroids)", file: file, line: line)
        XCTAssert(model.labels.allSatisfy { $0 >= 0 && Int($0) < k }, "\(what): labels", file: file, line: line)
        XCTAssert(model.inertia.isFinite, "\(what): inertia \(model.inertia)", file: file, line: line)
        let bootstrap = Bootstrap.run(data: data.matrix, reference: model.centroids, runs: 3, seed: 1)
        let context = MembershipContext(data: data, model: model, settings: settings, bootstrap: bootstrap)
        var points = (0..<min(data.matrix.rows, 8)).map { data.matrix.row($0) } + (0..<k).map { model.centroids.row($0) }
        points += queries.map { data.clusteringPoint(fromRaw: $0) }
        var answered: [MembershipReport.Query] = []
        for (i, point) in points.enumerated() {
            guard (try? ValueRange.checkQuery(point, centroids: model.centroids, name: "q")) != nil else { continue }
            let answer = context.answer(for: point, rules: MembershipRule.allCases)
            answered.append(.init(source: "q\(i)", rawPoint: point, answer: answer))
            XCTAssert(answer.distances.allSatisfy { $0.isFinite && $0 >= 0 }, "\(what) point \(i): \(answer.distances)", file: file, line: line)
            for r in answer.rules {
                guard let v = r.values else { continue }
                XCTAssert(v.allSatisfy(\.isFinite), "\(what) point \(i) \(r.rule): \(v)", file: file, line: line)
                if r.rule.isProbability { assertDistribution(v, "\(what) point \(i) \(r.rule)", file: file, line: line) }
            }
        }
        let report = FitReport(data: data, model: model, settings: settings, bootstrap: bootstrap, initDescription: "k-means++")
        let membership = MembershipReport(k: k, rules: MembershipRule.allCases, queries: answered)
        for text in [report.csv(extraRules: MembershipRule.allCases), report.json(), membership.csv(), membership.json()] {
            let lowered = text.lowercased()
            XCTAssertFalse(lowered.contains("nan") || lowered.contains("inf"), "\(what): a non-finite number in a report", file: file, line: line)
        }
        return true
    }

    // MARK: Properties

    // 120 cases: all points equal, at every magnitude, every method.
    func testAllPointsEqual() {
        var fitted = 0
        let cases = forAll(120, seed: 1) { r, what in
            let n = 1 + Int(r.nextUInt32() % 30), d = 1 + Int(r.nextUInt32() % 4)
            let scale = Self.magnitudes[Int(r.nextUInt32() % 6)]
            let point = (0..<d).map { _ in value(&r, scale: scale) }
            let k = 1 + Int(r.nextUInt32() % UInt32(min(n, 4)))
            if checkFit(Array(repeating: point, count: n), standardize: r.nextUInt32() % 2 == 0,
                        settings: settings(&r, k: k, d: d), "all equal \(what)") { fitted += 1 }
        }
        XCTAssertGreaterThan(fitted, cases / 2, "most all-equal cases fit")
    }

    // 120 cases: duplicate points, k = number of distinct points + 1.
    func testDuplicatesWithOneClusterMoreThanDistinctPoints() {
        forAll(120, seed: 2) { r, what in
            let distinct = 1 + Int(r.nextUInt32() % 4), d = 1 + Int(r.nextUInt32() % 3)
            let scale = Self.magnitudes[Int(r.nextUInt32() % 6)]
            let points = (0..<distinct).map { _ in (0..<d).map { _ in value(&r, scale: scale) } }
            let rows = (0..<(distinct * 5)).map { points[$0 % distinct] }
            checkFit(rows, standardize: r.nextUInt32() % 2 == 0, settings: settings(&r, k: distinct + 1, d: d), "duplicates \(what)")
        }
    }

    // 80 cases: a constant column beside varying ones, raw and standardised.
    func testConstantColumn() {
        forAll(80, seed: 3) { r, what in
            let n = 4 + Int(r.nextUInt32() % 30), scale = Self.magnitudes[Int(r.nextUInt32() % 6)]
            let constant = value(&r, scale: scale)
            let rows = (0..<n).map { _ in [value(&r, scale: 10), constant, value(&r, scale: 3)] }
            let standardize = r.nextUInt32() % 2 == 0
            if checkFit(rows, standardize: standardize, settings: settings(&r, k: 2, d: 3), "constant column \(what)") && standardize {
                let data = try! PreparedData.checked(dataset(rows), standardize: true)
                let power = Double(sign: .plus, exponent: abs(constant).exponent, significand: 1)
                XCTAssertEqual(data.scaler.scale[1], power > 0x1p32 ? power : 1, what)
                XCTAssert((0..<n).allSatisfy { abs(data.matrix[$0, 1]) <= 1e-9 }, "\(what): a constant column standardises to ~0")
            }
        }
    }

    // 60 cases: k = N (every point its own cluster).
    func testKEqualsN() {
        forAll(60, seed: 4) { r, what in
            let n = 1 + Int(r.nextUInt32() % 8), d = 1 + Int(r.nextUInt32() % 3)
            let scale = Self.magnitudes[Int(r.nextUInt32() % 6)]
            let rows = (0..<n).map { _ in (0..<d).map { _ in value(&r, scale: scale) } }
            checkFit(rows, standardize: r.nextUInt32() % 2 == 0, settings: settings(&r, k: n, d: d), "k = N \(what)")
        }
    }

    // 150 cases: values near ±1e300 and ±1e-300 (and mixtures of both in one file). Standardised
    // data always fits; raw data fits or names the values and the remedy.
    func testHugeAndTinyValues() {
        var standardizedFits = 0, standardizedCases = 0
        forAll(150, seed: 5) { r, what in
            let n = 2 + Int(r.nextUInt32() % 40), d = 1 + Int(r.nextUInt32() % 4)
            let scales = (0..<d).map { _ in [1e300, -1e300, 1e-300, 1.7976931348623157e308, .leastNonzeroMagnitude, 1][Int(r.nextUInt32() % 6)] }
            let rows = (0..<n).map { _ in scales.map { s in s * (0.5 + r.nextDouble() / 2) } }
            let standardize = r.nextUInt32() % 2 == 0
            let k = 1 + Int(r.nextUInt32() % UInt32(min(n, 3)))
            let fitted = checkFit(rows, standardize: standardize, settings: settings(&r, k: k, d: d),
                                  queries: [rows[0], scales], "extreme \(what)")
            if standardize { standardizedCases += 1; if fitted { standardizedFits += 1 } }
        }
        XCTAssertEqual(standardizedFits, standardizedCases, "standardised extreme data always fits")
    }

    // 6 cases: D = 1,000 with few rows (the diagonal mixture: full covariances are O(D³)).
    func testThousandDimensions() {
        forAll(6, seed: 6) { r, what in
            let n = 3 + Int(r.nextUInt32() % 10)
            let rows = (0..<n).map { i in (0..<1000).map { _ in value(&r, scale: 1) + Double(i % 2) * 5 } }
            let method = [ClusteringMethod.kmeans, .soft, .gmm][Int(r.nextUInt32() % 3)]
            checkFit(rows, standardize: r.nextUInt32() % 2 == 0,
                     settings: ModelSettings(method: method, k: 2, covarianceType: .diag, seed: 1, maxIterations: 10), "D=1000 \(what)")
        }
    }

    // 60 cases: N = 1 (k = 1), every method.
    func testSingleRow() {
        forAll(60, seed: 7) { r, what in
            let d = 1 + Int(r.nextUInt32() % 5), scale = Self.magnitudes[Int(r.nextUInt32() % 6)]
            let row = (0..<d).map { _ in value(&r, scale: scale) }
            checkFit([row], standardize: r.nextUInt32() % 2 == 0, settings: settings(&r, k: 1, d: d), "N=1 \(what)")
        }
    }

    // 3 β × 40 cases: β ∈ {0, 1e-12, 1e12}; β = 0 is uniform, 1e12 is the hard assignment.
    func testExtremeBeta() throws {
        for beta in [0, 1e-12, 1e12] {
            forAll(40, seed: 8) { r, what in
                let n = 6 + Int(r.nextUInt32() % 20)
                let rows = (0..<n).map { i in [value(&r, scale: 1) + Double(i % 3) * 4, value(&r, scale: 1)] }
                let method = [ClusteringMethod.kmeans, .soft][Int(r.nextUInt32() % 2)]
                let settings = ModelSettings(method: method, k: 3, beta: beta, seed: 2)
                checkFit(rows, standardize: false, settings: settings, "β=\(beta) \(what)")
                let data = PreparedData(dataset(rows), standardize: false)
                guard let model = try? ClusterModel.initial(data.matrix, settings).run() else { return }
                let p = MembershipContext(data: data, model: model, settings: settings).values(.softmax, for: data.matrix.row(0))!
                if beta == 0 { XCTAssertEqual(p, [1.0 / 3, 1.0 / 3, 1.0 / 3], what) }
                if beta == 1e12 { XCTAssertEqual(p.max(), 1, what) }
            }
        }
    }

    // 60 cases: a query on a centroid belongs to it (the distance rules give it the largest
    // share; inverse-power and fuzzy all of it), and a query at 1e150 stays finite.
    func testQueriesOnACentroidAndFarAway() throws {
        forAll(60, seed: 9) { r, what in
            let n = 10 + Int(r.nextUInt32() % 20), d = 2 + Int(r.nextUInt32() % 3)
            let rows = (0..<n).map { i in (0..<d).map { _ in value(&r, scale: 1) + Double(i % 2) * 10 } }
            let settings = self.settings(&r, k: 2, d: d)
            checkFit(rows, standardize: false, settings: settings, queries: [Array(repeating: 1e150, count: d),
                                                                             Array(repeating: -1e150, count: d)], "far \(what)")
            let data = PreparedData(dataset(rows), standardize: false)
            guard let model = try? ClusterModel.initial(data.matrix, settings).run() else { return XCTFail(what) }
            let context = MembershipContext(data: data, model: model, settings: settings)
            for j in 0..<2 where model.centroids.row(0) != model.centroids.row(1) {
                let c = model.centroids.row(j)
                for rule in [MembershipRule.inversePower, .fuzzy] {
                    XCTAssertEqual(context.values(rule, for: c)![j], 1, "\(what) \(rule)")
                }
                let p = context.values(.softmax, for: c)!
                if settings.beta > 0 { XCTAssertGreaterThan(p[j], p[1 - j], what) }
            }
        }
    }

    // 40 cases: a GMM whose covariance goes singular (points on a line in 2-D, a component on
    // one repeated point). With the default reg_covar it fits, as scikit-learn does; with
    // --reg-covar 0 it fits or says to raise --reg-covar.
    func testSingularCovariance() {
        forAll(40, seed: 10) { r, what in
            let n = 6 + Int(r.nextUInt32() % 20)
            var rows = (0..<n).map { _ in let t = value(&r, scale: 5); return [t, 2 * t + 1] }
            rows += Array(repeating: [40, 40], count: 4)
            let type = CovarianceType.allCases[Int(r.nextUInt32() % 4)]
            XCTAssert(checkFit(rows, standardize: false, settings: ModelSettings(method: .gmm, k: 2, covarianceType: type, seed: 3),
                               "singular \(what)"), "\(what): the default reg_covar handles it")
            checkFit(rows, standardize: false, settings: ModelSettings(method: .gmm, k: 2, covarianceType: type, seed: 3, regCovar: 0),
                     "singular reg_covar=0 \(what)")
        }
    }
}
