import Foundation
import XCTest

/// A real terminal for end-to-end tests: a private tmux server running an interactive bash, into
/// which a test types commands and keys and whose screen it reads as a person would see it.
///
/// Each session has its own server (`tmux -L <unique socket> -f /dev/null`), so tests neither see
/// nor disturb other tmux servers or the user's configuration. The shell is
/// `bash --norc --noprofile` with the prompt `$ ` and no history file, so that after the program
/// under test exits the test can inspect what it left behind: the exit status, the terminal
/// modes (`shellState()`), and tmux's own view of the terminal (`isAlternateScreenOn()`,
/// `paneFlag(_:)`). The server is killed by `kill()`, which `deinit` also calls.
final class TmuxSession {
    let socket: String
    let target = "e2e"
    private(set) var isRunning = false
    private static var counter = 0

    /// Fails the test when tmux is missing on CI (`CI=true`), skips it elsewhere.
    static func requireTmux(file: StaticString = #filePath, line: UInt = #line) throws {
        guard tmuxPath == nil else { return }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail("tmux is required on CI for end-to-end tests", file: file, line: line)
            throw TmuxError.notInstalled
        }
        throw XCTSkip("tmux not installed")
    }

    /// tmux's path on `PATH`, or nil.
    static let tmuxPath: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    init() {
        Self.counter += 1
        socket = "clusterview-e2e-\(getpid())-\(Self.counter)"
    }

    deinit {
        kill()
    }

    /// A UTF-8 locale every machine of the platform has: glibc and musl have `C.UTF-8`, macOS
    /// has not (an unknown locale would leave the program in ASCII) but always has `en_US.UTF-8`.
    #if canImport(Darwin)
    static let utf8Locale = "en_US.UTF-8"
    #else
    static let utf8Locale = "C.UTF-8"
    #endif

    /// Starts a `width`×`height` terminal with bash in it and types `command` at the prompt.
    ///
    /// `environment` is added to the shell's (the locale defaults to `utf8Locale`, `TERM` to
    /// `tmux-256color`); `command` is typed literally, so quote arguments as for bash.
    func start(command: String, width: Int = 100, height: Int = 30,
               environment: [String: String] = [:]) throws {
        var variables = ["PS1": "$ ", "HISTFILE": "/dev/null", "LANG": Self.utf8Locale, "LC_ALL": Self.utf8Locale,
                         "TERM": "tmux-256color"]
        variables.merge(environment) { $1 }
        let assignments = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.shellQuoted($0.value))" }
        let shell = "env " + assignments.joined(separator: " ") + " bash --norc --noprofile"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", target, "-x", String(width), "-y", String(height), shell])
        isRunning = true
        try waitUntil(timeout: 5, "the shell prompt") { $0.hasPrefix("$") }
        try type(command)
        try send(keys: ["Enter"])
    }

    /// Sends tmux key names (`q`, `Enter`, `C-c`, `Escape`, `BTab`, `Up`), one after another.
    func send(keys: [String]) throws {
        for key in keys { try tmux(["send-keys", "-t", target, key]) }
    }

    /// Types `text` literally, as if pasted character by character.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", target, "-l", text])
    }

    /// The visible screen as `tmux capture-pane -p` prints it: one line per row, trailing spaces
    /// removed, trailing empty rows dropped.
    func capture() throws -> String {
        var text = try tmux(["capture-pane", "-p", "-t", target])
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Waits until the screen contains `text`; returns the screen. Throws after `timeout`
    /// seconds, with the last screen in the message.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 5) throws -> String {
        try waitUntil(timeout: timeout, "'\(text)' on screen") { $0.contains(text) }
    }

    /// Waits until `condition` holds for the screen; returns the screen.
    @discardableResult
    func waitUntil(timeout: TimeInterval = 5, _ description: String,
                   _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        repeat {
            screen = try capture()
            if condition(screen) { return screen }
            usleep(50_000)
        } while Date() < deadline
        throw TmuxError.timeout("waited \(timeout) s for \(description); screen was:\n\(screen)")
    }

    /// A tmux format flag of the pane, e.g. `alternate_on`, `cursor_flag`, `mouse_any_flag`.
    func paneFlag(_ name: String) throws -> Bool {
        try tmux(["display-message", "-p", "-t", target, "#{\(name)}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// Whether the program in the pane has switched to the alternate screen.
    func isAlternateScreenOn() throws -> Bool {
        try paneFlag("alternate_on")
    }

    /// The shell's view after a program exited: its exit status and the terminal modes.
    struct ShellState: Equatable {
        var exitStatus: Int
        /// Mode names from `stty -a` as printed: `echo` or `-echo`, `icanon` or `-icanon`, …
        var modes: Set<String>
    }

    /// Types a command at the prompt that prints the last exit status and the modes `echo`,
    /// `icanon`, `isig`, `icrnl` and `opost` (or their negations), and reads them back.
    ///
    /// Works when echo is off too: the typed command is then invisible, but its output is not.
    func shellState(timeout: TimeInterval = 5) throws -> ShellState {
        try waitUntil(timeout: timeout, "the shell prompt") { $0.split(separator: "\n").last?.hasPrefix("$") == true }
        try type(#"printf 'STATE=%s ' "$?"; stty -a | tr ' ;' '\n\n' | grep -x -E -- '-?(echo|icanon|isig|icrnl|opost)' | sort | tr '\n' ' '; echo END"#)
        try send(keys: ["Enter"])
        let screen = try waitUntil(timeout: timeout, "the shell state line") { screen in
            screen.split(separator: "\n").contains { $0.hasPrefix("STATE=") && $0.hasSuffix(" END") }
        }
        let line = screen.split(separator: "\n").last { $0.hasPrefix("STATE=") && $0.hasSuffix(" END") }!
        let fields = line.dropFirst("STATE=".count).dropLast(" END".count).split(separator: " ").map(String.init)
        return ShellState(exitStatus: Int(fields.first ?? "") ?? -1, modes: Set(fields.dropFirst()))
    }

    /// The process id of the program running in the foreground of the shell, if there is one:
    /// the shell's child, found with `ps` (POSIX options, so Linux's procps and the BSD `ps` of
    /// macOS answer alike).
    func foregroundProgramID() throws -> pid_t? {
        let shell = try tmux(["display-message", "-p", "-t", target, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard let shellID = pid_t(shell) else { return nil }
        let table = try Subprocess.run("/bin/ps", ["-A", "-o", "pid=", "-o", "ppid="]).output
        return table.split(separator: "\n").lazy.compactMap { line -> pid_t? in
            let fields = line.split(separator: " ")
            guard fields.count == 2, let pid = pid_t(fields[0]), pid_t(fields[1]) == shellID else { return nil }
            return pid
        }.first
    }

    /// Clicks the left button at the 0-based cell (`column`, `row`): types the press and release
    /// a terminal would send in the xterm "normal" mouse encoding (`ESC [ M b x y`), which is
    /// what the `tmux-256color` and `screen` terminfo entries (`kmous=\E[M`) tell curses to expect.
    /// tmux's own mouse option is off, so tmux cannot make the event itself. Columns and rows
    /// up to 222 fit this encoding.
    func click(column: Int, row: Int) throws {
        func byte(_ value: Int) -> Character { Character(Unicode.Scalar(UInt8(32 + value))) }
        let position = String([byte(column + 1), byte(row + 1)])
        try type("\u{1B}[M" + String(byte(0)) + position + "\u{1B}[M" + String(byte(3)) + position)
    }

    /// Resizes the terminal.
    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", target, "-x", String(width), "-y", String(height)])
    }

    /// Kills the private tmux server (and with it the shell and the program); idempotent.
    func kill() {
        guard isRunning else { return }
        isRunning = false
        _ = try? tmux(["kill-server"])
    }

    /// Runs tmux on this session's socket and returns its standard output.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        guard let path = Self.tmuxPath else { throw TmuxError.notInstalled }
        let result = try Subprocess.run(path, ["-L", socket] + arguments)
        guard result.status == 0 else { throw TmuxError.failed(arguments, result.errors) }
        return result.output
    }

    private static func shellQuoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}

enum TmuxError: Error, CustomStringConvertible {
    case notInstalled
    case failed([String], String)
    case timeout(String)

    var description: String {
        switch self {
        case .notInstalled: return "tmux is not installed"
        case .failed(let arguments, let message): return "tmux \(arguments.joined(separator: " ")) failed: \(message)"
        case .timeout(let message): return message
        }
    }
}
