import CNcursesw
import ClusterViewUI
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The terminal, through ncursesw: copies `Screen`s to it and reads `InputEvent`s from it.
///
/// Life cycle: `start()` takes over the terminal (alternate screen, no echo, keypad and mouse
/// reporting, hidden cursor); `stop()` gives it back exactly as it was. The terminal is restored
/// whatever ends the program: `stop()` (also called by `deinit` and at the end of `run`), an
/// error the caller handles with `defer { terminal.stop() }`, `exit()` (an `atexit` hook),
/// SIGINT/SIGTERM/SIGHUP (the run loop returns; a second signal restores and exits at once),
/// crashes (see `SignalGuard`), and Ctrl-Z (ncurses restores on SIGTSTP and redraws on SIGCONT).
///
/// Only one terminal can be active at a time, since curses itself is global state. All methods
/// must be called from the same thread.
public final class Terminal {
    /// How keys reach the program.
    public enum InputMode: Sendable {
        /// Ctrl-C, Ctrl-Z and Ctrl-\ keep their usual signals (SIGINT, SIGTSTP, SIGQUIT).
        case cbreak
        /// Every key arrives as input, Ctrl-C as `Key.controlC`; no keyboard signals.
        case raw
    }

    public let inputMode: InputMode
    /// How long a lone Esc waits for the rest of an escape sequence.
    public let escapeDelayMilliseconds: Int32

    /// Whether the terminal is taken over (between `start()` and `stop()`).
    public private(set) var isActive = false
    /// What the terminal can show; meaningful after `start()`.
    public private(set) var capabilities = TerminalCapabilities(colorCount: 0, unicode: false)

    private var screen: OpaquePointer?
    /// /dev/tty, opened when standard input or output is not the terminal (data piped in, as
    /// `cat data.csv | clusterview`): keys are read from it and the screen drawn on it, as less
    /// and fzf do.
    private var controllingTerminal: UnsafeMutablePointer<FILE>?
    /// The descriptor keys are read from: standard input, or /dev/tty.
    var inputDescriptor: Int32 = STDIN_FILENO
    var colorPairs = ColorPairs(colorCount: 0, pairLimit: 0, defaultColors: false)
    /// What the terminal shows now, for drawing only the cells that changed; nil forces a full draw.
    var shown: Screen?

    public init(inputMode: InputMode = .cbreak, escapeDelayMilliseconds: Int32 = 25) {
        self.inputMode = inputMode
        self.escapeDelayMilliseconds = escapeDelayMilliseconds
    }

    deinit {
        stop()
    }

