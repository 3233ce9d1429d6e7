import ClusterKit
import Foundation
import XCTest
@testable import ClusterViewUI

/// `B` (auto β) through the runtime the terminal uses, every job held by a `HeldExecutor`: the
/// search for a state arrives late, out of order, after cancellation (Esc, a typed β, a step);
/// whatever the timing, β ends as the auto β of the state on screen, or as typed.
final class AutoBetaTests: XCTestCase {
    private func runtime(_ settings: ModelSettings, file: String = "iris.csv") throws -> (ExplorerRuntime, HeldExecutor) {
        try heldRuntime(file, settings: settings, bootstrapRuns: 3)
    }

    private func keys(_ runtime: ExplorerRuntime, _ tokens: String) throws { try runtime.keys(tokens) }

    private func settle(_ runtime: ExplorerRuntime, _ executor: HeldExecutor, reversed: Bool = false) {
        runtime.settle(executor, reversed: reversed)
    }

    private func isAutoBeta(_ e: Effect) -> Bool { e.starts(AutoBetaJob.self) }

    /// The auto β of the state on screen, computed directly.
    private func expected(_ state: AppState) throws -> Double {
        try XCTUnwrap(state.context.autoBeta(on: state.data.matrix)).beta
    }

    // GMM: its own mixture is there at once, so B starts the search at once; the status line
    // says `beta=… auto` once it lands.
    func testGMMSearchStartsAtOnceAndTheStatusLineSaysAuto() throws {
        let (rt, ex) = try runtime(ModelSettings(method: .gmm, initMethod: .rows([0, 50, 100])))
        settle(rt, ex)
        try keys(rt, "B")
        XCTAssertTrue(rt.state.autoBetaSearching)
        XCTAssertTrue(ex.runFirst(where: isAutoBeta))
        rt.drain()
        XCTAssertFalse(rt.state.autoBetaSearching)
        XCTAssertEqual(rt.state.settings.beta, try expected(rt.state))
        XCTAssertEqual(rt.state.context.beta, rt.state.settings.beta, "the softmax rule uses it")
        XCTAssertTrue(rt.state.betaIsAutoForState)
        let status = render(rt.state, theme: monochromeTheme).plainText.split(separator: "\n")[0]
        XCTAssertTrue(status.contains("beta=\(NumberFormat.beta(rt.state.settings.beta)) auto"), String(status))
        XCTAssertNotEqual(rt.state.settings.beta, 1)
    }

    // k-means: the gmm rule's mixture comes with the extras, so the search waits for them; each
    // step gets its own β. Delivered newest first, the stale searches change nothing.
    func testKMeansWaitsForTheExtrasAndFollowsEachStepOutOfOrder() throws {
        let (rt, ex) = try runtime(ModelSettings(initMethod: .rows([0, 59, 130])), file: "wine.csv")
        try keys(rt, "B")
        XCTAssertFalse(rt.state.autoBetaSearching, "no mixture yet: nothing to match")
        settle(rt, ex)
        XCTAssertTrue(rt.state.betaIsAutoForState)
        let first = rt.state.settings.beta
        XCTAssertEqual(first, try expected(rt.state))
        try keys(rt, "n n n")
        settle(rt, ex, reversed: true)
        XCTAssertEqual(rt.state.model.iteration, 3)
        XCTAssertTrue(rt.state.betaIsAutoForState)
        XCTAssertEqual(rt.state.settings.beta, try expected(rt.state), "the β of iteration 3, not of an earlier one")
        try keys(rt, "b")
        settle(rt, ex)
        XCTAssertEqual(rt.state.model.iteration, 2)
        XCTAssertEqual(rt.state.settings.beta, try expected(rt.state), "moving back finds that state's β")
        XCTAssertEqual(rt.runningJobs, [])
    }

    // A search cancelled by a step: its result, run late, posts nothing; the new state's wins.
    func testASearchForAStateLeftBehindIsDropped() throws {
        let (rt, ex) = try runtime(ModelSettings(method: .gmm, initMethod: .rows([0, 50, 100])))
        settle(rt, ex)
        try keys(rt, "B")
        let stale = try XCTUnwrap(ex.jobs.last)
        try keys(rt, "n")
        XCTAssertTrue(ex.runFirst { $0.starts(StepsJob.self) })
        rt.drain()
        XCTAssertEqual(rt.state.model.iteration, 1)
        ex.run(job: stale)
        rt.drain()
        XCTAssertFalse(rt.state.betaIsAutoForState, "iteration 0's β was not applied to iteration 1")
        settle(rt, ex)
        XCTAssertEqual(rt.state.settings.beta, try expected(rt.state))
        XCTAssertTrue(rt.state.betaIsAutoForState)
    }

    // Esc cancels a search in flight and turns auto off; its late result changes nothing. A typed
    // β turns auto off too. Soft k-means says why B does nothing.
    func testEscapeAndATypedBetaEndAutoAndSoftKMeansIsRefused() throws {
        var (rt, ex) = try runtime(ModelSettings(method: .gmm, initMethod: .rows([0, 50, 100])))
        settle(rt, ex)
        try keys(rt, "B")
        let job = try XCTUnwrap(ex.jobs.last)
        XCTAssertTrue(ex.run(job: job), "the result is in the inbox, not yet applied")
        try keys(rt, "Esc")
        XCTAssertEqual(rt.state.message, "auto beta cancelled (beta stays 1)")
        settle(rt, ex)
        XCTAssertEqual(rt.state.settings.beta, 1)
        XCTAssertFalse(rt.state.betaAuto)
        XCTAssertEqual(rt.runningJobs, [])

        try keys(rt, "B")
        settle(rt, ex)
        let auto = rt.state.settings.beta
        try keys(rt, "]")
        XCTAssertEqual(rt.state.settings.beta, auto * 1.5, accuracy: 1e-12 * auto)
        XCTAssertFalse(rt.state.betaAuto)
        try keys(rt, "n")
        settle(rt, ex)
        XCTAssertEqual(rt.state.settings.beta, auto * 1.5, accuracy: 1e-12 * auto, "auto stays off after a typed β")

        (rt, ex) = try runtime(ModelSettings(method: .soft))
        settle(rt, ex)
        try keys(rt, "B")
        XCTAssertEqual(rt.state.message, "auto beta is for k-means and GMM: soft k-means' beta shapes the fit itself")
        XCTAssertFalse(rt.state.betaAuto)
        XCTAssertTrue(ex.jobs.isEmpty)
    }

    // Raw wine: distances in the hundreds, softmax one-hot at β = 1 for almost every row; the
    // panel says so in one line and suggests B. Not on iris (softmax is soft there), nor once
    // auto has picked a β.
    func testOneHotNoteAppearsOnlyWhereSoftmaxSaysNothing() throws {
        var wine = try explorer("wine.csv")
        XCTAssertEqual(wine.state.oneHotNote, "softmax one-hot on 99% of rows: B auto beta")
        XCTAssertTrue(render(wine.state, theme: monochromeTheme).plainText.contains("softmax one-hot on 99% of rows: B auto beta"))
        try wine.keys("B")
        XCTAssertTrue(wine.state.betaIsAutoForState)
        XCTAssertNil(wine.state.oneHotNote)
        XCTAssertFalse(render(wine.state, theme: monochromeTheme).plainText.contains("one-hot"))
        let iris = try explorer("iris.csv")
        XCTAssertNil(iris.state.oneHotNote)
        let share = iris.state.softmaxOneHotShare()
        XCTAssertEqual(share.examined, 150)
        XCTAssertLessThan(Double(share.count), 0.99 * 150)
    }
}
