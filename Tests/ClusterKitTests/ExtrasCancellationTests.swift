import XCTest
import Foundation
@testable import ClusterKit

/// The membership context's extras (hard-label mixture, distance ranges) are the explorer's
/// background work per model state; a step cancels them, and they must stop within a few blocks
/// of rows, not after their O(N·D²) pass.
final class ExtrasCancellationTests: XCTestCase {
    private func model(_ n: Int, _ d: Int, k: Int, covariance: CovarianceType) throws -> (PreparedData, ClusterModel, ModelSettings) {
        var s: UInt64 = 7
        let values = (0..<(n * d)).map { i -> Double in
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return Double(s >> 11) / Double(1 << 53) + Double((i / d) % k) * 2
        }
        let dataset = Dataset(source: "test", featureNames: (0..<d).map { "f\($0)" }, values: values, count: n, dimension: d)
        let prepared = PreparedData(dataset, standardize: false)
        let settings = ModelSettings(method: .kmeans, k: k, covarianceType: covariance, initMethod: .rows(Array(0..<k)))
        return (prepared, try ClusterModel.initial(prepared.matrix, settings).step(), settings)
    }

    // Not cancelled: the same extras as before the cancel check existed (the plain initialiser).
    func testUncancelledExtrasAreThePlainOnes() throws {
        for covariance in [CovarianceType.full, .tied, .diag] {
            let (data, model, settings) = try model(3_000, 9, k: 4, covariance: covariance)
            let plain = MembershipContext.Extras(data: data, model: model, settings: settings)
            let asked = try XCTUnwrap(MembershipContext.Extras(data: data, model: model, settings: settings, isCancelled: { false }))
            XCTAssertEqual(asked.mixture, plain.mixture, "\(covariance)")
            XCTAssertEqual(asked.linearRanges, plain.linearRanges, "\(covariance)")
            XCTAssertNotNil(plain.mixture)
            XCTAssertEqual(plain.linearRanges.count, 4)
        }
    }

    // Cancelled: nil, and asked between blocks of rows (many times over a pass), so it stops soon
    // after the flag is set rather than at the end of the pass.
    func testCancelledExtrasStopAndAnswerNil() throws {
        for covariance in [CovarianceType.full, .tied] {
            let (data, model, settings) = try model(20_000, 40, k: 5, covariance: covariance)
            let questions = Atomic(0)
            let whole = MembershipContext.Extras(data: data, model: model, settings: settings,
                                                 isCancelled: { questions.add(1); return false })
            XCTAssertNotNil(whole)
            let perPass = questions.value
            // At least one question per 32 rows of the O(N·D²) pass.
            XCTAssertGreaterThan(perPass, 20_000 / 32, "\(covariance)")

            let asked = Atomic(0)
            let stopped = MembershipContext.Extras(data: data, model: model, settings: settings,
                                                   isCancelled: { asked.add(1) >= 10 })
            XCTAssertNil(stopped, "\(covariance)")
            // Once cancelled, every later question is answered at once: the loops stop asking
            // well before a full pass' worth.
            XCTAssertLessThan(asked.value, perPass / 4, "\(covariance): \(asked.value) questions vs \(perPass) in a whole pass")
        }
    }
}

/// A counter several threads bump (the extras ask from two).
private final class Atomic: @unchecked Sendable {
    private let lock = NSLock()
    private var count: Int
    init(_ value: Int) { count = value }
    /// Adds `delta`; returns the value before.
    @discardableResult func add(_ delta: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        count += delta
        return count - delta
    }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
