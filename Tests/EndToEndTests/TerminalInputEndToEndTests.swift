import Foundation
import XCTest

/// What people expect of a terminal program (issue 10), in a real terminal (tmux): data piped in
/// with the keys read from the terminal, as `less` and `fzf` do; SGR (1006) mouse reports, so
/// clicks beyond column 223 arrive; an Esc followed by a key is still two keys.
final class TerminalInputEndToEndTests: XCTestCase {
    private var session: TmuxSession!

    override func setUpWithError() throws {
        try TmuxSession.requireTmux()
        session = TmuxSession()
    }

    override func tearDown() {
        session?.kill()
    }

    private var iris: String { BuiltProduct.shippedDataset("iris.csv") }

    private func quitAndCheckShell() throws {
        try session.send(keys: ["q"])
        let state = try session.shellState(timeout: 10)
        XCTAssertEqual(state.exitStatus, 0)
        XCTAssertTrue(state.modes.isSuperset(of: ["echo", "icanon"]), "\(state.modes)")
    }

    func testDataPipedInKeysFromTheTerminal() throws {
        let binary = try BuiltProduct.clusterview()
        try session.start(command: "cat '\(iris)' | '\(binary.path)'", width: 100, height: 30)
        let screen = try session.waitFor("iter 0", timeout: 10)
        XCTAssertTrue(screen.contains("150×4"), screen)
        try session.send(keys: ["n"])
        try session.waitFor("iter 1", timeout: 10)
        try quitAndCheckShell()
    }

    func testDashReadsStandardInput() throws {
        let binary = try BuiltProduct.clusterview()
        try session.start(command: "'\(binary.path)' - --standardize < '\(iris)'", width: 80, height: 24)
        try session.waitFor("150×4 z", timeout: 10)
        try session.send(keys: ["r"])
        try session.waitFor("converged", timeout: 10)
        try quitAndCheckShell()
    }

    func testSGRMouseBeyondColumn223AndEscThenAKey() throws {
        let binary = try BuiltProduct.clusterview()
        try session.start(command: "'\(binary.path)' '\(iris)' --show-keys", width: 240, height: 40)
        try session.waitFor("iter 0", timeout: 10)
        // Press and release at column 230, row 10 (1-based), as a terminal in SGR mode sends them.
        try session.type("\u{1B}[<0;230;10M\u{1B}[<0;230;10m")
        try session.waitFor("last: Click:229,9", timeout: 10)
        try session.type("\u{1B}[<65;20;10M")
        try session.waitFor("last: WheelDown:19,9", timeout: 10)
        // A lone Esc followed at once by n: Esc, then one step.
        try session.type("\u{1B}n")
        try session.waitFor("iter 1", timeout: 10)
        try quitAndCheckShell()
    }

    func testNoFileOnATerminalSaysWhatToDo() throws {
        let binary = try BuiltProduct.clusterview()
        try session.start(command: "'\(binary.path)'; echo EXIT=$?", width: 100, height: 30)
        let screen = try session.waitUntil(timeout: 10, "the exit status") { $0.contains("EXIT=6") }
        XCTAssertTrue(screen.contains("give a data file"), screen)
        XCTAssertTrue(screen.contains("EXIT=64"), screen)
    }

    // At 80×24, the size people have: the dropped rows are on screen, every overlay shows all of
    // k = 3 and its closing key, and the key bar keeps ? help and q quit.
    func testEightyByTwentyFourShowsEverything() throws {
        let binary = try BuiltProduct.clusterview()
        let penguins = BuiltProduct.shippedDataset("penguins.csv")
        try session.start(command: "'\(binary.path)' '\(penguins)' --standardize", width: 80, height: 24)
        var screen = try session.waitFor("342 of 344 rows: 2 dropped (lines 5, 273)", timeout: 10)
        XCTAssertTrue(screen.contains("? help  q quit"), screen)
        for (key, expected) in [("v", ["largest disagreement", "c0", "c1", "c2", "(v closes)"]),
                                ("w", ["result:", "j=2", "R changes the rule)"]),
                                ("?", ["Shift-drag", "q C-c", "keys (Esc or ? closes)"])] {
            try session.send(keys: [key])
            // The last line each overlay draws: the whole box is on screen.
            screen = try session.waitFor(expected[0], timeout: 10)
            for text in expected { XCTAssertTrue(screen.contains(text), "\(key): \(text)\n\(screen)") }
            XCTAssertTrue(screen.split(separator: "\n").last?.contains("? help  q quit") == true, screen)
            try session.send(keys: ["Escape"])
            try session.waitUntil(timeout: 10, "\(key) closed") { !$0.contains(expected[0]) }
        }
        try quitAndCheckShell()
    }
}
