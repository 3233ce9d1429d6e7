/// The run loop's record of what the app and the screen know: whether a draw is due, the size
/// the app last heard of, and whether the program is stopped by Ctrl-Z.
///
/// The app learns the terminal's size through an event, like any other change of its state, and
/// only when it changed: before the first draw, after a resize, and after a resume when the
/// terminal was resized while the program was stopped (no SIGWINCH handler runs then).
/// No curses calls here: `Terminal.run` does the drawing and stopping this records.
struct ResizeBookkeeping {
    struct Size: Equatable {
        var width: Int
        var height: Int
    }

    enum Phase: Equatable {
        case running
        /// Between Ctrl-Z and `fg`: the terminal is the shell's, nothing is drawn.
        case suspended
    }

    private(set) var phase = Phase.running
    /// The size the app was last told of; nil before the first draw.
    private(set) var sizeTold: Size?
    private var drawDue = true

    /// Whether to draw before waiting again: something changed since the last draw, and the
    /// terminal is the program's.
    var needsDraw: Bool { drawDue && phase == .running }

    /// Something the screen shows changed (an event handled, a background result).
    mutating func changed() { drawDue = true }

    /// Ctrl-Z was taken; returns whether to stop now. False while already stopped: one
    /// suspension per stop, however many requests came.
    mutating func suspend() -> Bool {
        guard phase == .running else { return false }
        phase = .suspended
        return true
    }

    /// The program runs again after `fg`: the shell wrote over the screen, so draw at once.
    mutating func resume() {
        guard phase == .suspended else { return }
        phase = .running
        drawDue = true
    }

    /// A draw at the terminal's current size is starting: the size the app must be told first
    /// when it is not the one it last heard of, else nil.
    mutating func drawing(width: Int, height: Int) -> Size? {
        drawDue = false
        let size = Size(width: width, height: height)
        guard size != sizeTold else { return nil }
        sizeTold = size
        return size
    }
}
