import ClusterKit
import Foundation
import XCTest
@testable import ClusterViewUI

/// A job kind declared here and nowhere else: it counts to `target`, reporting each number, and
/// its result, failure and Esc land in the status line. Nothing in ClusterViewUI names it.
private struct CountJob: BackgroundJob {
    let target: Int

    /// Esc cancels it before any of the explorer's own jobs (theirs start at 1).
    static var escapePriority: Int? { 0 }

    func run(progress: (Int) -> Void, isCancelled: () -> Bool) throws -> Int? {
        if target < 0 { throw JobFailure("cannot count to \(target)") }
        for n in 1...max(1, target) {
            if isCancelled() { return nil }
            progress(n)
        }
        return target
    }

    func finished(_ count: Int, in state: inout AppState) -> [Effect] {
        state.message = "counted to \(count)"
        return []
    }

    func failed(_ reason: String, in state: inout AppState) -> [Effect] {
        state.message = "count failed: \(reason)"
        return []
    }
}

/// A second kind sharing `CountJob`'s slot: starting one replaces the other.
private struct ShoutJob: BackgroundJob {
    let word: String
    static var slot: JobSlot { CountJob.slot }

    func run(progress: (Never) -> Void, isCancelled: () -> Bool) -> String? { word.uppercased() }

    func finished(_ loud: String, in state: inout AppState) -> [Effect] {
        state.message = loud
        return []
    }
}

/// Context work declared here: the terminal holds it until the screen is drawn.
private struct TallyJob: BackgroundJob {
    let rows: Int
    static var isContextWork: Bool { true }

    func run(progress: (Never) -> Void, isCancelled: () -> Bool) -> Int? { rows }

    func finished(_ rows: Int, in state: inout AppState) -> [Effect] {
        state.message = "tallied \(rows) rows"
        return []
    }
}

/// A new job kind needs only its declaration: it runs through the runtime the terminal uses
/// (`ExplorerRuntime`, here with a `HeldExecutor`), and its reports are applied only while it
/// holds its slot, whatever order they are delivered in.
final class BackgroundJobTests: XCTestCase {
    /// The explorer on iris with its own first jobs (extras, bootstrap) finished.
    private func quietRuntime() throws -> (ExplorerRuntime, HeldExecutor) {
        let (rt, ex) = try heldRuntime(bootstrapRuns: 3)
        rt.settle(ex)
        XCTAssertEqual(rt.runningJobs, [])
        return (rt, ex)
    }

    func testANewKindRunsReportsProgressAndFinishes() throws {
        let (rt, ex) = try quietRuntime()
        rt.start(CountJob(target: 4))
        let number = try XCTUnwrap(ex.jobs.first)
        XCTAssertEqual(ex.jobs, [number])
        XCTAssertTrue(rt.state.isRunning(CountJob.self))
        XCTAssertNil(rt.state.jobProgress(CountJob.self), "no progress before the first report")
        rt.apply(.jobProgress(job: number, 2))
        XCTAssertEqual(rt.state.jobProgress(CountJob.self), 2, "progress is kept in the slot")
        rt.settle(ex)
        XCTAssertEqual(rt.state.message, "counted to 4")
        XCTAssertFalse(rt.state.isRunning(CountJob.self))
        XCTAssertNil(rt.state.jobProgress(CountJob.self))
        XCTAssertEqual(rt.runningJobs, [], "its token is released")
        // Delivered again, late: the job no longer holds its slot, so nothing changes.
        rt.apply(.jobFinished(job: number, 99))
        XCTAssertEqual(rt.state.message, "counted to 4")
    }

    func testAReplacedJobDeliveredOutOfOrderChangesNothing() throws {
        let (rt, ex) = try quietRuntime()
        rt.start(CountJob(target: 3))
        let first = try XCTUnwrap(ex.jobs.last)
        rt.start(ShoutJob(word: "done"))
        let second = try XCTUnwrap(ex.jobs.last)
        XCTAssertNotEqual(first, second)
        XCTAssertFalse(rt.state.isRunning(CountJob.self), "the shared slot holds the newer kind")
        XCTAssertTrue(rt.state.isRunning(ShoutJob.self))
        rt.settle(ex, reversed: true)
        XCTAssertEqual(rt.state.message, "DONE")
        XCTAssertEqual(rt.runningJobs, [])
        // The replaced job's result, had it been posted before it was cancelled, arrives last.
        rt.apply(.jobFinished(job: first, 3))
        XCTAssertEqual(rt.state.message, "DONE")
    }

    func testEscCancelsItAndItsWorkNeverReports() throws {
        let (rt, ex) = try quietRuntime()
        rt.start(CountJob(target: 5))
        let number = try XCTUnwrap(ex.jobs.last)
        rt.apply(.escape)
        XCTAssertEqual(rt.state.message, "cancelled")
        XCTAssertFalse(rt.state.isRunning(CountJob.self))
        // Run after its cancellation: the work sees the cancelled token and posts nothing.
        XCTAssertTrue(ex.run(job: number))
        XCTAssertFalse(rt.drain(), "nothing posted by a cancelled job")
        XCTAssertEqual(rt.state.message, "cancelled")
        XCTAssertEqual(rt.runningJobs, [])
    }

    /// Declared context work waits for `startDeferred()`; replaced while it waits, it never runs.
    func testContextWorkWaitsForTheScreenAndAReplacedOneNeverStarts() throws {
        let (rt, ex) = try quietRuntime()
        rt.defersContextWork = true
        rt.start(TallyJob(rows: 1))
        rt.start(TallyJob(rows: 2))
        XCTAssertEqual(ex.jobs, [], "held until the screen is drawn")
        rt.startDeferred()
        XCTAssertEqual(ex.jobs.count, 1, "the replaced one was dropped before it started")
        rt.settle(ex)
        XCTAssertEqual(rt.state.message, "tallied 2 rows")
        XCTAssertEqual(rt.runningJobs, [])
    }

    func testAThrownErrorIsItsFailure() throws {
        let (rt, ex) = try quietRuntime()
        rt.start(CountJob(target: -2))
        rt.settle(ex)
        XCTAssertEqual(rt.state.message, "count failed: cannot count to -2")
        XCTAssertFalse(rt.state.isRunning(CountJob.self))
        XCTAssertEqual(rt.runningJobs, [])
    }

    /// The explorer's own kinds keep their Esc order behind it: with a count and the bootstrap
    /// running, Esc cancels the count first, then the bootstrap.
    func testEscTakesTheLowestPriorityFirst() throws {
        let (rt, ex) = try heldRuntime(bootstrapRuns: 3)
        ex.runFirst { $0.starts(ExtrasJob.self) }
        rt.drain()
        XCTAssertNotNil(rt.state.bootstrapDone, "the bootstrap still runs")
        rt.start(CountJob(target: 2))
        rt.apply(.escape)
        XCTAssertEqual(rt.state.message, "cancelled")
        XCTAssertNotNil(rt.state.bootstrapDone)
        rt.apply(.escape)
        XCTAssertEqual(rt.state.message, "bootstrap cancelled")
        XCTAssertNil(rt.state.bootstrapDone)
        rt.settle(ex)
        XCTAssertEqual(rt.runningJobs, [])
    }
}
