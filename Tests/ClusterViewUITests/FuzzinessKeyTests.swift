import ClusterKit
import Foundation
import XCTest
@testable import ClusterViewUI

/// The fuzziness m turned live by `}` and `{`, as β is by `]` and `[`.
final class FuzzinessKeyTests: XCTestCase {
    private func statusLine(_ state: AppState) -> String {
        render(state, theme: colourTheme).plainText.components(separatedBy: "\n")[0]
    }

    // `}` and `{` scale m − 1 by 1.5: 2 → 2.5 → 3.25, and 2 → 1 + 1/1.5. No refit: the model,
    // its history and every other rule stay; each history entry's fuzzy rule takes the new m.
    func testKeysScaleMMinusOneWithoutARefit() throws {
        var s = try explorer()
        try s.keys("n n")
        let model = s.state.model, generation = s.state.historyGeneration, point = s.state.selectedPoint
        let before = s.state.memberships(for: point)
        try s.keys("}")
        XCTAssertEqual(s.state.settings.fuzziness, 2.5, accuracy: 1e-12)
        try s.keys("}")
        XCTAssertEqual(s.state.settings.fuzziness, 3.25, accuracy: 1e-12)
        XCTAssertNil(s.state.busy)
        XCTAssertEqual(s.state.model, model)
        XCTAssertEqual(s.state.historyGeneration, generation, "no refit: the history stays")
        XCTAssertEqual(s.state.history.map(\.context.fuzziness), [3.25, 3.25, 3.25])
        let after = s.state.memberships(for: point)
        for i in before.indices { XCTAssertEqual(before[i].values, after[i].values, "\(before[i].rule) unchanged") }
        try s.keys("{ { {")
        XCTAssertEqual(s.state.settings.fuzziness, 1 + 1 / 1.5, accuracy: 1e-12)
        XCTAssertEqual(s.state.context.fuzziness, s.state.settings.fuzziness)
        XCTAssertEqual(s.state.settings.beta, 1, "β is not m")
    }

    // The fuzzy rule's values on screen (the `v` comparison) change with m and are those of a
    // MembershipContext built afresh at the new m.
    func testTheFuzzyRuleFollowsM() throws {
        var s = try explorer()
        try s.keys("r Tab Tab v")
        let point = s.state.focusPoint
        let atTwo = try XCTUnwrap(s.state.values(.fuzzy, for: point))
        try s.keys("{ {")
        let m = s.state.settings.fuzziness
        XCTAssertEqual(m, 1 + 1 / 2.25, accuracy: 1e-12)
        var fresh = s.state.settings
        fresh.fuzziness = m
        let expected = try XCTUnwrap(MembershipContext(data: s.state.data, model: s.state.model, settings: fresh).values(.fuzzy, for: point))
        let shown = try XCTUnwrap(s.state.values(.fuzzy, for: point))
        XCTAssertEqual(shown, expected)
        XCTAssertNotEqual(shown, atTwo, "m moved the fuzzy rule")
        XCTAssertEqual(shown, MembershipFormulas.fuzzy(distances: s.state.context.distances(of: point), fuzziness: m))
        // The overlay's fuzzy line shows those numbers, cluster by cluster.
        let screen = render(s.state, theme: colourTheme).plainText
        let line = try XCTUnwrap(screen.components(separatedBy: "\n").first { $0.contains("│ fuzzy ") }, screen)
        // Inside the box only: the plot and panel around it have numbers of their own.
        let inside = line.components(separatedBy: "│ fuzzy ")[1].prefix { $0 != "│" }
        let numbers = inside.split(separator: " ").map { String($0.prefix(5)) }   // each value, then its bar
        XCTAssertEqual(numbers, expected.map(NumberFormat.probability), line)
    }

    // The keys keep m within 1.01…101, say so at the ends, and never move m against the key.
    func testClampAtBothEnds() throws {
        var s = try explorer()
        try s.keys(Array(repeating: "{", count: 12).joined(separator: " "))
        XCTAssertEqual(s.state.settings.fuzziness, 1.01)
        try s.keys("{")
        XCTAssertEqual(s.state.settings.fuzziness, 1.01)
        XCTAssertEqual(s.state.message, "m stays 1.01 (the keys keep m within 1.01…101)")
        try s.keys("}")
        XCTAssertEqual(s.state.settings.fuzziness, 1.015, accuracy: 1e-12)
        try s.keys(Array(repeating: "}", count: 25).joined(separator: " "))
        XCTAssertEqual(s.state.settings.fuzziness, 101)
        XCTAssertEqual(s.state.context.fuzziness, 101)
        // A --fuzziness below the keys' range: `{` keeps it, `}` moves it up by a step, not to 1.01.
        var low = try explorer(settings: ModelSettings(fuzziness: 1.001))
        try low.keys("{")
        XCTAssertEqual(low.state.settings.fuzziness, 1.001)
        try low.keys("}")
        XCTAssertEqual(low.state.settings.fuzziness, 1.0015, accuracy: 1e-12)
    }

