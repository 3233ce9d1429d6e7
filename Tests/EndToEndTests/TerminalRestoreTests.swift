import Foundation
import XCTest

/// What the end-to-end tests need to know about the program under test. Everything else in
/// `TerminalRestoreTests` is generic: retarget the tests by changing `programUnderTest` only.
struct ProgramUnderTest {
    /// The shell command line that starts it.
    var command: String
    /// Text on screen once it has drawn.
    var readyText: String
    /// tmux keys that change the screen, and text that shows they did.
    var changeKeys: [String]
    var changedText: String
    /// tmux keys that quit.
    var quitKeys: [String]
    /// Text the program shows after a click at the given 0-based column and row, if any.
    var clickText: ((Int, Int) -> String)?
    /// Text the program shows after receiving the key whose `--keys` token is given, if it shows
    /// keys at all.
    var keyText: ((String) -> String)?
}

final class TerminalRestoreTests: XCTestCase {
    /// The only program-specific part: the explorer on the shipped iris data with `--show-keys`.
    /// Its first screen says `iter 0`; `n` steps to `iter 1`; `q` quits; every event shows as
    /// `last: TOKEN` in the key bar.
    static func programUnderTest() throws -> ProgramUnderTest {
        let binary = try BuiltProduct.clusterview()
        let iris = BuiltProduct.shippedDataset("iris.csv")
        return ProgramUnderTest(
            command: "'\(binary.path)' '\(iris)' --show-keys",
            readyText: "iter 0",
            changeKeys: ["n"], changedText: "iter 1",
            quitKeys: ["q"],
            clickText: { column, row in "last: Click:\(column),\(row)" },
            keyText: { token in "last: \(token)" })
    }

    private var session: TmuxSession!
    private var program: ProgramUnderTest!

    override func setUpWithError() throws {
        try TmuxSession.requireTmux()
        program = try Self.programUnderTest()
        session = TmuxSession()
        try session.start(command: program.command, width: 100, height: 30)
        try session.waitFor(program.readyText)
    }

    override func tearDown() {
        session?.kill()
        session = nil
    }

    /// Asserts that the shell is usable again: the program exited with `status`, the normal
    /// screen is back, the cursor is visible, mouse and keypad modes are off, and the terminal
    /// echoes and edits lines as before.
    private func assertShellRestored(exitStatus status: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let state = try session.shellState()
        XCTAssertEqual(state.exitStatus, status, "exit status", file: file, line: line)
        XCTAssertTrue(state.modes.isSuperset(of: ["echo", "icanon", "isig", "icrnl", "opost"]),
                      "terminal modes after exit: \(state.modes.sorted())", file: file, line: line)
        XCTAssertFalse(try session.isAlternateScreenOn(), "alternate screen still on", file: file, line: line)
        XCTAssertTrue(try session.paneFlag("cursor_flag"), "cursor hidden", file: file, line: line)
        XCTAssertFalse(try session.paneFlag("mouse_any_flag"), "mouse reporting still on", file: file, line: line)
        XCTAssertFalse(try session.paneFlag("keypad_cursor_flag"), "keypad mode still on", file: file, line: line)
    }

    // The program takes over the screen, reacts to a key, and `q` gives the shell back.
    func testDrawsReactsAndQuitsCleanly() throws {
        XCTAssertTrue(try session.isAlternateScreenOn())
        XCTAssertFalse(try session.capture().contains(program.changedText))
        try session.send(keys: program.changeKeys)
        try session.waitFor(program.changedText)
        try session.send(keys: program.quitKeys)
        try assertShellRestored(exitStatus: 0)
    }

    func testCtrlCRestoresTerminalAndExits130() throws {
        try session.send(keys: ["C-c"])
        try assertShellRestored(exitStatus: 130)
    }

    func testSigtermRestoresTerminalAndExits143() throws {
        let pid = try XCTUnwrap(try session.foregroundProgramID(), "program process")
        XCTAssertEqual(kill(pid, SIGTERM), 0)
        try assertShellRestored(exitStatus: 143)
    }

    // Ctrl-Z gives the shell back while stopped; `fg` brings the program's screen back.
    func testCtrlZSuspendsAndResumes() throws {
        try session.send(keys: ["C-z"])
        try session.waitFor("Stopped", timeout: 15)
        XCTAssertFalse(try session.isAlternateScreenOn())
        try session.type("fg")
        try session.send(keys: ["Enter"])
        try session.waitFor(program.readyText)
        XCTAssertTrue(try session.isAlternateScreenOn())
        try session.send(keys: program.quitKeys)
        try assertShellRestored(exitStatus: 0)
    }

    // Each special key reaches the program as the right `Key` (shown by its `--keys` token).
    func testSpecialKeysArriveAsNamedKeys() throws {
        guard let keyText = program.keyText else { throw XCTSkip("the program shows no keys") }
        let keys: [(tmux: String, token: String)] = [
            ("Escape", "Esc"), ("BTab", "BackTab"), ("F1", "F1"), ("F10", "F10"), ("PPage", "PageUp"),
            ("NPage", "PageDown"), ("Home", "Home"), ("End", "End"), ("Up", "Up"), ("Down", "Down"),
            ("Left", "Left"), ("Right", "Right"), ("Space", "Space"), ("Tab", "Tab"),
            ("BSpace", "Backspace"), ("Enter", "Enter"), ("]", "]"), ("é", "é"),
        ]
        for key in keys {
            try session.send(keys: [key.tmux])
            try session.waitFor(keyText(key.token), timeout: 2)
        }
    }

    // A left click arrives at the cell clicked.
    func testMouseClickArrivesWithItsCell() throws {
        guard let clickText = program.clickText else { throw XCTSkip("the program shows no clicks") }
        XCTAssertTrue(try session.paneFlag("mouse_any_flag"), "mouse reporting is on")
        try session.click(column: 10, row: 5)
        try session.waitFor(clickText(10, 5))
    }
}
