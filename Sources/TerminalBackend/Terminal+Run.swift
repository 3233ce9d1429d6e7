import CNcursesw
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ClusterViewUI

extension Terminal {
    /// Runs `app` until it quits or a signal asks the program to end, then stops the terminal.
    ///
    /// Draws at once, then loops: sleep until input arrives, background work calls
    /// `Terminal.wakeRunLoop()`, or `app.wakeAfterMilliseconds` passes; hand every event that has
    /// arrived to `app.handle` before drawing again (so a burst of keys costs one draw), ask
    /// `app.poll()` for background results, and draw only when anything changed. The loop never
    /// waits for the app, and an idle app costs no CPU. Starts the terminal first when needed
    /// (and throws what `start()` throws).
    ///
    /// Returns `.quit` when `handle` returned false, or `.interrupted`, `.terminated`, `.hungUp`
    /// for SIGINT, SIGTERM, SIGHUP; exit with `outcome.exitCode`. The terminal is stopped in
    /// every case before `run` returns.
    public func run(_ app: TerminalApp) throws -> RunOutcome {
        try start()
        defer { stop() }
        var bookkeeping = ResizeBookkeeping()
        while true {
            if let outcome = pendingSignalOutcome { return outcome }
            if SignalGuard.takeSuspendRequest(), bookkeeping.suspend() {
                suspend()
                bookkeeping.resume()
            }
            if bookkeeping.needsDraw {
                let (width, height) = size
                if let told = bookkeeping.drawing(width: width, height: height) {
                    app.sizeChanged(width: told.width, height: told.height)
                }
                draw(app.render(width: width, height: height))
            }
            // Without a wake pipe (pipe() failed), fall back to looking every 40 ms.
            let canBeWoken = SignalGuard.wakeReadDescriptor >= 0
            var event = nextEvent(timeoutMilliseconds: app.wakeAfterMilliseconds ?? (canBeWoken ? -1 : 40))
            var handled = 0
            while let current = event {
                TestTrap.fireIfRequested(by: current)
                if !app.handle(current) { return .quit }
                bookkeeping.changed()
                handled += 1
                // Bounded, so that a flood of input still lets the screen update now and then.
                event = handled < 256 ? nextEvent(timeoutMilliseconds: 0) : nil
            }
            if app.poll() { bookkeeping.changed() }
        }
    }
}

extension Terminal {
    /// Wakes `run` from any thread (a background job posted a result): one byte on the pipe
    /// `nextEvent` waits on together with the keyboard. Does nothing before `start()`.
    public static func wakeRunLoop() {
        let fd = SignalGuard.wakeWriteDescriptor.load(ordering: .sequentiallyConsistent)
        guard fd >= 0 else { return }
        var byte: UInt8 = 1
        // Non-blocking: a full pipe already wakes the loop.
        _ = write(fd, &byte, 1)
    }
}

extension Terminal {
    /// Ctrl-Z, on the run loop's thread: gives the terminal back, stops until `fg`, then draws
    /// everything again (the shell wrote over the screen meanwhile).
    func suspend() {
        guard isActive else { return }
        endwin()
        SignalGuard.stopProcess()
        shown = nil
        clearok(cv_curscr(), true)
        wrefresh(cv_stdscr())
    }
}
