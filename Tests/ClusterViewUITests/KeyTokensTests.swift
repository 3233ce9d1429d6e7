import ClusterViewUI
import XCTest

final class KeyTokensTests: XCTestCase {
    func testParsesTheExampleFromTheRenderCommand() throws {
        XCTAssertEqual(try KeyTokens.parse("n n n Tab ] ]"), [
            .key(.character("n")), .key(.character("n")), .key(.character("n")),
            .key(.tab), .key(.character("]")), .key(.character("]")),
        ])
    }

    func testParsesEveryNamedKey() throws {
        let named: [(String, Key)] = [
            ("Space", .space), ("Tab", .tab), ("BackTab", .backTab), ("Enter", .enter), ("Esc", .escape),
            ("Backspace", .backspace), ("Left", .left), ("Right", .right), ("Up", .up), ("Down", .down),
            ("PageUp", .pageUp), ("PageDown", .pageDown), ("Home", .home), ("End", .end),
            ("F1", .function(1)), ("F10", .function(10)), ("F12", .function(12)), ("C-c", .controlC),
        ]
        for (token, key) in named {
            XCTAssertEqual(try KeyTokens.parse(token), [.key(key)], token)
        }
    }

    func testParsesMouseAndResize() throws {
        XCTAssertEqual(try KeyTokens.parse("Click:0,0 WheelUp:12,3 WheelDown:7,40 Resize:80,24"), [
            .mouse(.click(column: 0, row: 0)), .mouse(.wheelUp(column: 12, row: 3)),
            .mouse(.wheelDown(column: 7, row: 40)), .resize(width: 80, height: 24),
        ])
    }

    // Names ignore case; single characters do not.
    func testNamesAreCaseInsensitiveButCharactersAreNot() throws {
        XCTAssertEqual(try KeyTokens.parse("esc PAGEDOWN f3 click:1,2 C-X"),
                       [.key(.escape), .key(.pageDown), .key(.function(3)), .mouse(.click(column: 1, row: 2)),
                        .key(.control("x"))])
        XCTAssertEqual(try KeyTokens.parse("N n"), [.key(.character("N")), .key(.character("n"))])
    }

    func testWhitespaceRunsSeparateAndEmptyIsNothing() throws {
        XCTAssertEqual(try KeyTokens.parse("  q \t\n q  "), [.key(.character("q")), .key(.character("q"))])
        XCTAssertEqual(try KeyTokens.parse(""), [])
    }

    func testUnknownTokenNamesTokenAndPosition() {
        XCTAssertThrowsError(try KeyTokens.parse("n Tab Foo q")) { error in
            XCTAssertEqual(error as? KeyTokenError, KeyTokenError(token: "Foo", position: 3))
            XCTAssertTrue("\(error)".contains("'Foo'") && "\(error)".contains("position 3"), "\(error)")
        }
    }

    func testMalformedTokensAreRejected() {
        for bad in ["F0", "F13", "F01", "F+1", "Click:1", "Click:1,2,3", "Click:-1,2", "Click:a,b", "Click:,1",
                    "WheelLeft:1,1", "Resize:0,10", "C-1", "C-ab", "Tabs", "\u{7}"] {
            XCTAssertThrowsError(try KeyTokens.parse("q \(bad)"), bad) { error in
                XCTAssertEqual((error as? KeyTokenError)?.position, 2, bad)
                XCTAssertEqual((error as? KeyTokenError)?.token, bad)
            }
        }
    }

    // Formatting and parsing are inverse on every kind of event.
    func testRoundTrip() throws {
        let events: [InputEvent] = [
            .key(.character("q")), .key(.character("]")), .key(.character("é")), .key(.space), .key(.tab),
            .key(.backTab), .key(.enter), .key(.escape), .key(.backspace), .key(.left), .key(.right),
            .key(.up), .key(.down), .key(.pageUp), .key(.pageDown), .key(.home), .key(.end),
            .key(.function(1)), .key(.function(10)), .key(.control("c")), .key(.control("z")),
            .mouse(.click(column: 3, row: 9)), .mouse(.wheelUp(column: 0, row: 0)),
            .mouse(.wheelDown(column: 120, row: 40)), .resize(width: 100, height: 30),
        ]
        let text = KeyTokens.format(events)
        XCTAssertEqual(try KeyTokens.parse(text), events)
        XCTAssertTrue(text.hasPrefix("q ] é Space Tab BackTab Enter Esc Backspace"), text)
        XCTAssertEqual(try KeyTokens.format(KeyTokens.parse("esc pageup click:1,2")), "Esc PageUp Click:1,2")
    }
}

/// The spellings people type for named keys (issue 10).
final class KeyTokenAliasTests: XCTestCase {
    func testAliasesParseToTheCanonicalKeys() throws {
        XCTAssertEqual(try KeyTokens.parse("S-Tab shift-tab Escape Return PgUp PgDn"),
                       [.key(.backTab), .key(.backTab), .key(.escape), .key(.enter), .key(.pageUp), .key(.pageDown)])
        // Canonical spellings are what format writes.
        XCTAssertEqual(KeyTokens.format(try KeyTokens.parse("S-Tab Escape")), "BackTab Esc")
    }
}
