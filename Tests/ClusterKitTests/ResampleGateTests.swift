import Dispatch
import XCTest
@testable import ClusterKit

/// Bootstraps running at once (the explorer's cancelled one and its replacement) keep their
/// resamples within one budget between them, and give the same sets as when run alone.
final class ResampleGateTests: XCTestCase {
    func testConcurrentBootstrapsHoldOneBudgetOfResamplesBetweenThem() throws {
        let data = PreparedData(try loadShipped("iris.csv"), standardize: true)
        let model = try ClusterModel.initial(data.matrix, ModelSettings(k: 3, seed: 3)).run()
        let sampleBytes = data.matrix.values.count * MemoryLayout<Double>.size
        let alone = try XCTUnwrap(Bootstrap.run(data: data.matrix, reference: model.centroids, runs: 30, seed: 9))
        XCTAssertEqual(ResampleGate.shared.bytesInUse, 0)

        // Two bootstraps on two threads, each allowed one resample: asked between k-means
        // iterations (while a resample is held), the gate never holds more than one.
        let most = Locked(0)
        let results = Locked([Bootstrap?](repeating: nil, count: 2))
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let set = Bootstrap.run(data: data.matrix, reference: model.centroids, runs: 30, seed: 9,
                                    sampleBudget: sampleBytes, isCancelled: {
                                        let held = ResampleGate.shared.bytesInUse
                                        most.withLock { $0 = max($0, held) }
                                        return false
                                    })
            results.withLock { $0[i] = set }
        }
        XCTAssertEqual(most.withLock { $0 }, sampleBytes)
        XCTAssertEqual(results.withLock { $0 }, [alone, alone])
        XCTAssertEqual(ResampleGate.shared.bytesInUse, 0)
    }

    func testAResampleLargerThanTheBudgetStillRunsAlone() throws {
        let data = PreparedData(try loadShipped("iris.csv"), standardize: true)
        let model = try ClusterModel.initial(data.matrix, ModelSettings(k: 3, seed: 3)).run()
        let tiny = try XCTUnwrap(Bootstrap.run(data: data.matrix, reference: model.centroids, runs: 5, seed: 2, sampleBudget: 1))
        let normal = try XCTUnwrap(Bootstrap.run(data: data.matrix, reference: model.centroids, runs: 5, seed: 2))
        XCTAssertEqual(tiny, normal)
        XCTAssertEqual(ResampleGate.shared.bytesInUse, 0)
    }
}
