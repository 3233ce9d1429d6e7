import ClusterKit
import Foundation
import XCTest
@testable import ClusterViewUI

/// The runtime the terminal uses, with every job held by a `HeldExecutor` so the tests decide
/// when each result arrives: late (after more keys), out of order, or after its job was
/// cancelled. Whatever the timing, the state ends as if every key had been typed slowly.
final class ExplorerRuntimeTests: XCTestCase {
    private func runtime(_ settings: ModelSettings = ModelSettings(), standardize: Bool = false) throws -> (ExplorerRuntime, HeldExecutor) {
        try heldRuntime(settings: settings, standardize: standardize, bootstrapRuns: 5)
    }

    private func keys(_ runtime: ExplorerRuntime, _ tokens: String) throws { try runtime.keys(tokens) }

    private func settle(_ runtime: ExplorerRuntime, _ executor: HeldExecutor, reversed: Bool = false) {
        runtime.settle(executor, reversed: reversed)
    }

    private func isRefit(_ e: Effect) -> Bool { e.starts(RefitJob.self) }
    private func isSteps(_ e: Effect) -> Bool { e.starts(StepsJob.self) }

    // Five `]` in soft k-means while the first refit runs: each builds on the pending beta.
    // Results delivered newest first: only the last refit's result is accepted.
    func testBetaBurstDeliveredOutOfOrderEndsAtTheLastBeta() throws {
        let (rt, ex) = try runtime(ModelSettings(method: .soft))
        try keys(rt, "] ] ] ] ]")
        XCTAssertEqual(rt.state.pendingSettings?.beta ?? 0, pow(1.5, 5), accuracy: 1e-12)
        XCTAssertEqual(rt.state.settings.beta, 1, "committed settings change only when the refit arrives")
        settle(rt, ex, reversed: true)
        XCTAssertEqual(rt.state.settings.beta, pow(1.5, 5), accuracy: 1e-12)
        XCTAssertEqual(rt.state.model.method, .soft)
        XCTAssertNil(rt.state.busy)
        XCTAssertNil(rt.state.pendingSettings)
        XCTAssertEqual(rt.runningJobs, [], "every finished job's token is released")
    }

    // Settings keys in a burst compose: m m → GMM, + + → k = 5, c c → diag, z z → back to raw.
    func testSettingsBurstsCompose() throws {
        var (rt, ex) = try runtime()
        try keys(rt, "m m")
        settle(rt, ex)
        XCTAssertEqual(rt.state.settings.method, .gmm)

        (rt, ex) = try runtime()
        try keys(rt, "+ +")
        settle(rt, ex)
        XCTAssertEqual(rt.state.model.k, 5)

        (rt, ex) = try runtime(ModelSettings(method: .gmm))
        try keys(rt, "c c")
        settle(rt, ex)
        XCTAssertEqual(rt.state.settings.covarianceType, .diag)

        (rt, ex) = try runtime(standardize: true)
        try keys(rt, "z z")
        XCTAssertEqual(rt.state.pendingStandardized, true)
        settle(rt, ex)
        XCTAssertTrue(rt.state.data.standardized)
        try keys(rt, "z")
        settle(rt, ex)
        XCTAssertFalse(rt.state.data.standardized)
    }

    // A result posted before its job was cancelled, but drained after: the state rejects it.
    func testResultArrivingAfterCancellationIsIgnored() throws {
        let (rt, ex) = try runtime()
        settle(rt, ex)
        try keys(rt, "n")
        let step = try XCTUnwrap(rt.state.busy?.job)
        XCTAssertTrue(ex.run(job: step), "the step's result is now in the inbox, not yet applied")
        try keys(rt, "+")                       // cancels the step and starts a refit
        XCTAssertTrue(ex.runFirst(where: isRefit))
        rt.drain()                              // the late step result, then the refit
        XCTAssertEqual(rt.state.model.k, 4)
        XCTAssertEqual(rt.state.model.iteration, 0, "the cancelled step did not land on the new model")
        settle(rt, ex)
        XCTAssertEqual(rt.runningJobs, [])
    }

    // n typed while a step computes queues; b typed after it is honoured after the step lands.
    func testStepsQueueAndBackIsHonouredInOrder() throws {
        let (rt, ex) = try runtime()
        settle(rt, ex)
        try keys(rt, "n n n")
        XCTAssertEqual(rt.state.queuedMoves, [.forward, .forward])
        settle(rt, ex)
        XCTAssertEqual(rt.state.model.iteration, 3)
        try keys(rt, "n b b")
        settle(rt, ex)
        XCTAssertEqual(rt.state.model.iteration, 2, "n then b b: forward one, back two")
        XCTAssertEqual(rt.state.history.count, 5)
    }

    // Steps queued before a refit are dropped; steps typed after it run on the new model.
    func testRefitDropsQueuedStepsButKeepsLaterOnes() throws {
        let (rt, ex) = try runtime(ModelSettings(method: .soft))
        settle(rt, ex)
        try keys(rt, "n n n ] n n")
        XCTAssertEqual(rt.state.queuedMoves, [.forward, .forward])
        settle(rt, ex)
        XCTAssertEqual(rt.state.settings.beta, 1.5)
        XCTAssertEqual(rt.state.model.iteration, 2)
    }

