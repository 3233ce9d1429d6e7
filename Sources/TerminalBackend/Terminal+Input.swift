import CNcursesw
import ClusterViewUI
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Terminal {
    /// The next input event, waiting at most `timeoutMilliseconds` (0: do not wait; negative:
    /// wait until something happens); nil when none came in time.
    ///
    /// Also returns nil at once when a SIGINT, SIGTERM or SIGHUP is pending (see
    /// `pendingSignalOutcome`), and when not active. When standard input reports a hang-up or
    /// error, that counts as SIGHUP, so the run loop ends instead of spinning. Keys curses knows but `Key` does not
    /// (Insert, Delete, F13…) and mouse actions other than a left press or the wheel are skipped.
    /// A resize also makes the next `draw` redraw everything.
    public func nextEvent(timeoutMilliseconds: Int) -> InputEvent? {
        guard isActive, pendingSignalOutcome == nil else { return nil }
        if let event = readAvailableEvent() { return event }
        var descriptors = [pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: SignalGuard.wakeReadDescriptor, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&descriptors, nfds_t(descriptors[1].fd >= 0 ? 2 : 1), Int32(clamping: timeoutMilliseconds))
        if ready > 0, descriptors[1].revents != 0 { SignalGuard.drainWakePipe() }
        if ready > 0, descriptors[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            // The terminal is gone (closed without SIGHUP): end as if hung up rather than spin.
            _ = SignalGuard.pending.compareExchange(expected: 0, desired: SIGHUP, ordering: .sequentiallyConsistent)
        }
        guard pendingSignalOutcome == nil else { return nil }
        // Also after EINTR: SIGWINCH interrupts poll, and curses then reports KEY_RESIZE.
        return readAvailableEvent()
    }

    /// Reads what curses has without waiting, skipping input that is no `InputEvent`.
    private func readAvailableEvent() -> InputEvent? {
        wtimeout(cv_stdscr(), 0)
        var input = CursesScreenInput()
        while let decoded = InputDecoder.next(from: &input) {
            switch decoded {
            case .event(let event):
                return event
            case .resize:
                shown = nil
                let (width, height) = size
                return .resize(width: width, height: height)
            case .cursesMouse:
                if let event = mouseEvent() { return event }
            }
        }
        return nil
    }

    private func mouseEvent() -> InputEvent? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let column = Int(event.x), row = Int(event.y)
        if event.bstate & cv_button1_pressed() != 0 { return .mouse(.click(column: column, row: row)) }
        if event.bstate & cv_button4_pressed() != 0 { return .mouse(.wheelUp(column: column, row: row)) }
        if event.bstate & cv_button5_pressed() != 0 { return .mouse(.wheelDown(column: column, row: row)) }
        return nil
    }
}

/// Curses' input queue of the current screen, read without waiting (the caller set `wtimeout`).
private struct CursesScreenInput: CursesInput {
    mutating func read() -> CursesRead? {
        var character: wint_t = 0
        let status = wget_wch(cv_stdscr(), &character)
        if status == ERR { return nil }
        return status == KEY_CODE_YES ? .keyCode(Int32(character)) : .character(UInt32(character))
    }

    mutating func giveBack(_ read: CursesRead) {
        switch read {
        case .character(let character): unget_wch(wchar_t(character))
        case .keyCode(let code): ungetch(code)
        }
    }
}
