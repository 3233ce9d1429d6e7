import Foundation
import XCTest
@testable import ClusterViewUI

/// The README's key table is the one the help overlay shows (scripts/update-readme writes it).
final class KeyTableTests: XCTestCase {
    func testReadmeKeyTableMatchesTheBindings() throws {
        let readme = try String(contentsOf: explorerRepositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try XCTUnwrap(readme.range(of: "<!-- keys -->\n")), end = try XCTUnwrap(readme.range(of: "\n<!-- /keys -->"))
        let rows = readme[start.upperBound..<end.lowerBound].split(separator: "\n").dropFirst(2).map(String.init)
        XCTAssertEqual(rows, KeyBindings.table.map { "| `\($0.keys)` | \($0.action) |" })
    }

    // Every key the table documents does something (maps to an action).
    func testEveryDocumentedKeyIsBound() throws {
        let names: [String: InputEvent] = [
            "Space": .key(.space), "Backspace": .key(.backspace), "Tab": .key(.tab), "S-Tab": .key(.backTab),
            "Esc": .key(.escape), "arrows": .key(.left), "hjkl": .key(.character("h")),
            "wheel": .mouse(.wheelUp(column: 0, row: 0)), "click": .mouse(.click(column: 0, row: 0)),
        ]
        for row in KeyBindings.table {
            for word in row.keys.split(separator: " ") {
                let event = names[String(word)] ?? .key(.character(word.first!))
                XCTAssertNotNil(KeyBindings.action(for: event, promptOpen: false), "\(word) (\(row.action))")
            }
        }
    }
}