    // r during a run is not an error; n during it queues; Esc cancels and releases the token.
    func testRunToConvergenceAndEscape() throws {
        let (rt, ex) = try runtime()
        settle(rt, ex)
        try keys(rt, "r r")
        XCTAssertEqual(rt.state.message, "already running to convergence (Esc cancels)")
        try keys(rt, "Esc")
        XCTAssertNil(rt.state.busy)
        XCTAssertEqual(rt.state.message, "cancelled running to convergence")
        settle(rt, ex)                          // the cancelled job runs late: nothing happens
        XCTAssertEqual(rt.state.model.iteration, 0)
        XCTAssertEqual(rt.runningJobs, [])
        try keys(rt, "+ r")
        settle(rt, ex)
        XCTAssertEqual(rt.state.model.k, 4)
        XCTAssertTrue(rt.state.model.converged, "+ r: the run waits for the refit, then runs")
    }

    // Esc during a refit drops the pending settings: the next key builds on the model's own.
    func testEscapeDuringARefitForgetsThePendingSettings() throws {
        let (rt, ex) = try runtime()
        settle(rt, ex)
        try keys(rt, "+ + Esc +")
        settle(rt, ex)
        XCTAssertEqual(rt.state.model.k, 4)
    }

    // Context work (extras, bootstrap) for a state the user has left is cancelled; a late
    // result of it changes nothing, and the current state's arrives and is used.
    func testLateContextResultsAreRejected() throws {
        let (rt, ex) = try runtime()
        XCTAssertFalse(rt.state.context.hasExtras)
        let firstContextJobs = ex.jobs
        XCTAssertEqual(firstContextJobs.count, 2, "extras and bootstrap of iteration 0")
        try keys(rt, "n")
        XCTAssertTrue(ex.runFirst(where: isSteps))
        rt.drain()
        XCTAssertEqual(rt.state.model.iteration, 1)
        for job in firstContextJobs { ex.run(job: job) }   // cancelled: they post nothing
        rt.drain()
        XCTAssertFalse(rt.state.context.hasExtras)
        XCTAssertNil(rt.state.bootstrap)
        settle(rt, ex)
        XCTAssertTrue(rt.state.context.hasExtras)
        XCTAssertNotNil(rt.state.values(.gmm, for: rt.state.selectedPoint))
        XCTAssertNotNil(rt.state.values(.bootstrap, for: rt.state.selectedPoint))
        XCTAssertEqual(rt.runningJobs, [])
    }

    // Beta outside soft k-means applies at once, and to a refit still running.
    func testBetaDuringARefitOutsideSoftKMeansIsKept() throws {
        let (rt, ex) = try runtime()
        settle(rt, ex)
        try keys(rt, "+ ]")
        XCTAssertEqual(rt.state.settings.beta, 1.5, "no refit needed: the softmax rule updates at once")
        settle(rt, ex)
        XCTAssertEqual(rt.state.model.k, 4)
        XCTAssertEqual(rt.state.settings.beta, 1.5)
        XCTAssertEqual(rt.state.context.beta, 1.5)
    }

    // A failing refit (k above the rows) reports, and leaves no pending settings behind.
    func testFailedJobClearsThePendingSettings() throws {
        let (rt, ex) = try runtime()
        settle(rt, ex)
        rt.apply(.jobFailed(job: 999, "not ours"))
        XCTAssertNotEqual(rt.state.message, "not ours")
        try keys(rt, "+")
        let job = try XCTUnwrap(rt.state.busy?.job)
        rt.apply(.jobFailed(job: job, "boom"))
        XCTAssertNil(rt.state.busy)
        XCTAssertNil(rt.state.pendingSettings)
        XCTAssertEqual(rt.state.message, "boom")
        settle(rt, ex)
        XCTAssertEqual(rt.state.model.k, 3)
    }

    // Headless sessions run the same runtime: a burst there ends where the terminal's does.
    func testHeadlessSessionAgreesWithTheRuntime() throws {
        var s = try explorer(settings: ModelSettings(method: .soft))
        try s.keys("] ] ] ] ] n n")
        XCTAssertEqual(s.state.settings.beta, pow(1.5, 5), accuracy: 1e-12)
        XCTAssertEqual(s.state.model.iteration, 2)
    }

    // In the terminal, context work waits for the screen: it starts at `startDeferred()`, and
    // work cancelled before then never starts.
    func testContextWorkWaitsForTheScreen() throws {
        let bytes = try [UInt8](Data(contentsOf: explorerRepositoryRoot.appendingPathComponent("datasets/iris.csv")))
        let state = try AppState(dataset: try Dataset.load(csv: bytes, source: "iris.csv"), fileName: "iris.csv",
                                 standardize: false, settings: ModelSettings(), bootstrapRuns: 5)
        let ex = HeldExecutor()
        let rt = ExplorerRuntime(state: state, executor: ex)
        rt.defersContextWork = true
        rt.start()
        XCTAssertEqual(ex.jobs, [], "nothing starts before the first screen")
        try keys(rt, "n")                       // cancels iteration 0's context work
        XCTAssertEqual(ex.jobs.count, 1, "only the step")
        rt.startDeferred()
        XCTAssertEqual(ex.jobs.count, 1, "the cancelled context work never starts")
        settle(rt, ex)
        XCTAssertEqual(rt.state.model.iteration, 1)
        XCTAssertFalse(rt.state.context.hasExtras)
        rt.startDeferred()
        XCTAssertEqual(ex.jobs.count, 2, "iteration 1's extras and bootstrap")
        settle(rt, ex)
        XCTAssertTrue(rt.state.context.hasExtras)
        XCTAssertNotNil(rt.state.bootstrap)
    }
}
