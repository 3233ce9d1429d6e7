import XCTest
import CKernels
@testable import ClusterKit

/// The E-step by the blocked expanded form (diag, spherical) against the direct form it replaced,
/// kept below as `DirectEStep` (the code as it was), on random data near and far from the origin.
final class GaussianEStepTests: XCTestCase {
    /// Random mixtures: means around `centre` (spread `spread`), per-feature σ² from `tiny`·… to
    /// ~4, rows drawn around the means (so most rows are near some component).
    private func scenario(seed: UInt64, n: Int, d: Int, k: Int, type: CovarianceType, centre: Double,
                          spread: Double = 3, tiny: Double = 0.01) throws -> GaussianMixture {
        var r = SplitMix64(seed: seed)
        func uniform() -> Double { Double(r.next() >> 11) / Double(1 << 53) }
        func normal() -> Double { (-2 * log(1 - uniform())).squareRoot() * cos(2 * .pi * uniform()) }
        var means = Matrix(rows: k, columns: d)
        for j in 0..<k { for f in 0..<d { means[j, f] = centre + spread * normal() } }
        var variances = Matrix(rows: k, columns: d)
        for j in 0..<k { for f in 0..<d { variances[j, f] = tiny + 4 * uniform() * uniform() } }
        var data = Matrix(rows: n, columns: d)
        for i in 0..<n {
            let j = Int(r.below(UInt64(k)))
            for f in 0..<d { data[i, f] = means[j, f] + variances[j, f].squareRoot() * normal() }
        }
        let covariances: Covariances = type == .diag
            ? .diag(variances)
            : .spherical((0..<k).map { j in (0..<d).reduce(0) { $0 + variances[j, $1] } / Double(d) })
        var weights = (0..<k).map { _ in 0.2 + uniform() }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        return try GaussianMixture(data: data, configuration: .init(k: k, covarianceType: type),
                                   weights: weights, means: means, covariances: covariances)
    }

