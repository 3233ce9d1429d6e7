import ClusterViewUI

extension Terminal {
    /// Runs `app` until it quits or a signal asks the program to end, then stops the terminal.
    ///
    /// Draws at once, then loops: wait up to `pollIntervalMilliseconds` for input, hand every
    /// event that has arrived to `app.handle` before drawing again (so a burst of keys costs one
    /// draw), ask `app.poll()` for background results, and draw when anything changed. The loop
    /// only ever waits for input, never for the app, so background results appear within one
    /// interval. Starts the terminal first when needed (and throws what `start()` throws).
    ///
    /// Returns `.quit` when `handle` returned false, or `.interrupted`, `.terminated`, `.hungUp`
    /// for SIGINT, SIGTERM, SIGHUP; exit with `outcome.exitCode`. The terminal is stopped in
    /// every case before `run` returns.
    public func run(_ app: TerminalApp, pollIntervalMilliseconds: Int = 40) throws -> RunOutcome {
        try start()
        defer { stop() }
        var needsDraw = true
        while true {
            if let outcome = pendingSignalOutcome { return outcome }
            if needsDraw {
                let (width, height) = size
                draw(app.render(width: width, height: height))
                needsDraw = false
            }
            var event = nextEvent(timeoutMilliseconds: pollIntervalMilliseconds)
            var handled = 0
            while let current = event {
                TestTrap.fireIfRequested(by: current)
                if !app.handle(current) { return .quit }
                needsDraw = true
                handled += 1
                // Bounded, so that a flood of input still lets the screen update now and then.
                event = handled < 256 ? nextEvent(timeoutMilliseconds: 0) : nil
            }
            if app.poll() { needsDraw = true }
        }
    }
}
