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

    private var iris: String { BuiltProduct.packageRoot.appendingPathComponent("datasets/iris.csv").path }

    private func quitAndCheckShell() throws {
        try session.send(keys: ["q"])
        let state = try session.shellState()
        XCTAssertEqual(state.exitStatus, 0)
        XCTAssertTrue(state.modes.isSuperset(of: ["echo", "icanon"]), "\(state.modes)")
    }

    func testDataPipedInKeysFromTheTerminal() throws {
        let binary = try BuiltProduct.clusterview()
        try session.start(command: "cat '\(iris)' | '\(binary.path)'", width: 100, height: 30)
        let screen = try session.waitFor("iter 0", timeout: 10)
        XCTAssertTrue(screen.contains("150×4"), screen)
        try session.send(keys: ["n"])
        try session.waitFor("iter 1")
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
        try session.waitFor("last: Click:229,9")
        try session.type("\u{1B}[<65;20;10M")
        try session.waitFor("last: WheelDown:19,9")
        // A lone Esc followed at once by n: Esc, then one step.
        try session.type("\u{1B}n")
        try session.waitFor("iter 1")
        try quitAndCheckShell()
    }

    func testNoFileOnATerminalSaysWhatToDo() throws {
        let binary = try BuiltProduct.clusterview()
        try session.start(command: "'\(binary.path)'; echo EXIT=$?", width: 100, height: 30)
        let screen = try session.waitUntil(timeout: 10, "the exit status") { $0.contains("EXIT=6") }
        XCTAssertTrue(screen.contains("give a data file"), screen)
        XCTAssertTrue(screen.contains("EXIT=64"), screen)
    }
}
