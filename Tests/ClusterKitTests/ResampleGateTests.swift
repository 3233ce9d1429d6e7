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

    /// The default m: 20,000 rows while one resample fits in 64 MB (D ≤ 419), then as many rows
    /// as fit (so the explorer's peak is the matrix + 64 MB, not + 125 MB at 784 features),
    /// never under 1,000.
    func testTheDefaultResampleStaysWithinTheBudgetOnWideData() {
        XCTAssertEqual(Bootstrap.defaultResampleSize(columns: 4), 20_000)
        XCTAssertEqual(Bootstrap.defaultResampleSize(columns: 419), 20_000)
        XCTAssertEqual(Bootstrap.defaultResampleSize(columns: 420), 19_972)
        XCTAssertEqual(Bootstrap.defaultResampleSize(columns: 784), 10_699)
        XCTAssertEqual(Bootstrap.defaultResampleSize(columns: 3_072), 2_730)
        XCTAssertEqual(Bootstrap.defaultResampleSize(columns: 50_000), 1_000)
        for d in [1, 64, 419, 420, 784, 1_536, 3_072, 8_192] {
            let m = Bootstrap.defaultResampleSize(columns: d)
            XCTAssertLessThanOrEqual(m * d * MemoryLayout<Double>.size, Bootstrap.concurrentSampleBytes, "D = \(d)")
        }
    }

    /// Without a size, a run uses the default for its width and budget; a given size is kept.
    func testRunsUseTheDefaultForTheirWidthUnlessTold() throws {
        let d = 40, n = 1_500
        var random = SplitMix64(seed: 5)
        let data = Matrix(rows: n, columns: d, values: (0..<(n * d)).map { _ in random.unit() })
        let reference = Matrix(rows: 2, columns: d, values: Array(data.values[0..<(2 * d)]))
        // 1,200 rows' worth of bytes: the default is then 1,200 rows, under N.
        let budget = 1_200 * d * MemoryLayout<Double>.size
        XCTAssertEqual(Bootstrap.defaultResampleSize(columns: d, budget: budget), 1_200)
        let capped = try XCTUnwrap(Bootstrap.run(data: data, reference: reference, runs: 1, seed: 1, sampleBudget: budget))
        XCTAssertEqual(capped.resampleSize, 1_200)
        let roomy = try XCTUnwrap(Bootstrap.run(data: data, reference: reference, runs: 1, seed: 1))
        XCTAssertEqual(roomy.resampleSize, n)
        let told = try XCTUnwrap(Bootstrap.run(data: data, reference: reference, runs: 1, resampleSize: 300, seed: 1,
                                               sampleBudget: budget))
        XCTAssertEqual(told.resampleSize, 300)
    }
}