    /// Takes over the terminal.
    ///
    /// Sets the locale from the environment (`setlocale(LC_ALL, "")`) so wide characters work,
    /// then starts curses with the chosen input mode, no echo, keypad, `nonl`, hidden cursor,
    /// mouse clicks and wheel, Esc delay, and colours with the terminal's defaults when it has
    /// them. Does nothing when already active.
    ///
    /// When standard input or output is not a terminal (a pipe, a file), the controlling terminal
    /// `/dev/tty` takes its place. Throws `TerminalError.notATerminal` when there is none, and
    /// `.unknownTerminal` when ncurses cannot use `TERM`; the terminal is untouched then.
    public func start() throws {
        guard !isActive else { return }
        let inputIsTerminal = isatty(STDIN_FILENO) == 1, outputIsTerminal = isatty(STDOUT_FILENO) == 1
        if !inputIsTerminal || !outputIsTerminal {
            guard let tty = fopen("/dev/tty", "r+"), isatty(fileno(tty)) == 1 else { throw TerminalError.notATerminal }
            controllingTerminal = tty
        }
        let input = inputIsTerminal ? stdin : controllingTerminal, output = outputIsTerminal ? stdout : controllingTerminal
        inputDescriptor = fileno(input)
        setlocale(LC_ALL, "")
        // Handlers first, so curses sees them and keeps its own off SIGINT and SIGTERM; the modes
        // saved now are the shell's. The reset sequence is filled in once terminfo is loaded.
        SignalGuard.install(input: inputDescriptor, output: fileno(output))
        Self.registerExitHook()
        guard let screen = newterm(nil, output, input) else {
            SignalGuard.uninstall()
            closeControllingTerminal()
            throw TerminalError.unknownTerminal(String(cString: getenv("TERM") ?? strdup("")))
        }
        self.screen = screen
        set_term(screen)
        isActive = true
        Terminal.active = self

        switch inputMode {
        case .cbreak: cbreak()
        case .raw: raw()
        }
        noecho()
        nonl()
        keypad(cv_stdscr(), true)
        intrflush(cv_stdscr(), false)
        curs_set(0)
        leaveok(cv_stdscr(), true)
        set_escdelay(escapeDelayMilliseconds)
        mousemask(cv_button1_pressed() | cv_button4_pressed() | cv_button5_pressed(), nil)
        mouseinterval(0)
        // SGR (1006) reports on top of what curses asked for: positions in decimal, so clicks
        // beyond column 223 arrive too. `readAvailableEvent` decodes them; the old encoding still
        // works for terminals without 1006. The reset sequence switches it off again.
        if let output {
            fputs("\u{1B}[?1006h", output)
            fflush(output)
        }

        var colorCount = 0
        var defaultColors = false
        if has_colors() && start_color() == OK {
            defaultColors = use_default_colors() == OK
            colorCount = Int(cv_colors())
        }
        colorPairs = ColorPairs(colorCount: Int32(colorCount), pairLimit: Int32(cv_color_pairs()),
                                defaultColors: defaultColors)
        capabilities = TerminalCapabilities(colorCount: colorCount, unicode: cv_locale_is_utf8() != 0)
        shown = nil
        SignalGuard.setResetSequence(Self.resetSequence())
    }

    /// Gives the terminal back: ends curses (leaving the alternate screen, showing the cursor,
    /// restoring echo and line mode) and puts the previous signal handlers back.
    ///
    /// Safe to call any number of times, and when `start()` never ran.
    public func stop() {
        guard isActive else { return }
        isActive = false
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        shown = nil
        if Terminal.active === self { Terminal.active = nil }
        SignalGuard.uninstall()
        closeControllingTerminal()
    }

    private func closeControllingTerminal() {
        if let controllingTerminal { fclose(controllingTerminal) }
        controllingTerminal = nil
        inputDescriptor = STDIN_FILENO
    }

    /// The terminal's size in cells; (0, 0) when not active.
    public var size: (width: Int, height: Int) {
        guard isActive else { return (0, 0) }
        return (Int(cv_width()), Int(cv_height()))
    }

    /// The signal that asked the program to end, if one came since `start()`.
    public var pendingSignalOutcome: RunOutcome? {
        switch SignalGuard.pending.load(ordering: .sequentiallyConsistent) {
        case SIGINT: return .interrupted
        case SIGTERM: return .terminated
        case SIGHUP: return .hungUp
        default: return nil
        }
    }

    // MARK: Restoring at exit

    /// The terminal to stop when the process exits without stopping it.
    nonisolated(unsafe) static weak var active: Terminal?
    nonisolated(unsafe) private static var exitHookRegistered = false

    private static func registerExitHook() {
        guard !exitHookRegistered else { return }
        exitHookRegistered = true
        atexit { Terminal.active?.stop() }
    }

    /// Terminfo's sequences that undo what curses sends: leave the alternate screen, show the
    /// cursor, leave keypad mode, reset attributes; then switch mouse reporting off (xterm
    /// sequences, which terminals without a mouse ignore).
    private static func resetSequence() -> [UInt8] {
        var bytes: [UInt8] = []
        for capability in ["rmcup", "cnorm", "rmkx", "sgr0"] {
            guard let value = tigetstr(capability), Int(bitPattern: value) > 0 else { continue }
            bytes += Array(String(cString: value).utf8)
        }
        bytes += Array("\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l\r\n".utf8)
        return bytes
    }
}
