import ClusterViewUI

/// One thing `wget_wch` read: a character (text, control byte or Esc) or a key code curses
/// decoded from an escape sequence (`KEY_CODE_YES`).
enum CursesRead: Equatable {
    case character(UInt32)
    case keyCode(Int32)
}

/// Where `InputDecoder` reads from: curses' input queue, or a scripted one in tests.
protocol CursesInput {
    /// The next thing read without waiting; nil when nothing more has arrived (curses' `ERR`).
    mutating func read() -> CursesRead?
    /// Gives `read` back, to be read again before anything else (last given back, first read),
    /// as `unget_wch` and `ungetch` do.
    mutating func giveBack(_ read: CursesRead)
}

/// What the decoder found: an event, or something only the terminal can finish.
enum DecodedInput: Equatable {
    case event(InputEvent)
    /// `KEY_RESIZE`: the terminal asks curses for its new size.
    case resize
    /// `KEY_MOUSE`: the terminal fetches curses' mouse report (`getmouse`).
    case cursesMouse
}

/// Turns what curses reads into input, skipping what is no `InputEvent`: SGR mouse reports after
/// an Esc (which curses does not know), key codes and characters (`KeyDecoder`).
enum InputDecoder {
    /// The next input among what has arrived; nil when nothing that makes one is left.
    ///
    /// An SGR report is taken only whole from what has already arrived: a report whose end has
    /// not come yet, malformed bytes, or a key curses decoded in the middle are all given back,
    /// so the Esc arrives as `.escape` and every character after it as typed. Nothing read is
    /// lost or reordered.
    static func next<Input: CursesInput>(from input: inout Input) -> DecodedInput? {
        while let read = input.read() {
            switch read {
            case .keyCode(let code):
                switch KeyDecoder.keyCode(code) {
                case .key(let key): return .event(.key(key))
                case .resize: return .resize
                case .mouse: return .cursesMouse
                case nil: continue
                }
            case .character(let character):
                if character == 27, let report = sgrMouseReport(from: &input) {
                    if case .event(let event) = report { return .event(event) }
                    continue
                }
                if let event = KeyDecoder.characterEvent(character) { return .event(event) }
            }
        }
        return nil
    }

    /// After an Esc: the SGR mouse report the characters already read make, if any. What does
    /// not make one is given back as it came.
    private static func sgrMouseReport<Input: CursesInput>(from input: inout Input) -> SGRMouseReport? {
        var parser = SGRMouseReportParser()
        var step = SGRMouseReportParser.Step.needMore
        while step == .needMore, let read = input.read() {
            guard case .character(let character) = read else {
                // A key curses decoded: give it back first, so it comes after the characters.
                input.giveBack(read)
                break
            }
            step = parser.feed(character)
        }
        if case .report(let report) = step { return report }
        for character in parser.consumed.reversed() { input.giveBack(.character(character)) }
        return nil
    }
}
