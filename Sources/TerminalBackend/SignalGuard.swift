#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// Signal handling that keeps the terminal usable whatever happens.
///
/// SIGINT, SIGTERM and SIGHUP: the first one is only recorded, and a byte written to a pipe wakes
/// the run loop, which returns and restores the terminal through ncurses (`endwin` is not
/// async-signal-safe, so the handler never calls it). A second one while the first is still
/// pending means the program is stuck: the handler restores the terminal itself, with
/// async-signal-safe calls only (`write` of the terminal's reset sequences, `tcsetattr` of the
/// modes saved before curses started), and `_exit`s with 128 + the signal.
///
/// SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP (crashes, Swift traps): the same
/// last-resort restore and a line on stderr saying what happened (the runtime's own message was
/// printed on the explorer's screen, which the restore just left), then the previous handler
/// (the Swift runtime's backtracer, or the default action) takes over, so the crash is still
/// reported, on a readable terminal.
///
/// SIGTSTP (Ctrl-Z): only recorded, with a byte on the wake pipe; the run loop then leaves curses,
/// stops the process and redraws on resume (`Terminal.suspend`). ncurses' own SIGTSTP handler
/// (which it installs only when it finds none) would call `endwin` on whichever thread took the
/// signal, racing the main thread's drawing: a redraw right after it put the screen back and hid
/// the shell's "Stopped". SIGWINCH is left to ncurses.
enum SignalGuard {
    static let requestSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// The first requesting signal not yet taken by the run loop, or 0.
    static let pending = Atomic<Int32>(0)
    /// Set by SIGTSTP; taken by the run loop (`takeSuspendRequest`).
    static let suspendRequested = Atomic<Bool>(false)
    /// The pipe's write end (−1 before `install`); its read end is `wakeReadDescriptor`.
    static let wakeWriteDescriptor = Atomic<Int32>(-1)
    /// Whether `lastResortRestore` has something to restore.
    private static let armed = Atomic<Bool>(false)
    /// The terminal's descriptors: standard input and output, or /dev/tty when data came on stdin.
    private static let inputDescriptor = Atomic<Int32>(STDIN_FILENO)
    private static let outputDescriptor = Atomic<Int32>(STDOUT_FILENO)
    /// Whether `savedModes` holds the modes from before curses.
    private static let haveSavedModes = Atomic<Bool>(false)

    /// Read end of the wake pipe, for `poll`; −1 before `install`.
    nonisolated(unsafe) static var wakeReadDescriptor: Int32 = -1

