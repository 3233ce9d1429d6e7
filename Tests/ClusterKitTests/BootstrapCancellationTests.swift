import Synchronization
import XCTest
@testable import ClusterKit

/// `Bootstrap.run(isCancelled:)`: asked between the k-means iterations of every run, so a
/// cancelled bootstrap stops inside the runs in flight; never asked, the result is unchanged.
final class BootstrapCancellationTests: XCTestCase {
    private func fixture() throws -> (PreparedData, Matrix) {
        let data = PreparedData(try loadShipped("iris.csv"), standardize: true)
        let model = try ClusterModel.initial(data.matrix, ModelSettings(k: 3, seed: 3)).run()
        return (data, model.centroids)
    }

    func testNeverCancelledGivesTheSameSets() throws {
        let (data, reference) = try fixture()
        let plain = try XCTUnwrap(Bootstrap.run(data: data.matrix, reference: reference, runs: 12, seed: 4))
        let asked = Atomic<Int>(0)
        let polled = try XCTUnwrap(Bootstrap.run(data: data.matrix, reference: reference, runs: 12, seed: 4,
                                                 isCancelled: { asked.add(1, ordering: .relaxed); return false }))
        XCTAssertEqual(polled, plain)
        // At least once per run and per iteration after the first assignment.
        XCTAssertGreaterThanOrEqual(asked.load(ordering: .relaxed), 12)
    }

    func testCancelledBeforeAnyIterationFinishesNoRun() throws {
        let (data, reference) = try fixture()
        let finished = Atomic<Int>(0)
        let result = Bootstrap.run(data: data.matrix, reference: reference, runs: 12, seed: 4,
                                   progress: { _ in finished.add(1, ordering: .relaxed); return true },
                                   isCancelled: { true })
        XCTAssertNil(result)
        XCTAssertEqual(finished.load(ordering: .relaxed), 0)
    }

    func testCancelledMidRunStopsThatRun() throws {
        // One run at a time (sampleBudget 1): questions 1–2 come before the first run, 3 after
        // its resample is copied, 4 before its first Lloyd step (after its k-means++ start), so
        // that run stops there and none ends; before `isCancelled`, a cancel waited for the runs
        // in flight to finish.
        let (data, reference) = try fixture()
        let asked = Atomic<Int>(0), finished = Atomic<Int>(0)
        let result = Bootstrap.run(data: data.matrix, reference: reference, runs: 12, seed: 4, sampleBudget: 1,
                                   progress: { _ in finished.add(1, ordering: .relaxed); return true },
                                   isCancelled: { asked.add(1, ordering: .relaxed).newValue >= 4 })
        XCTAssertNil(result)
        XCTAssertEqual(finished.load(ordering: .relaxed), 0)
    }
}