    /// How many entries the kernel hands back to the direct form.
    private func guardRejections(_ g: GaussianMixture) -> Int {
        let e = g.precisions.expansion!
        var out = [Double](repeating: 0, count: g.data.rows * g.k)
        g.data.values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { e.mahalanobis(x.baseAddress!, rows: g.data.rows, into: $0.baseAddress!) }
        }
        return out.filter(\.isNaN).count
    }

    // Property: every log-probability within 2e-12·max(1, |lp|) of the direct form's (the guard
    // bounds the expanded form's error by ~2·32·(d+3)·ε·max(1, m), ≈ 1e-12·max(1, m) at d = 64;
    // lp ≈ −m/2), responsibilities within 1e-10 absolute, the mean log-likelihood within 1e-12
    // relative, labels equal where the best two log-probabilities are 1e-9 apart. Far from the
    // origin (means at 1e6, σ ≈ 1) the expanded form would lose about 12 digits: there the guard
    // must send entries to the direct form, and the result still meets the same tolerance.
    func testExpandedFormMatchesDirectFormNearAndFarFromOrigin() throws {
        var seed: UInt64 = 1
        var worst = 0.0
        for type in [CovarianceType.diag, .spherical] {
            for (d, k) in [(1, 3), (3, 5), (8, 13), (64, 21)] {
                for centre in [0.0, 50.0, 1e6] {
                    seed += 1
                    let g = try scenario(seed: seed, n: 157, d: d, k: k, type: type, centre: centre)
                    let what = "\(type) d=\(d) k=\(k) centre=\(centre)"
                    let reference = DirectEStep.compute(g)
                    for i in 0..<g.data.rows {
                        let lp = g.data.values.withUnsafeBufferPointer { x in
                            EStep.weightedLogProbabilities(x.baseAddress! + i * d, d: d, logWeights: g.weights.map { log($0) },
                                                           means: g.means, precisions: g.precisions)
                        }
                        for j in 0..<k {
                            let diff = abs(lp[j] - reference.logProbabilities[i * k + j])
                            let scale = max(1, abs(reference.logProbabilities[i * k + j]))
                            worst = max(worst, diff / scale)
                            XCTAssertLessThanOrEqual(diff, 2e-12 * scale, "\(what) row \(i) component \(j)")
                        }
                        let sorted = reference.logProbabilities[(i * k)..<(i * k + k)].sorted(by: >)
                        if k == 1 || sorted[0] - sorted[1] > 1e-9 {
                            XCTAssertEqual(g.labels[i], reference.labels[i], "\(what) row \(i) label")
                        }
                    }
                    let resp = g.responsibilities()
                    for (a, b) in zip(resp, reference.responsibilities) {
                        XCTAssertEqual(a, b, accuracy: 1e-10, what)
                    }
                    XCTAssertEqual(g.meanLogLikelihood, reference.meanLogLikelihood,
                                   accuracy: 1e-12 * abs(reference.meanLogLikelihood), what)
                    if centre == 1e6 { XCTAssertGreaterThan(guardRejections(g), 0, "\(what): the guard must act") }
                    if centre == 0 && d > 1 {
                        XCTAssertLessThan(guardRejections(g), g.data.rows * k / 4, "\(what): the fast path serves most entries")
                    }
                }
            }
        }
        print("largest |Δlp| / max(1, |lp|) against the direct form: \(worst)")
    }

    // Tiny variances (reg_covar-sized) on features where rows sit exactly at the mean, as on
    // scikit-learn's digits (constant border pixels): p = 1e6 there, and still within tolerance.
    func testTinyVariancesOnConstantFeatures() throws {
        for type in [CovarianceType.diag, .spherical] {
            let g = try scenario(seed: 99, n: 200, d: 16, k: 9, type: type, centre: 8, spread: 4, tiny: 1e-6)
            let reference = DirectEStep.compute(g)
            for (a, b) in zip(g.responsibilities(), reference.responsibilities) { XCTAssertEqual(a, b, accuracy: 1e-10) }
            XCTAssertEqual(g.meanLogLikelihood, reference.meanLogLikelihood, accuracy: 1e-12 * abs(reference.meanLogLikelihood))
        }
    }

    // Full and tied still use the direct form: identical bits to the code it replaced (this also
    // shows that skipping exp where it underflows changes nothing).
    func testFullAndTiedUnchangedBitForBit() throws {
        let data = PreparedData(try loadShipped("wine.csv"), standardize: false).matrix
        for type in [CovarianceType.full, .tied] {
            let g = try GaussianMixture(data: data, configuration: .init(k: 6, covarianceType: type, seed: 3)).run(maxIterations: 3)
            let reference = DirectEStep.compute(g)
            XCTAssertEqual(g.responsibilities().map(\.bitPattern), reference.responsibilities.map(\.bitPattern), "\(type)")
            XCTAssertEqual(g.labels, reference.labels, "\(type)")
            XCTAssertEqual(g.meanLogLikelihood.bitPattern, reference.meanLogLikelihood.bitPattern, "\(type)")
        }
    }

    // The AVX2+FMA kernel and the plain-C one give the same bits (NaN markers included), at a
    // component count off the block of 8 and an odd number of rows (the one-row tail).
    func testKernelPathsAgreeBitForBit() throws {
        for (d, k, centre) in [(5, 13, 0.0), (64, 9, 3.0), (2, 1, 1e6)] {
            let g = try scenario(seed: UInt64(d * 100 + k), n: 101, d: d, k: k, type: .diag, centre: centre)
            let e = g.precisions.expansion!
            var fast = [Double](repeating: 0, count: 101 * k), plain = fast
            g.data.values.withUnsafeBufferPointer { x in
                fast.withUnsafeMutableBufferPointer { e.mahalanobis(x.baseAddress!, rows: 101, into: $0.baseAddress!) }
                plain.withUnsafeMutableBufferPointer {
                    e.mahalanobis(x.baseAddress!, rows: 101, into: $0.baseAddress!, portable: true)
                }
            }
            XCTAssertEqual(fast.map(\.bitPattern), plain.map(\.bitPattern), "d=\(d) k=\(k) (AVX2+FMA: \(cv_has_avx2_fma()))")
        }
    }

    // A point query (one row through the kernel) has exactly the bits of its row in the block E-step,
    // so `features` and `fit` print the same probabilities; and a rerun gives the same bits.
    func testPointQueryEqualsItsRowAndRunsRepeat() throws {
        let g = try scenario(seed: 7, n: 300, d: 10, k: 17, type: .diag, centre: 2)
        let resp = g.responsibilities()
        for i in stride(from: 0, to: 300, by: 7) {
            let point = Array(g.data.values[(i * 10)..<(i * 10 + 10)])
            XCTAssertEqual(g.eStepResponsibilities(of: point).map(\.bitPattern), resp[(i * 17)..<(i * 17 + 17)].map(\.bitPattern))
        }
        let again = EStep.compute(g.data, weights: g.weights, means: g.means, precisions: g.precisions)
        XCTAssertEqual(again.responsibilities.map(\.bitPattern), resp.map(\.bitPattern))
        XCTAssertEqual(again.meanLogLikelihood.bitPattern, g.meanLogLikelihood.bitPattern)
    }
}

/// The E-step as it was before the blocked form: per row and component, the difference to the
/// mean, scaled and squared (`log N` by the direct form), then log-sum-exp. Test-only reference.
enum DirectEStep {
    struct Result {
        var logProbabilities: [Double]
        var responsibilities: [Double]
        var labels: [Int32]
        var meanLogLikelihood: Double
    }

