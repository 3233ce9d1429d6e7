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
        while true {
            var character: wint_t = 0
            let status = wget_wch(cv_stdscr(), &character)
            if status == ERR { return nil }
            if status != KEY_CODE_YES, character == 27, let report = readSGRMouse() {
                if case .event(let event) = report { return event }
                continue
            }
            let event = status == KEY_CODE_YES ? functionKeyEvent(Int32(character))
                                               : Self.characterEvent(UInt32(character))
            if let event { return event }
        }
    }

    /// After an Esc: an SGR mouse report (`[<b;x;yM`) if the bytes already read make one. Bytes
    /// that do not are pushed back, so Esc and the keys after it arrive as typed.
    private func readSGRMouse() -> SGRMouseReport? {
        var read: [wint_t] = []
        defer { for character in read.reversed() { unget_wch(wchar_t(character)) } }
        while read.count < 24 {
            var character: wint_t = 0
            let status = wget_wch(cv_stdscr(), &character)
            guard status != ERR else { return nil }
            guard status != KEY_CODE_YES else {
                // A key curses decoded: give it back as it came.
                ungetch(Int32(character))
                return nil
            }
            read.append(character)
            let text = String(decoding: read.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
            if read.count == 1 && text != "[" || read.count == 2 && text != "[<" { return nil }
            guard let last = text.last, last == "M" || last == "m" else { continue }
            let report = Self.sgrMouseReport(String(text.dropFirst(2)))
            if report != nil { read = [] }
            return report
        }
        return nil
    }

    /// The event of an SGR report's body `b;x;y` plus its final `M` (press) or `m` (release):
    /// a left press or a wheel step, at 0-based cells; nil for anything else (releases, drags,
    /// other buttons), which the explorer does not use.
    static func sgrMouseReport(_ body: String) -> SGRMouseReport? {
        guard let final = body.last, final == "M" || final == "m" else { return nil }
        let numbers = body.dropLast().split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        guard numbers.count == 3, let button = numbers[0], let x = numbers[1], let y = numbers[2], x >= 1, y >= 1 else {
            return nil
        }
        // Only the button bits, without the modifier bits (4 Shift, 8 Meta, 16 Ctrl) and without
        // motion (32), which is a drag.
        guard final == "M", button & 32 == 0 else { return .ignored }
        switch button & ~(4 | 8 | 16) {
        case 0: return .event(.mouse(.click(column: x - 1, row: y - 1)))
        case 64: return .event(.mouse(.wheelUp(column: x - 1, row: y - 1)))
        case 65: return .event(.mouse(.wheelDown(column: x - 1, row: y - 1)))
        default: return .ignored
        }
    }

    private func functionKeyEvent(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_RESIZE:
            shown = nil
            let (width, height) = size
            return .resize(width: width, height: height)
        case KEY_MOUSE:
            return mouseEvent()
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_ENTER: return .key(.enter)
        default:
            for number in 1...12 where code == cv_key_f(Int32(number)) { return .key(.function(number)) }
            return nil
        }
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

    /// The event for a character read as text: control bytes become named keys.
    static func characterEvent(_ code: UInt32) -> InputEvent? {
        switch code {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 32: return .key(.space)
        case 1...26: return .key(.control(Character(Unicode.Scalar(UInt8(code) + 96))))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }
}

/// A decoded SGR mouse report: an event the explorer uses, or one it reads and drops.
enum SGRMouseReport: Equatable {
    case event(InputEvent)
    case ignored
}
