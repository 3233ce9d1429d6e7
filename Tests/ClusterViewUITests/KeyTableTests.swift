import Foundation
import XCTest
@testable import ClusterViewUI

/// One key table drives the bindings, the key bar, the help and the README.
final class KeyTableTests: XCTestCase {
    // The README's key table is `KeyBindings.markdownTable` (scripts/update-readme writes it).
    func testReadmeKeyTableMatchesTheBindings() throws {
        let readme = try String(contentsOf: explorerRepositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try XCTUnwrap(readme.range(of: "<!-- keys -->\n")), end = try XCTUnwrap(readme.range(of: "\n<!-- /keys -->"))
        XCTAssertEqual(String(readme[start.upperBound..<end.lowerBound]), KeyBindings.markdownTable)
    }

    // Every key a row binds is in its label, resolves to that row's action, and belongs to one row only.
    func testEveryBoundKeyIsDocumentedOnceAndResolves() throws {
        var seen: [Key: String] = [:]
        for row in KeyBindings.rows {
            for binding in row.bindings {
                XCTAssertNil(seen[binding.key], "\(binding.key) is in '\(seen[binding.key] ?? "")' and '\(row.label)'")
                seen[binding.key] = row.label
                let resolved = KeyBindings.action(for: .key(binding.key), promptOpen: false)
                XCTAssertEqual(resolved.map { "\($0)" }, "\(binding.action)", row.label)
                let token = KeyTokens.token(for: .key(binding.key))
                let shown = row.label.split(separator: " ").map(String.init)
                let arrows = [Key.left, .right, .up, .down].contains(binding.key) && shown.contains("arrows")
                let hjkl = shown.contains("hjkl") && "hjkl".contains(token)
                // The table may show the short spelling `--keys` also accepts.
                let alias = ["BackTab": "S-Tab", "PageUp": "PgUp", "PageDown": "PgDn"][token] ?? token
                XCTAssertTrue(shown.contains(token) || shown.contains(alias) || arrows || hjkl,
                              "\(token) not shown in '\(row.label)'")
            }
        }
        // The once-undocumented aliases are now in the table.
        for key in [Key.character("="), .character("."), .character(","), .function(1)] { XCTAssertNotNil(seen[key]) }
    }

    // Rows without bindings are the mouse, which is handled by position.
    func testMouseRowsAreHandled() {
        XCTAssertEqual(KeyBindings.rows.filter { $0.bindings.isEmpty }.map(\.label), ["wheel", "click", "Shift-drag"])
        XCTAssertNotNil(KeyBindings.action(for: .mouse(.click(column: 1, row: 1)), promptOpen: false))
        XCTAssertNotNil(KeyBindings.action(for: .mouse(.wheelUp(column: 1, row: 1)), promptOpen: false))
    }

    // Help fits two columns at 80x24: no description is abbreviated.
    func testHelpAt80x24AbbreviatesNothing() throws {
        var s = try explorer(width: 80, height: 24)
        try s.keys("?")
        let text = render(s.state, theme: colourTheme).plainText
        for row in KeyBindings.rows { XCTAssertTrue(text.contains(row.help), row.help) }
    }

    // The key bar is drawn from the table and keeps ? and q at every width.
    func testKeyBarComesFromTheTable() throws {
        for width in [80, 100, 200] {
            let s = try explorer(width: width, height: 30)
            let bar = render(s.state, theme: colourTheme).plainText.components(separatedBy: "\n")[29]
            XCTAssertTrue(bar.contains("n step"), bar)
            XCTAssertTrue(bar.hasSuffix("? help  q quit") || bar.contains("? help  q quit"), bar)
            if width == 200 {
                for entry in KeyBindings.barEntries { XCTAssertTrue(bar.contains("\(entry.keys) \(entry.label)"), bar) }
            }
        }
    }
}
