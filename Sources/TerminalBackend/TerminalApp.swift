import ClusterViewUI

/// A program driven by `Terminal.run`: it draws a screen, reacts to input, and reports background
/// progress.
///
/// All three methods are called on the run loop's thread and must return quickly: slow work
/// (fitting, loading) belongs on another thread or task, whose results `poll` picks up.
public protocol TerminalApp: AnyObject {
    /// The whole screen for a terminal of `width`×`height` cells.
    func render(width: Int, height: Int) -> Screen
    /// Reacts to one event; returns false to quit.
    func handle(_ event: InputEvent) -> Bool
    /// Collects results of background work; returns true when something changed and the screen
    /// must be drawn again. Called after every wait.
    func poll() -> Bool
    /// How long the loop may wait for input before calling `poll` again (a timer such as
    /// autoplay); nil: until input arrives or background work calls `Terminal.wakeRunLoop()`.
    var wakeAfterMilliseconds: Int? { get }
    /// The terminal's size, before the first draw and whenever it changed since the last draw
    /// (not typed by anyone: a resize the user makes also arrives through `handle`).
    func sizeChanged(width: Int, height: Int)
}

extension TerminalApp {
    public var wakeAfterMilliseconds: Int? { nil }
    public func sizeChanged(width: Int, height: Int) { _ = handle(.resize(width: width, height: height)) }
}

/// How `Terminal.run` ended.
public enum RunOutcome: Hashable, Sendable {
    /// The app asked to quit.
    case quit
    /// SIGINT (Ctrl-C in cbreak mode).
    case interrupted
    /// SIGTERM.
    case terminated
    /// SIGHUP: the terminal went away.
    case hungUp

    /// The conventional exit status: 0, or 128 plus the signal number (130, 143, 129).
    public var exitCode: Int32 {
        switch self {
        case .quit: return 0
        case .interrupted: return 130
        case .terminated: return 143
        case .hungUp: return 129
        }
    }
}

/// Why the terminal could not be started.
public enum TerminalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Standard input or output is not a terminal (piped or redirected).
    case notATerminal
    /// ncurses does not know the terminal type in `TERM`.
    case unknownTerminal(String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "the explorer needs a terminal on standard input and output"
        case .unknownTerminal(let name):
            return "unknown terminal type '\(name)' (check TERM)"
        }
    }
}