    static func compute(_ g: GaussianMixture) -> Result {
        let n = g.data.rows, d = g.data.columns, k = g.k
        let logWeights = g.weights.map { log($0) }
        var lps = [Double](), resp = [Double](), labels = [Int32]()
        var sums = [Double](repeating: 0, count: ParallelChunks.chunkCount(n))
        for i in 0..<n {
            let x = Array(g.data.values[(i * d)..<(i * d + d)])
            let lp = weightedLogProbabilities(x, logWeights: logWeights, means: g.means, precisions: g.precisions)
            var best = 0
            for j in 1..<max(k, 1) where lp[j] > lp[best] { best = j }
            let lse = logSumExp(lp)
            lps += lp
            resp += lp.map { exp($0 - lse) }
            labels.append(Int32(best))
            sums[i / ParallelChunks.rowsPerChunk] += lse
        }
        return Result(logProbabilities: lps, responsibilities: resp, labels: labels,
                      meanLogLikelihood: sums.reduce(0, +) / Double(n))
    }

    static func weightedLogProbabilities(_ x: [Double], logWeights: [Double], means: Matrix,
                                         precisions: PrecisionFactors) -> [Double] {
        let k = means.rows, d = x.count
        let constant = Double(d) * log(2 * Double.pi)
        var out = [Double](repeating: 0, count: k)
        var diff = [Double](repeating: 0, count: d)
        for j in 0..<k {
            for f in 0..<d { diff[f] = x[f] - means[j, f] }
            var maha = 0.0
            switch precisions.covarianceType {
            case .full, .tied:
                let p = precisions.matrices[precisions.covarianceType == .full ? j : 0]
                for c in 0..<d {
                    var y = 0.0
                    for r in 0...c { y += diff[r] * p.values[r * d + c] }
                    maha += y * y
                }
            case .diag:
                for f in 0..<d { let y = diff[f] * precisions.diagonal[j, f]; maha += y * y }
            case .spherical:
                var s = 0.0
                for f in 0..<d { s += diff[f] * diff[f] }
                let p = precisions.spherical[j]
                maha = s * p * p
            }
            out[j] = -0.5 * (constant + maha) + precisions.logDeterminants[j] + logWeights[j]
        }
        return out
    }
}

/// The M-step's moments, now split across threads by component, against the single loop they
/// replaced (kept here): the same bits, with exact-zero responsibilities skipped as before.
final class GaussianMStepTests: XCTestCase {
    func testMomentsUnchangedBitForBit() throws {
        let data = PreparedData(try loadShipped("wine.csv"), standardize: true).matrix
        let n = data.rows, d = data.columns, k = 11
        var r = SplitMix64(seed: 5)
        var resp = [Double](repeating: 0, count: n * k)
        for i in 0..<n {
            var row = (0..<k).map { _ in r.below(3) == 0 ? 0 : Double(r.next() >> 11) / Double(1 << 53) }
            if row.allSatisfy({ $0 == 0 }) { row[Int(r.below(UInt64(k)))] = 1 }
            let s = row.reduce(0, +)
            for j in 0..<k { resp[i * k + j] = row[j] / s }
        }
        // The loop as it was: rows in order, each component's sums in row order.
        var mass = [Double](repeating: 0, count: k), sum = [Double](repeating: 0, count: k * d)
        var square = sum
        for i in 0..<n {
            for j in 0..<k {
                let w = resp[i * k + j]
                if w == 0 { continue }
                mass[j] += w
                for f in 0..<d {
                    let v = data.values[i * d + f]
                    sum[j * d + f] += w * v
                    square[j * d + f] += w * v * v
                }
            }
        }
        let nk = mass.map { $0 + 10 * Double.ulpOfOne }
        for type in [CovarianceType.diag, .spherical, .full] {
            let p = GaussianParameters.estimate(data, resp: resp, k: k, type: type, regCovar: 1e-6, xtx: Matrix(rows: 0, columns: 0))
            XCTAssertEqual(p.componentMass.map(\.bitPattern), nk.map(\.bitPattern), "\(type) mass")
            let means = (0..<(k * d)).map { sum[$0] / nk[$0 / d] }
            XCTAssertEqual(p.means.values.map(\.bitPattern), means.map(\.bitPattern), "\(type) means")
            if case .diag(let v) = p.covariances {
                let expected = (0..<(k * d)).map { square[$0] / nk[$0 / d] - means[$0] * means[$0] + 1e-6 }
                XCTAssertEqual(v.values.map(\.bitPattern), expected.map(\.bitPattern), "diag variances")
            }
        }
    }
}
