import ClusterKit
import Foundation
import XCTest
@testable import ClusterViewUI

/// `E` while the bootstrap runs waits for it, with progress and Esc, instead of writing empty
/// bootstrap columns (issue 10).
final class ExportWaitTests: XCTestCase {
    private func startedState() throws -> (AppState, bootstrapJob: Int, Bootstrap) {
        let bytes = try [UInt8](Data(contentsOf: explorerRepositoryRoot.appendingPathComponent("datasets/iris.csv")))
        var state = try AppState(dataset: try Dataset.load(csv: bytes, source: "iris.csv"), fileName: "iris.csv",
                                 standardize: false, settings: ModelSettings(), bootstrapRuns: 20)
        let effects = state.initialEffects()
        let job = try XCTUnwrap(effects.lazy.compactMap { effect -> Int? in
            if case .start(let job, let work) = effect, work is BootstrapJob { return job } else { return nil }
        }.first, "the initial state starts a bootstrap")
        let result = try XCTUnwrap(Bootstrap.run(data: state.data.matrix, reference: state.model.centroids, runs: 5, seed: 1))
        return (state, job, result)
    }

    func testExportWaitsForTheBootstrapThenWritesItsColumns() throws {
        var (state, job, result) = try startedState()
        XCTAssertTrue(state.update(.exportMemberships).isEmpty, "no export while the bootstrap runs")
        XCTAssertTrue(state.exportWaitsForBootstrap)
        XCTAssertEqual(state.message?.hasPrefix("E waits for the bootstrap"), true, state.message ?? "")
        _ = state.update(.jobProgress(job: job, 3))
        let status = render(state, theme: colourTheme).plainText.components(separatedBy: "\n")[0]
        XCTAssertTrue(status.contains("E waits for bootstrap 3/20"), status)
        let effects = state.update(.jobFinished(job: job, result))
        guard case .exportMemberships(_, let data, let model, let settings, let bootstrap)? = effects.first else {
            return XCTFail("export after the bootstrap: \(effects)")
        }
        let report = FitReport(data: data, model: model, settings: settings, bootstrap: bootstrap)
        XCTAssertNotNil(report.context.values(.bootstrap, for: state.data.matrix.row(0)), "the export has bootstrap values")
        XCTAssertFalse(state.exportWaitsForBootstrap)
    }

    func testEscStopsWaitingAndNothingIsWritten() throws {
        var (state, job, result) = try startedState()
        _ = state.update(.exportMemberships)
        XCTAssertTrue(state.update(.escape).isEmpty)
        XCTAssertFalse(state.exportWaitsForBootstrap)
        XCTAssertEqual(state.message, "E cancelled: no file written (the bootstrap goes on)")
        XCTAssertTrue(state.update(.jobFinished(job: job, result)).isEmpty, "no late export")
    }
}

/// `--n-init` in the explorer: it starts from the winning run's iteration 0, says so, and `r`
/// ends where that run ends.
final class ExplorerMultipleInitialisationTests: XCTestCase {
    func testExplorerStartsFromTheBestRun() throws {
        var settings = ModelSettings(k: 5)
        settings.nInit = 10
        var s = try explorer("wine.csv", settings: settings)
        let best = try MultipleInitialisations.best(s.state.data.matrix, settings, count: 10)
        XCTAssertEqual(s.state.model.centroids, best.initial.centroids)
        XCTAssertTrue(render(s.state, theme: colourTheme).plainText.contains("best of 10 inits"))
        try s.keys("r")
        XCTAssertEqual(s.state.model.inertia, best.final.inertia)
        XCTAssertEqual(s.state.model.iteration, best.final.iteration)
    }
}

/// The same through the runtime the terminal uses, with the bootstrap held until after `E`.
final class ExportWaitRuntimeTests: XCTestCase {
    func testRuntimeExportsOnceTheHeldBootstrapArrives() throws {
        let bytes = try [UInt8](Data(contentsOf: explorerRepositoryRoot.appendingPathComponent("datasets/iris.csv")))
        let state = try AppState(dataset: try Dataset.load(csv: bytes, source: "iris.csv"), fileName: "iris.csv",
                                 standardize: false, settings: ModelSettings(), bootstrapRuns: 5)
        let executor = HeldExecutor()
        var exports: [Effect] = []
        let runtime = ExplorerRuntime(state: state, executor: executor, performIO: { effect, _, _ in exports.append(effect) })
        runtime.start()
        runtime.send(.key(.character("E")))
        XCTAssertTrue(exports.isEmpty)
        XCTAssertTrue(runtime.state.exportWaitsForBootstrap)
        while let job = executor.jobs.first {
            executor.run(job: job)
            runtime.drain()
        }
        runtime.drain()
        XCTAssertEqual(exports.count, 1, "one export once the bootstrap is in")
        guard case .exportMemberships(_, let data, let model, let settings, let bootstrap)? = exports.first else {
            return XCTFail("\(exports)")
        }
        let report = FitReport(data: data, model: model, settings: settings, bootstrap: bootstrap)
        XCTAssertNotNil(report.context.values(.bootstrap, for: runtime.state.data.matrix.row(0)))
    }
}
