import XCTest
@testable import ClusterKit

/// `ClusterModel.fitted`, what `fit`, `features` and `sweep` run: with `--n-init N` every
/// initialisation is stepped exactly once (the winner is not run a second time from its initial
/// state), each step is shown to the caller, and a stop returns nil.
final class FittedModelTests: XCTestCase {
    private func irisMatrix() throws -> Matrix {
        let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/iris.csv")))
        return PreparedData(try Dataset.load(csv: bytes, source: "iris.csv"), standardize: true).matrix
    }

    func testEveryInitialisationIsSteppedOnceAndTheBestIsKept() throws {
        let data = try irisMatrix()
        for method in [ClusteringMethod.kmeans, .gmm, .soft] {
            var settings = ModelSettings(method: method, k: 3, seed: 7)
            settings.nInit = 4
            // The runs' own lengths, drawn from the same stream as `best` draws them.
            var random = NumPyRandomState(seed: settings.seed)
            var expectedSteps = 0
            for _ in 0..<settings.nInit {
                let start = try MultipleInitialisations.initialState(data, settings, random: &random, shouldContinue: { true })
                expectedSteps += try start.run().iteration
            }
            var steps = 0
            let fitted = try XCTUnwrap(try ClusterModel.fitted(data, settings) { _ in steps += 1; return true })
            XCTAssertEqual(steps, expectedSteps, "\(method): each run stepped once, none twice")
            XCTAssertEqual(fitted, try MultipleInitialisations.best(data, settings, count: settings.nInit).final, "\(method)")
        }
    }

    func testOneInitialisationIsTheInitialStateRunToTheEnd() throws {
        let data = try irisMatrix()
        let settings = ModelSettings(method: .kmeans, k: 3, seed: 1)
        var steps = 0
        let fitted = try XCTUnwrap(try ClusterModel.fitted(data, settings) { _ in steps += 1; return true })
        XCTAssertEqual(fitted, try ClusterModel.initial(data, settings).run())
        XCTAssertEqual(steps, fitted.iteration)
    }

    func testAStopReturnsNil() throws {
        let data = try irisMatrix()
        for nInit in [1, 3] {
            var settings = ModelSettings(method: .kmeans, k: 3, seed: 2)
            settings.nInit = nInit
            var steps = 0
            let stopped = try ClusterModel.fitted(data, settings) { _ in steps += 1; return steps < 2 }
            XCTAssertNil(stopped, "n-init \(nInit)")
            XCTAssertEqual(steps, 2, "n-init \(nInit): asked once more, then stopped")
        }
    }
}
