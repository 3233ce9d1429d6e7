import Foundation
import XCTest

/// The real explorer in a real terminal (tmux at 120×40), driven as a person would: the
/// iteration counter follows n and b, k follows +, the side panel's numbers equal `clusterview
/// fit` for that row and iteration, e writes the screen, and q leaves a usable shell.
final class ExplorerEndToEndTests: XCTestCase {
    private var session: TmuxSession!
    private var directory: URL!

    override func setUpWithError() throws {
        try TmuxSession.requireTmux()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("clusterview-e2e-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        session = TmuxSession()
    }

    override func tearDown() {
        session?.kill()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    private var iris: String { BuiltProduct.shippedDataset("iris.csv") }

    /// The membership table rows of the side panel: cluster → its numbers as printed.
    private func panelTable(_ screen: String) throws -> [[String]] {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try XCTUnwrap(lines.firstIndex { $0.contains("dist  softmax") }, "membership table on screen:\n\(screen)")
        let start = try XCTUnwrap(lines[header].range(of: "cl "), "table header").lowerBound
        let column = lines[header].distance(from: lines[header].startIndex, to: start)
        return lines[(header + 1)...].prefix { line in
            let cells = Array(line)
            guard cells.count > column else { return false }
            return cells[column].isNumber
        }.map { line in
            String(Array(line).dropFirst(column)).split(separator: " ").map { word in
                String(word.filter { $0.isNumber || $0 == "." || $0 == "-" })
            }
        }
    }

    func testStepsBackKExportAndPanelMatchesFit() throws {
        let binary = try BuiltProduct.clusterview()
        try session.start(command: "cd '\(directory.path)' && '\(binary.path)' '\(iris)'", width: 120, height: 40)
        try session.waitFor("iter 0")
        XCTAssertTrue(try session.isAlternateScreenOn())
        try session.send(keys: ["n"])
        try session.waitFor("iter 1")
        try session.send(keys: ["n"])
        try session.waitFor("iter 2")
        try session.send(keys: ["b"])
        try session.waitFor("iter 1")
        try session.send(keys: ["Space"])
        var screen = try session.waitFor("iter 2")
        // The bootstrap finishes in the background; wait for its numbers.
        screen = try session.waitFor("bootstrap: 100 k-means runs", timeout: 60)

        // Row 0 at iteration 2, as `fit` computes it: row,cluster,p_0..p_2,d_0..d_2.
        let csv = try headlessOutput(["fit", iris, "--max-iter", "2"])
        let row0 = try XCTUnwrap(csv.split(separator: "\n").dropFirst().first).split(separator: ",").compactMap { Double($0) }
        XCTAssertEqual(row0.count, 8)
        let table = try panelTable(screen)
        XCTAssertEqual(table.count, 3, "one line per cluster:\n\(screen)")
        for j in 0..<3 {
            let cells = table[j]
            XCTAssertEqual(cells[0], "\(j)")
            // Distance printed with 4 significant digits, softmax with 3 decimals.
            let distance = try XCTUnwrap(Double(cells[1])), softmax = try XCTUnwrap(Double(cells[2]))
            XCTAssertEqual(distance, row0[5 + j], accuracy: abs(row0[5 + j]) * 5e-4 + 1e-9, "distance to \(j)")
            XCTAssertEqual(softmax, (row0[2 + j] * 1000).rounded() / 1000, accuracy: 1e-9, "softmax of \(j)")
        }
        XCTAssertTrue(screen.contains("softmax") && screen.contains("gmm") && screen.contains("inv-power") && screen.contains("bootstrap"))

        // e writes the screen as text, named after the file, iteration and k.
        try session.send(keys: ["e"])
        screen = try session.waitFor("exported ")
        let exported = directory.appendingPathComponent("clusterview-iris-iter2-3k.txt")
        let text = try String(contentsOf: exported, encoding: .utf8)
        XCTAssertTrue(text.contains("iter 2"))
        XCTAssertTrue(text.contains("dist  softmax"))

        // E writes every row's memberships as CSV: fit's columns plus every rule's.
        try session.send(keys: ["E"])
        try session.waitFor("clusterview-iris-iter2-3k.csv")
        let csvText = try String(contentsOf: directory.appendingPathComponent("clusterview-iris-iter2-3k.csv"), encoding: .utf8)
        let csvLines = csvText.split(separator: "\n")
        XCTAssertEqual(csvLines.count, 151)
        XCTAssertTrue(csvLines[0].hasPrefix("row,cluster,p_0,p_1,p_2,d_0,d_1,d_2,softmax_0"), String(csvLines[0]))
        XCTAssertTrue(csvLines[0].contains("bootstrap_0") && csvLines[0].hasSuffix(",species"), String(csvLines[0]))
        // Its fit columns are fit's own numbers for that iteration.
        let fitLines = csv.split(separator: "\n")
        XCTAssertEqual(csvLines[1].split(separator: ",").prefix(8), fitLines[1].split(separator: ",").prefix(8))
        // A second export of the same screen never overwrites the first.
        try session.send(keys: ["e"])
        try session.waitFor("clusterview-iris-iter2-3k-2.txt")

        try session.send(keys: ["+"])
        try session.waitFor("k=4")
        try session.send(keys: ["q"])
        let state = try session.shellState()
        XCTAssertEqual(state.exitStatus, 0)
        XCTAssertTrue(state.modes.isSuperset(of: ["echo", "icanon", "isig"]), "\(state.modes)")
        XCTAssertFalse(try session.isAlternateScreenOn())
    }

    func testBadInputIsReportedBeforeTheScreen() throws {
        let binary = try BuiltProduct.clusterview()
        let bad = directory.appendingPathComponent("bad.csv")
        try "a,b\n1,2\n3,x\n".write(to: bad, atomically: true, encoding: .utf8)
        try session.start(command: "'\(binary.path)' '\(bad.path)'", width: 120, height: 40)
        try session.waitFor("bad.csv:3:2: \"x\" is not a number in numeric column 'b'")
        let state = try session.shellState()
        XCTAssertEqual(state.exitStatus, 1)
        XCTAssertFalse(try session.isAlternateScreenOn())
    }

    // A click selects the row nearest to the clicked cell: the same row `render` picks headless.
    func testClickSelectsTheSameRowAsRender() throws {
        let expected = try headlessOutput(["render", iris, "--keys", "Click:30,20", "--size", "120x40"])
        let rowLine = try XCTUnwrap(expected.split(separator: "\n").compactMap { line -> String? in
            guard let r = line.range(of: "│ row ") else { return nil }
            return String(line[r.upperBound...].prefix { $0.isNumber })
        }.first)
        XCTAssertNotEqual(rowLine, "0", "the click must move the selection for this test to mean anything")
        let binary = try BuiltProduct.clusterview()
        try session.start(command: "'\(binary.path)' '\(iris)'", width: 120, height: 40)
        try session.waitFor("iter 0")
        try session.click(column: 30, row: 20)
        try session.waitFor("│ row \(rowLine) ")
        try session.send(keys: ["q"])
        XCTAssertEqual(try session.shellState().exitStatus, 0)
    }

    // Resizing redraws at once: too small says so, large enough draws the explorer again.
    func testResizeRedraws() throws {
        let binary = try BuiltProduct.clusterview()
        try session.start(command: "'\(binary.path)' '\(iris)'", width: 120, height: 40)
        try session.waitFor("iter 0")
        try session.resize(width: 70, height: 20)
        try session.waitFor("terminal too small: need 80×24, have 70×20")
        try session.resize(width: 100, height: 30)
        let screen = try session.waitFor("iter 0")
        XCTAssertTrue(screen.split(separator: "\n").allSatisfy { $0.count <= 100 }, screen)
        try session.send(keys: ["C-c"])
        XCTAssertEqual(try session.shellState().exitStatus, 130)
    }
}