    /// Terminal modes from before curses, and the bytes that undo what curses sent.
    /// Allocated once and never freed, so a handler can always read them.
    private static let savedModes = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    private static let resetBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: resetCapacity)
    private static let resetLength = Atomic<Int>(0)
    private static let resetCapacity = 512
    private static let previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

    /// Saves the terminal modes, opens the wake pipe and installs the handlers.
    ///
    /// Call before curses starts, so that the saved modes are the shell's; then hand over the
    /// reset sequence with `setResetSequence` once terminfo is loaded.
    static func install(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        inputDescriptor.store(input, ordering: .sequentiallyConsistent)
        outputDescriptor.store(output, ordering: .sequentiallyConsistent)
        // Touch every static the handlers read, so none is first initialised inside a handler.
        _ = (resetBytes, previousActions)
        _ = armed.load(ordering: .relaxed)
        _ = wakeWriteDescriptor.load(ordering: .relaxed)
        haveSavedModes.store(tcgetattr(input, savedModes) == 0, ordering: .sequentiallyConsistent)
        resetLength.store(0, ordering: .sequentiallyConsistent)
        if wakeReadDescriptor < 0 {
            var fds: [Int32] = [-1, -1]
            if pipe(&fds) == 0 {
                for fd in fds {
                    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                }
                wakeReadDescriptor = fds[0]
                wakeWriteDescriptor.store(fds[1], ordering: .sequentiallyConsistent)
            }
        }
        pending.store(0, ordering: .sequentiallyConsistent)
        armed.store(true, ordering: .sequentiallyConsistent)
        for signal in requestSignals { setHandler(signal, requestHandler) }
        for signal in crashSignals { setHandler(signal, crashHandler) }
        suspendRequested.store(false, ordering: .sequentiallyConsistent)
        installSuspendHandler()
    }

    /// Records Ctrl-Z for the run loop (see the type's note). Also after every resume: the
    /// suspension itself goes through the default action.
    static func installSuspendHandler() { setHandler(SIGTSTP, suspendHandler) }

    /// Whether a SIGTSTP came since the last call.
    static func takeSuspendRequest() -> Bool { suspendRequested.exchange(false, ordering: .sequentiallyConsistent) }

    /// Stops the process as the shell expects (SIGTSTP with its default action, so the shell says
    /// "Stopped"), from the calling thread; returns once it is continued (`fg`).
    static func stopProcess() {
        var action = Self.action(running: SIG_DFL)
        sigaction(SIGTSTP, &action, nil)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTSTP)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        // raise() delivers to this thread before it returns: nothing runs on until `fg`.
        raise(SIGTSTP)
        installSuspendHandler()
    }

    /// The bytes `lastResortRestore` writes: what undoes the terminal state curses set up.
    static func setResetSequence(_ bytes: [UInt8]) {
        let count = min(bytes.count, resetCapacity)
        resetLength.store(0, ordering: .sequentiallyConsistent)
        bytes.withUnsafeBufferPointer { resetBytes.update(from: $0.baseAddress!, count: count) }
        resetLength.store(count, ordering: .sequentiallyConsistent)
    }

    /// Puts the handlers that were there before `install` back; pending signals are forgotten.
    static func uninstall() {
        armed.store(false, ordering: .sequentiallyConsistent)
        for signal in requestSignals + crashSignals + [SIGTSTP] { restorePrevious(signal) }
        suspendRequested.store(false, ordering: .sequentiallyConsistent)
        pending.store(0, ordering: .sequentiallyConsistent)
        drainWakePipe()
    }

    /// Empties the wake pipe after `poll` reported it readable.
    static func drainWakePipe() {
        guard wakeReadDescriptor >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeReadDescriptor, &buffer, buffer.count) > 0 {}
    }

    private static func setHandler(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = Self.action(running: handler)
        sigaction(signal, &action, previousActions + Int(signal))
    }

    /// A `sigaction` that runs `handler` (nil: the default action) with no flags and nothing
    /// blocked. The handler sits in a union that each C library names its own way.
    private static func action(running handler: (@convention(c) (Int32) -> Void)?) -> sigaction {
        var action = sigaction()
        #if canImport(Darwin)
        action.__sigaction_u.__sa_handler = handler
        #elseif canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
        #elseif canImport(Musl)
        action.__sa_handler.sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        return action
    }

    /// Whether the handlers are installed and the terminal is in curses' hands.
    static var isArmed: Bool { armed.load(ordering: .sequentiallyConsistent) }

    /// Undoes curses' terminal changes with async-signal-safe calls only.
    static func lastResortRestore() {
        guard armed.load(ordering: .sequentiallyConsistent) else { return }
        let length = resetLength.load(ordering: .sequentiallyConsistent)
        _ = write(outputDescriptor.load(ordering: .sequentiallyConsistent), resetBytes, length)
        if haveSavedModes.load(ordering: .sequentiallyConsistent) {
            _ = tcsetattr(inputDescriptor.load(ordering: .sequentiallyConsistent), TCSANOW, savedModes)
        }
    }

    /// Reinstalls the handler `signal` had before `install`.
    static func restorePrevious(_ signal: Int32) {
        sigaction(signal, previousActions + Int(signal), nil)
    }
}

private func requestHandler(_ signal: Int32) {
    let earlier = SignalGuard.pending.exchange(signal, ordering: .sequentiallyConsistent)
    if earlier != 0 {
        SignalGuard.lastResortRestore()
        _exit(128 + signal)
    }
    var byte: UInt8 = 1
    let descriptor = SignalGuard.wakeWriteDescriptor.load(ordering: .sequentiallyConsistent)
    if descriptor >= 0 { _ = write(descriptor, &byte, 1) }
}

private func suspendHandler(_ signal: Int32) {
    SignalGuard.suspendRequested.store(true, ordering: .sequentiallyConsistent)
    var byte: UInt8 = 1
    let descriptor = SignalGuard.wakeWriteDescriptor.load(ordering: .sequentiallyConsistent)
    if descriptor >= 0 { _ = write(descriptor, &byte, 1) }
}

private func crashHandler(_ signal: Int32) {
    let wasArmed = SignalGuard.isArmed
    SignalGuard.lastResortRestore()
    if wasArmed {
        // A static string: no allocation, so safe inside a handler.
        let message: StaticString = switch signal {
        case SIGSEGV: "\nclusterview: crashed (SIGSEGV, invalid memory access); the terminal was restored\n"
        case SIGBUS: "\nclusterview: crashed (SIGBUS); the terminal was restored\n"
        case SIGILL, SIGTRAP: "\nclusterview: crashed (a Swift runtime trap); the terminal was restored\n"
        case SIGFPE: "\nclusterview: crashed (SIGFPE); the terminal was restored\n"
        default: "\nclusterview: crashed (aborted); the terminal was restored\n"
        }
        _ = write(STDERR_FILENO, message.utf8Start, message.utf8CodeUnitCount)
    }
    SignalGuard.restorePrevious(signal)
    raise(signal)
}
