import XCTest
@testable import ClusterViewUI

/// Regression tests for what fuzzing the `--keys` parser found (scripts/fuzz run keys).
final class KeyTokensFuzzFindingTests: XCTestCase {
    // keys, crash-14e1c122: a lone combining mark after a vertical tab parsed as a key, but
    // `format` puts a space before it, the mark joins the space into one character, and the
    // text no longer parses to the same events. Such tokens are now refused; the round trip
    // holds for everything the parser accepts.
    func testTokensThatWouldMergeWithSpacesAreRefused() throws {
        let found = "_\u{0619} b\u{0B}\u{0611} "
        XCTAssertThrowsError(try KeyTokens.parse(found)) { error in
            XCTAssert("\(error)".contains("3"), "the third token is named: \(error)")
        }
        for lone in ["\u{0301}", "\u{200D}", "\u{FE0F}", "\u{0903}"] {
            XCTAssertThrowsError(try KeyTokens.parse("n\u{0B}\(lone)"), lone.debugDescription)
        }
        // Characters that carry their marks are keys, and round-trip.
        for text in ["_\u{0619} b", "e\u{0301}", "é n ]", "👍🏽 q"] {
            let events = try KeyTokens.parse(text)
            XCTAssertEqual(try KeyTokens.parse(KeyTokens.format(events)), events, text.debugDescription)
        }
    }
}
