import Foundation
import XCTest

/// Fuzzy c-means in the real explorer (tmux at 120×40): n and b step, r runs to convergence, the
/// side panel's `fcm` column is `fit`'s p_j for that row, and `}` refits at a new m shown as `m=`.
final class ExplorerFuzzyCMeansEndToEndTests: XCTestCase {
    private var session: TmuxSession!

    override func setUpWithError() throws {
        try TmuxSession.requireTmux()
        session = TmuxSession()
    }

    override func tearDown() {
        session?.kill()
    }

    private var iris: String { BuiltProduct.shippedDataset("iris.csv") }

    /// The side panel's `fcm` column (third number of each cluster line under the `fcm` header).
    private func fcmColumn(_ screen: String) throws -> [Double] {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try XCTUnwrap(lines.firstIndex { $0.contains("dist      fcm") }, "fcm column on screen:\n\(screen)")
        // A column in characters: the plot's braille takes different bytes on each line.
        let start = try XCTUnwrap(lines[header].range(of: "cl "), "table header").lowerBound
        let column = lines[header].distance(from: lines[header].startIndex, to: start)
        return try lines[(header + 1)...(header + 3)].map { line in
            let words = String(Array(line).dropFirst(column)).split(separator: " ")
            return try XCTUnwrap(Double(words[2].filter { $0.isNumber || $0 == "." }), line)
        }
    }

    /// The screen once its status line shows every one of `parts` with no job running.
    /// Captured again a moment later: the first capture may catch the terminal mid-redraw, the
    /// status line new and the panel below it not yet.
    private func status(showing parts: [String]) throws -> String {
        func shows(_ screen: String) -> Bool {
            guard let first = screen.split(separator: "\n").first else { return false }
            return parts.allSatisfy { first.contains($0) } && !first.contains("(Esc)")
        }
        try session.waitUntil(timeout: 30, "status line with \(parts) and no job running", shows)
        usleep(500_000)
        let screen = try session.capture()
        XCTAssertTrue(shows(screen), screen)
        return screen
    }

    /// Row 0's p_0…p_2 from `clusterview fit --method fcm` (row,cluster,p_0..p_2,d_0..d_2).
    private func fitRow0(_ extra: [String]) throws -> [Double] {
        let csv = try headlessOutput(["fit", iris, "--method", "fcm"] + extra)
        let row0 = try XCTUnwrap(csv.split(separator: "\n").dropFirst().first).split(separator: ",").compactMap { Double($0) }
        XCTAssertEqual(row0.count, 8, csv)
        return Array(row0[2..<5])
    }

    func testStepsBackRunAndMKeysInFuzzyCMeans() throws {
        let binary = try BuiltProduct.clusterview()
        try session.start(command: "'\(binary.path)' '\(iris)' --method fcm", width: 120, height: 40)
        var screen = try session.waitFor("iter 0", timeout: 30)
        XCTAssertTrue(screen.contains("fuzzy c-means") && screen.contains("m=2 "), screen)
        try session.send(keys: ["n"])
        try session.waitFor("iter 1")
        try session.send(keys: ["n"])
        try session.waitFor("iter 2")
        try session.send(keys: ["b"])
        try session.waitFor("iter 1")
        try session.send(keys: ["r"])
        screen = try status(showing: ["m=2 ", "converged"])
        // Row 0 (selected at start): the panel's fcm column is fit's p_j to the 3 printed decimals.
        let shown = try fcmColumn(screen), fit = try fitRow0([])
        for j in 0..<3 { XCTAssertEqual(shown[j], (fit[j] * 1000).rounded() / 1000, accuracy: 1e-9, "p_\(j) at m = 2\n\(screen)") }

        // `}`: m − 1 × 1.5 refits from iteration 0 at m = 2.5; run again and the column is fit's at 2.5.
        try session.send(keys: ["}"])
        screen = try status(showing: ["m=2.5 ", "iter 0"])
        XCTAssertFalse(screen.split(separator: "\n")[0].contains("m=2 "), screen)
        try session.send(keys: ["r"])
        screen = try status(showing: ["m=2.5 ", "converged"])
        let shownAfter = try fcmColumn(screen), fitAfter = try fitRow0(["--fuzziness", "2.5"])
        for j in 0..<3 { XCTAssertEqual(shownAfter[j], (fitAfter[j] * 1000).rounded() / 1000, accuracy: 1e-9, "p_\(j) at m = 2.5") }
        XCTAssertNotEqual(shownAfter, shown, "a fuzzier m moves the memberships")

        try session.send(keys: ["q"])
        XCTAssertEqual(try session.shellState().exitStatus, 0)
    }
}
