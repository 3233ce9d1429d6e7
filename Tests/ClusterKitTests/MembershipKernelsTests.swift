import Foundation
import XCTest
@testable import ClusterKit

/// Each rule's one implementation (`MembershipKernels`): its values against the formula written
/// out plainly here, its edge cases, and that the panel (`MembershipContext.values(_:for:)`,
/// `answer(for:rules:)`) and the streaming CSV writer give exactly its bits for the same point.
final class MembershipKernelsTests: XCTestCase {
    /// A kernel's `count` values (one per input number unless given) for `input`.
    func run(_ input: [Double], count: Int? = nil, _ kernel: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void) -> [Double] {
        let k = count ?? input.count
        var out = [Double](repeating: .nan, count: k)
        input.withUnsafeBufferPointer { i in out.withUnsafeMutableBufferPointer { kernel(i.baseAddress!, $0.baseAddress!, k) } }
        return out
    }

    func assertClose(_ a: [Double], _ b: [Double], relative: Double, _ what: String, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what, line: line)
        for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: relative * max(abs(y), 1e-300), what, line: line) }
    }

    func testSoftmaxAndPowerEqualTheirPlainFormulas() {
        var random = NumPyRandomState(seed: 3)
        for trial in 0..<200 {
            let k = 1 + trial % 9
            let d = (0..<k).map { _ in random.nextDouble() * 5 + 0.01 }
            let beta = random.nextDouble() * 4
            let e = d.map { exp(-beta * $0) }, total = e.reduce(0, +)
            assertClose(run(d) { MembershipKernels.softmax(distances: $0, beta: beta, into: $1, $2) },
                        e.map { $0 / total }, relative: 1e-13, "softmax \(d) β=\(beta)")
            let m = 1.2 + random.nextDouble() * 3, exponent = 2 / (m - 1)
            let w = d.map { pow($0, -exponent) }, sum = w.reduce(0, +)
            assertClose(run(d) { MembershipKernels.fuzzy(distances: $0, fuzziness: m, into: $1, $2) },
                        w.map { $0 / sum }, relative: 1e-11, "fuzzy \(d) m=\(m)")
            let n = 2 + trial % 6
            let v = d.map { pow(1 / $0, Double(n - 1)) }, vs = v.reduce(0, +)
            assertClose(run(d) { MembershipKernels.inversePower(zDistances: $0, dimension: n, into: $1, $2) },
                        v.map { $0 / vs }, relative: 1e-11, "inverse-power \(d) n=\(n)")
        }
    }

    func testEdgeCasesOfTheDistanceRules() {
        func power(_ d: [Double], _ e: Double) -> [Double] { run(d) { MembershipKernels.power(distances: $0, exponent: e, into: $1, $2) } }
        XCTAssertEqual(power([0, 1, 0], 2), [0.5, 0, 0.5], "zero distances share the mass")
        XCTAssertEqual(power([.infinity, .infinity, .infinity, .infinity], 2), [0.25, 0.25, 0.25, 0.25], "all infinite: uniform")
        XCTAssertEqual(power([.nan, 1], 2), [0, 1], "NaN distance gets nothing")
        XCTAssertEqual(power([1e-300, 1e300], 3), [1, 0], "extreme ratios stay finite")
        XCTAssertEqual(power([1e-300, 2e-300], 2e9), [1, 0], "huge exponent (m → 1)")
        XCTAssertEqual(run([1, 5, 9]) { MembershipKernels.inversePower(zDistances: $0, dimension: 1, into: $1, $2) },
                       [1.0 / 3, 1.0 / 3, 1.0 / 3], "one feature: uniform")
        XCTAssertEqual(run([1, 7]) { MembershipKernels.softmax(distances: $0, beta: 0, into: $1, $2) }, [0.5, 0.5], "β = 0: uniform")
        XCTAssertEqual(run([1, 1.5]) { MembershipKernels.softmax(distances: $0, beta: 1e6, into: $1, $2) }, [1, 0], "huge β: hard")
        XCTAssertEqual(run([.infinity, 2]) { MembershipKernels.softmax(distances: $0, beta: 1, into: $1, $2) }, [0, 1])

        let lower = [1.0, 2, 3, 0], span = [2.0, 4, 0, 1]
        let linear = run([2, 10, 3, -1]) { d, v, k in
            lower.withUnsafeBufferPointer { lo in span.withUnsafeBufferPointer { sp in
                MembershipKernels.linear(distances: d, lower: lo.baseAddress!, span: sp.baseAddress!, into: v, k)
            } }
        }
        XCTAssertEqual(linear, [0.5, 0, 1, 1], "inside, clamped above the range, empty span, clamped below")
        XCTAssertEqual(MembershipKernels.linearBounds([1...3, 2...2]).lower, [1, 2])
        XCTAssertEqual(MembershipKernels.linearBounds([1...3, 2...2]).span, [2, 0])
    }

    func testGMMKernelIsTheSoftmaxOfLogDensitiesOrSparksFlooredPosterior() {
        let lp = [-3.0, -1.5, -.infinity, -2.25]
        let e = lp.map { exp($0) }, total = e.reduce(0, +)
        assertClose(run(lp) { _, v, k in MembershipKernels.gmm(weightedLogDensities: lp, floor: 0, into: v, k) },
                    e.map { $0 / total }, relative: 1e-14, "plain posterior")
        let floor = DensityFloor.spark
        let f = lp.map { floor + exp($0) }, ft = f.reduce(0, +)
        XCTAssertEqual(run(lp) { _, v, k in MembershipKernels.gmm(weightedLogDensities: lp, floor: floor, into: v, k) },
                       f.map { $0 / ft }, "floored posterior, as Spark")
        XCTAssertEqual(softmaxOfLogs([-.infinity, -.infinity]), [0.5, 0.5])
        XCTAssertEqual(softmaxOfLogs([]), [])
    }

    func testCosineEqualsThePlainFormulaAndSurvivesExtremeScales() {
        var random = NumPyRandomState(seed: 8)
        for _ in 0..<50 {
            let n = 3, k = 4
            let means = Matrix(rows: k, columns: n, values: (0..<(k * n)).map { _ in random.nextDouble() * 2 - 1 })
            let x = (0..<n).map { _ in random.nextDouble() * 2 - 1 }
            let got = MembershipFormulas.cosine(x, means: means)
            let xn = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let expected = (0..<k).map { j -> Double in
                let m = Array(means.row(j))
                return zip(x, m).reduce(0) { $0 + $1.0 * $1.1 } / (xn * m.reduce(0) { $0 + $1 * $1 }.squareRoot())
            }
            assertClose(got, expected, relative: 1e-13, "cosine")
        }
        let extreme = Matrix(rows: 3, columns: 2, values: [1e-300, 1e-300, 0, 0, -3e307, -3e307])
        assertClose(MembershipFormulas.cosine([1e300, 1e300], means: extreme), [1, 0, -1], relative: 1e-15, "extreme scales")
        XCTAssertEqual(MembershipFormulas.cosine([0, 0], means: extreme), [0, 0, 0])
    }

    // The panel, `answer(for:rules:)` and the streaming writer give the kernels' own bits: every
    // rule, each method, raw and standardised iris, for data rows and points far off.
    func testThePanelAndTheWriterGiveTheKernelsBits() throws {
        let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/iris.csv")))
        let rules = MembershipRule.allCases.filter { $0 != .bootstrap }
        var checked = 0
        for standardize in [false, true] {
            let data = PreparedData(try Dataset.load(csv: bytes, source: "iris.csv"), standardize: standardize)
            for method in ClusteringMethod.allCases {
                var settings = ModelSettings(method: method, k: 3, initMethod: .rows([0, 60, 120]))
                settings.beta = 0.7
                settings.fuzziness = 1.7
                let model = try ClusterModel.initial(data.matrix, settings).run()
                let context = MembershipContext(data: data, model: model, settings: settings)
                let k = context.k, n = context.centroids.columns
                let raws: [[Double]] = [0, 51, 77, 149].map { Array(data.dataset.row($0)) } + [[40, -3, 0.5, 12], [5.1, 3.5, 1.4, 0.2]]
                let points = raws.map(context.clusteringPoint(fromRaw:))
                // The writer's lines, parsed back (its numbers are the shortest round-tripping text).
                let sink = MembershipWriterTests.Sink()
                var writer = MembershipWriter(json: false, context: context, rules: rules, toClustering: context.clusteringPoint(fromRaw:),
                                              emit: { sink.bytes += $0 })
                try writer.answer(QueryRows(lines: raws.indices.map { $0 + 2 }, values: raws.flatMap { $0 }, dimension: n), source: "q")
                try writer.end()
                let lines = sink.text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
                XCTAssertEqual(lines.count, points.count * (rules.count + 1))
                for (q, x) in points.enumerated() {
                    let d = context.distances(of: x)
                    let lower = context.linearRanges.map(\.lowerBound), span = context.linearRanges.map { $0.upperBound - $0.lowerBound }
                    let zd = (0..<k).map { MembershipFormulas.distance(standardize ? x : data.scaler.transform(point: x), context.zCentroids.row($0)) }
                    let (means, norms) = MembershipKernels.cosineMeans(context.centroids)
                    let answer = context.answer(for: x, rules: rules)
                    for (r, rule) in rules.enumerated() {
                        let kernel: [Double]
                        switch rule {
                        case .softmax: kernel = run(d) { MembershipKernels.softmax(distances: $0, beta: 0.7, into: $1, $2) }
                        case .fuzzy: kernel = run(d) { MembershipKernels.fuzzy(distances: $0, fuzziness: 1.7, into: $1, $2) }
                        case .inversePower: kernel = run(zd) { MembershipKernels.inversePower(zDistances: $0, dimension: n, into: $1, $2) }
                        case .linear:
                            kernel = run(d) { d, v, k in lower.withUnsafeBufferPointer { lo in span.withUnsafeBufferPointer { sp in
                                MembershipKernels.linear(distances: d, lower: lo.baseAddress!, span: sp.baseAddress!, into: v, k) } } }
                        case .cosine:
                            var scratch = [Double](repeating: 0, count: n)
                            kernel = run(x, count: k) { xp, v, k in means.withUnsafeBufferPointer { m in norms.withUnsafeBufferPointer { nm in
                                scratch.withUnsafeMutableBufferPointer { s in
                                    MembershipKernels.cosine(xp, n, means: m.baseAddress!, norms: nm.baseAddress!, scratch: s.baseAddress!, into: v, k) } } } }
                        case .gmm:
                            let lp = try XCTUnwrap(context.mixture).weightedLogProbabilities(of: x)
                            kernel = run(lp) { _, v, k in MembershipKernels.gmm(weightedLogDensities: lp, floor: 0, into: v, k) }
                        case .bootstrap: continue
                        }
                        let what = "std=\(standardize) \(method.rawValue) \(rule.rawValue) point \(q)"
                        XCTAssertEqual(try XCTUnwrap(context.values(rule, for: x)).map(\.bitPattern), kernel.map(\.bitPattern), "panel " + what)
                        XCTAssertEqual(try XCTUnwrap(answer.values(rule)).map(\.bitPattern), kernel.map(\.bitPattern), "answer " + what)
                        let line = lines[q * (rules.count + 1) + 1 + r]
                        XCTAssertEqual(String(line[2]), rule.rawValue)
                        XCTAssertEqual(line.dropFirst(4).map { Double(String($0))!.bitPattern }, kernel.map(\.bitPattern), "writer " + what)
                        checked += 1
                    }
                }
            }
        }
        XCTAssertEqual(checked, 2 * ClusteringMethod.allCases.count * 6 * 6)
    }
}
