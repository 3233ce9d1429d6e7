import ClusterKit
import XCTest
@testable import ClusterViewUI

/// Fuzzy c-means in the explorer: the side panel's first column is the model's own membership,
/// headed `fcm`, and `}` refits it at the new m.
final class FuzzyCMeansPanelTests: XCTestCase {
    private func screenLines(_ state: AppState) -> [String] {
        render(state, theme: colourTheme).plainText.components(separatedBy: "\n")
    }

    /// The selected row's memberships in an fcm model fitted afresh (not the explorer's).
    private func ownMemberships(_ state: AppState, file: StaticString = #filePath, line: UInt = #line) throws -> [Double] {
        let fitted = try XCTUnwrap(ClusterModel.fitted(state.data.matrix, state.settings), file: file, line: line)
        XCTAssertEqual(fitted, state.model, "the explorer's run is the fit", file: file, line: line)
        let fcm = try XCTUnwrap(fitted.state(as: FuzzyCMeans.self), file: file, line: line)
        return Array(fcm.memberships.row(state.selected))
    }

    func testTheFcmColumnIsTheModelsOwnMembershipAndMRefitsIt() throws {
        var s = try explorer(settings: ModelSettings(method: .fcm))
        try s.keys("r Tab Tab")
        XCTAssertTrue(s.state.model.converged)
        XCTAssertEqual(s.state.leadRule, .fuzzy)
        let rules = s.state.memberships(for: s.state.selectedPoint)
        XCTAssertEqual(rules.map(\.rule), [.fuzzy, .gmm, .inversePower, .bootstrap, .cosine])
        let shown = try XCTUnwrap(rules[0].values)
        let own = try ownMemberships(s.state)
        XCTAssertEqual(shown.count, own.count)
        for j in own.indices { XCTAssertEqual(shown[j], own[j], accuracy: 1e-12, "cluster \(j)") }
        // On screen: the header says fcm where softmax stands for the other methods, and each
        // cluster's line starts with its fcm membership after the distance.
        let lines = screenLines(s.state)
        let header = try XCTUnwrap(lines.firstIndex { $0.contains("fcm") && $0.contains("inv-power") }, lines.joined(separator: "\n"))
        XCTAssertFalse(lines[header].contains("softmax"))
        // A column in characters: the plot's braille takes different bytes on each line.
        let cl = try XCTUnwrap(lines[header].range(of: "cl "))
        let panelX = lines[header].distance(from: lines[header].startIndex, to: cl.lowerBound)
        for j in own.indices {
            let row = String(Array(lines[header + 1 + j]).dropFirst(panelX)).split(separator: " ")
            XCTAssertEqual(String(row[2].prefix(5)), NumberFormat.probability(own[j]), lines[header + 1 + j])
        }
        XCTAssertTrue(lines.contains { $0.contains("entropy  fcm     \(NumberFormat.probability(MembershipFormulas.entropy(own)))") })
        XCTAssertTrue(lines.contains { $0.contains("fcm vs m (1.01") })
        // The fit's partition coefficient and entropy (Bezdek's, over every row's memberships).
        func partitionLine(_ state: AppState) throws -> String {
            let u = try XCTUnwrap(state.model.fuzzyPartition)
            return "partition: coefficient \(NumberFormat.probability(FuzzyPartition.coefficient(u)))"
                + "  entropy \(NumberFormat.probability(FuzzyPartition.entropy(u)))"
        }
        let partition = try partitionLine(s.state)
        XCTAssertTrue(lines.contains { $0.contains(partition) }, partition)

        // `}`: m − 1 × 1.5 refits from the start; run again and the column follows the new fit.
        try s.keys("}")
        XCTAssertEqual(s.state.settings.fuzziness, 2.5, accuracy: 1e-12)
        XCTAssertEqual(s.state.model.iteration, 0, "m refits fuzzy c-means")
        try s.keys("r")
        XCTAssertTrue(s.state.model.converged)
        let after = try XCTUnwrap(s.state.memberships(for: s.state.selectedPoint)[0].values)
        let ownAfter = try ownMemberships(s.state)
        for j in ownAfter.indices { XCTAssertEqual(after[j], ownAfter[j], accuracy: 1e-12, "cluster \(j) at m = 2.5") }
        XCTAssertGreaterThan(zip(after, shown).map { abs($0 - $1) }.max() ?? 0, 1e-3, "a fuzzier m moves the memberships")
        XCTAssertTrue(screenLines(s.state)[0].contains("m=2.5"), screenLines(s.state)[0])
        // The indices are cached per model state: the new fit's, not the old one's.
        let partitionAfter = try partitionLine(s.state)
        XCTAssertNotEqual(partitionAfter, partition)
        XCTAssertTrue(screenLines(s.state).contains { $0.contains(partitionAfter) }, partitionAfter)
    }

    // The other methods keep softmax first (their goldens are unchanged); `R` reaches fcm's own
    // rule only for fcm, and `w` then explains the fuzzy formula.
    func testOtherMethodsKeepSoftmaxAndRReachesFuzzyForFcm() throws {
        for method in [ClusteringMethod.kmeans, .soft, .gmm] {
            XCTAssertEqual(try explorer(settings: ModelSettings(method: method)).state.leadRule, .softmax, "\(method)")
        }
        var s = try explorer(settings: ModelSettings(method: .fcm))
        try s.keys("r u R R R")
        XCTAssertEqual(s.state.mapRule, .fuzzy)
        try s.keys("w")
        let text = render(s.state, theme: colourTheme).plainText
        XCTAssertTrue(text.contains("p_j = d_j^(−2/(m−1)) / Σ_l d_l^(−2/(m−1)),  m = 2"), text)
        let own = try XCTUnwrap(s.state.values(.fuzzy, for: s.state.focusPoint))
        XCTAssertTrue(text.contains("result: " + own.map(NumberFormat.probability).joined(separator: "  ")), text)
        try s.keys("Esc R")
        XCTAssertEqual(s.state.mapRule, .softmax)
    }

    func testFcmGoldens() throws {
        var wide = try explorer(settings: ModelSettings(method: .fcm))
        try wide.keys("r Tab Tab")
        assertScreen(render(wide.state, theme: colourTheme), golden: "explorer-iris-fcm-converged-120x40")
        var narrow = try explorer(settings: ModelSettings(method: .fcm), width: 80, height: 24)
        try narrow.keys("n n")
        assertScreen(render(narrow.state, theme: colourTheme), golden: "explorer-iris-fcm-iter2-80x24")
    }
}
