import XCTest
@testable import TerminalBackend

/// A stand-in for curses' input queue: reads arrive in chunks, as the terminal's writes reach
/// the program; between chunks `read` says nothing has arrived (curses' ERR). What is given
/// back is read again first, last given back first, as with `unget_wch`.
struct ScriptedInput: CursesInput {
    private var chunks: [[CursesRead]]
    private var available: [CursesRead] = []
    private var givenBack: [CursesRead] = []

    init(_ chunks: [[CursesRead]]) { self.chunks = chunks }

    mutating func read() -> CursesRead? {
        if let read = givenBack.popLast() { return read }
        return available.isEmpty ? nil : available.removeFirst()
    }

    mutating func giveBack(_ read: CursesRead) { givenBack.append(read) }

    /// Makes the next chunk available; false when all have arrived.
    mutating func arrive() -> Bool {
        guard !chunks.isEmpty else { return false }
        available += chunks.removeFirst()
        return true
    }

    var isDrained: Bool { chunks.isEmpty && available.isEmpty && givenBack.isEmpty }

    /// Everything the decoder makes of the chunks, decoding after each arrival until nothing is
    /// left, as the run loop does after each wake-up.
    static func decode(_ chunks: [[CursesRead]]) -> [DecodedInput] {
        var input = ScriptedInput(chunks)
        var decoded: [DecodedInput] = []
        while input.arrive() {
            while let next = InputDecoder.next(from: &input) { decoded.append(next) }
        }
        XCTAssertTrue(input.isDrained, "the decoder left input unread")
        return decoded
    }
}

/// The characters of `text` as curses reads them: one wide character per Unicode scalar.
func characters(_ text: String) -> [CursesRead] { text.unicodeScalars.map { .character($0.value) } }

/// The key events of typing `text` character by character.
func typed(_ text: String) -> [DecodedInput] {
    text.unicodeScalars.map { KeyDecoder.characterEvent($0.value).map(DecodedInput.event)! }
}
