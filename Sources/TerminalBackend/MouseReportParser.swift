import ClusterViewUI

/// A decoded SGR mouse report: an event the explorer uses, or one it reads and drops.
enum SGRMouseReport: Equatable {
    case event(InputEvent)
    case ignored

    /// The report of a body `b;x;y` plus its final `M` (press) or `m` (release): a left press or
    /// a wheel step, at 0-based cells; `.ignored` for the rest (releases, drags, other buttons),
    /// which the explorer does not use; nil when the body is no report at all.
    ///
    /// Positions are decimal, so any column and row fits (no 223 limit as in the old X10
    /// encoding).
    init?(body: String) {
        guard let final = body.last, final == "M" || final == "m" else { return nil }
        let numbers = body.dropLast().split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        guard numbers.count == 3, let button = numbers[0], let x = numbers[1], let y = numbers[2], x >= 1, y >= 1 else {
            return nil
        }
        // Only the button bits, without the modifier bits (4 Shift, 8 Meta, 16 Ctrl) and without
        // motion (32), which is a drag.
        guard final == "M", button & 32 == 0 else {
            self = .ignored
            return
        }
        switch button & ~(4 | 8 | 16) {
        case 0: self = .event(.mouse(.click(column: x - 1, row: y - 1)))
        case 64: self = .event(.mouse(.wheelUp(column: x - 1, row: y - 1)))
        case 65: self = .event(.mouse(.wheelDown(column: x - 1, row: y - 1)))
        default: self = .ignored
        }
    }
}

/// Reads an SGR mouse report (`[<b;x;yM`) one character at a time, after an Esc.
///
/// Curses knows nothing of SGR (1006) reports: it hands them over as an Esc and plain
/// characters. Feed each character that follows the Esc; the parser says whether it wants more,
/// has a report, or knows the characters are no report (then the caller gives back every
/// character in `consumed`, so Esc and the keys after it arrive as typed). Once it said
/// `.notAReport` it says so for every later character; feed nothing after a `.report`.
struct SGRMouseReportParser {
    /// What one more character made of the report so far.
    enum Step: Equatable {
        /// Still a report's beginning; feed the next character.
        case needMore
        /// No report: give back `consumed`.
        case notAReport
        /// A whole report: `consumed` is spent.
        case report(SGRMouseReport)
    }

    /// The longest report looked for: `[<` and three numbers of up to six digits each, with
    /// their separators and final; anything longer is taken for typed text.
    static let maximumLength = 24

    /// The characters fed so far, in order.
    private(set) var consumed: [UInt32] = []

    /// Set once the characters are known to be no report: later characters cannot make one.
    private var isNoReport = false

    mutating func feed(_ character: UInt32) -> Step {
        consumed.append(character)
        let step = step(after: character)
        if step == .notAReport { isNoReport = true }
        return step
    }

    private func step(after character: UInt32) -> Step {
        guard !isNoReport else { return .notAReport }
        // A report is ASCII through and through: anything else means typed text (and would be
        // mistaken for a digit or final if cut to its low byte).
        guard character < 0x80 else { return .notAReport }
        let scalar = Character(Unicode.Scalar(UInt8(character)))
        switch consumed.count {
        case 1: return scalar == "[" ? .needMore : .notAReport
        case 2: return scalar == "<" ? .needMore : .notAReport
        default: break
        }
        guard scalar == "M" || scalar == "m" else {
            return consumed.count < Self.maximumLength ? .needMore : .notAReport
        }
        let body = String(decoding: consumed.dropFirst(2).map { UInt8($0) }, as: UTF8.self)
        guard let report = SGRMouseReport(body: body) else { return .notAReport }
        return .report(report)
    }
}