    // m is on the status line while the fuzzy rule is (the `v` comparison); elsewhere the key's
    // message says what it did.
    func testStatusLineShowsMWhereTheFuzzyRuleIs() throws {
        var s = try explorer()
        XCTAssertFalse(statusLine(s.state).contains("m="), statusLine(s.state))
        try s.keys("}")
        XCTAssertFalse(statusLine(s.state).contains("m="), statusLine(s.state))
        XCTAssertEqual(s.state.message, "m=2.5 for the fuzzy rule (v compares every rule)")
        try s.keys("v")
        XCTAssertTrue(statusLine(s.state).contains("  beta=1  m=2.5  iter 0"), statusLine(s.state))
        try s.keys("{ {")
        XCTAssertTrue(statusLine(s.state).contains("  m=1.667  "), statusLine(s.state))
        XCTAssertNil(s.state.message, "no message while the status line shows m")
        try s.keys("v")
        XCTAssertFalse(statusLine(s.state).contains("m="), statusLine(s.state))
    }

    // For every method and live parameter: its key refits exactly when the method's fit reads
    // the parameter (β in soft k-means; m in fuzzy c-means once it lists it), and the new value
    // is in the settings and the rule's context either way.
    func testAKeyRefitsExactlyWhenTheFitReadsItsParameter() throws {
        for method in ClusteringMethod.allCases {
            for (parameter, key, expected) in [(LiveParameter.beta, "]", 1.5), (.fuzziness, "}", 2.5)] {
                let label = "\(method) \(parameter)"
                var s = try explorer(settings: ModelSettings(method: method))
                try s.keys("n")
                let generation = s.state.historyGeneration
                try s.keys(key)
                let state = s.state
                XCTAssertEqual(state.historyGeneration, generation + (method.fitReads(parameter) ? 1 : 0), label)
                XCTAssertEqual(state.model.iteration, method.fitReads(parameter) ? 0 : 1, label)
                XCTAssertEqual(state.settings[keyPath: parameter.setting], expected, accuracy: 1e-12, label)
                XCTAssertEqual(state.context[keyPath: parameter.context], expected, accuracy: 1e-12, label)
            }
        }
    }

    // No method's fit reads m yet (fuzzy c-means will): in soft k-means, whose fit reads β,
    // m still only changes the rule, while β refits.
    func testMRefitsFuzzyCMeansOnly() throws {
        XCTAssertEqual(ClusteringMethod.allCases.filter { $0.fitReads(.fuzziness) }, [.fcm])
        XCTAssertEqual(ClusteringMethod.allCases.filter { $0.fitReads(.beta) }, [.soft])
        var s = try explorer(settings: ModelSettings(method: .soft))
        try s.keys("n")
        let generation = s.state.historyGeneration
        try s.keys("}")
        XCTAssertEqual(s.state.historyGeneration, generation)
        XCTAssertEqual(s.state.context.fuzziness, 2.5)
        try s.keys("]")
        XCTAssertEqual(s.state.historyGeneration, generation + 1, "β refits soft k-means")
        XCTAssertEqual(s.state.context.fuzziness, 2.5, "and the refit keeps m")
    }
}

/// β and m typed while a job runs reach the entries that job brings back.
final class LiveParameterJobTests: XCTestCase {
    // `n` then `]` and `}` before the step arrives: the new entry has the new β and m, like the
    // entries before it (the step was started with the old ones).
    func testStepsStartedBeforeAKeyTakeItsValues() throws {
        let (rt, ex) = try heldRuntime(bootstrapRuns: 5)
        rt.settle(ex)
        try rt.keys("n ] }")
        XCTAssertNotNil(rt.state.busy)
        rt.settle(ex)
        XCTAssertEqual(rt.state.model.iteration, 1)
        XCTAssertEqual(rt.state.history.map(\.context.beta), [1.5, 1.5])
        XCTAssertEqual(rt.state.history.map(\.context.fuzziness), [2.5, 2.5])
    }

    // `+` then `{` during the refit: the refit's entry has the new m, and so does the pending settings.
    func testARefitTakesMTypedWhileItRuns() throws {
        let (rt, ex) = try heldRuntime(bootstrapRuns: 5)
        rt.settle(ex)
        try rt.keys("+ {")
        XCTAssertEqual(rt.state.pendingSettings?.fuzziness ?? 0, 1 + 1 / 1.5, accuracy: 1e-12)
        rt.settle(ex)
        XCTAssertEqual(rt.state.model.k, 4)
        XCTAssertEqual(rt.state.settings.fuzziness, 1 + 1 / 1.5, accuracy: 1e-12)
        XCTAssertEqual(rt.state.context.fuzziness, rt.state.settings.fuzziness)
    }
}
