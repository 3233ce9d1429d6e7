import ClusterViewUI
import Foundation
import XCTest

/// Compares `screen.plainText` with the golden file `Tests/ClusterViewUITests/Golden/<name>.txt`.
///
/// With `UPDATE_GOLDEN=1` in the environment the file is (re)written instead and the assertion
/// passes; review the change in `git diff`. A missing file fails with the actual screen, ready to
/// be recorded. On a mismatch the failure shows expected and actual as quoted, numbered lines,
/// the first differing line marked with `>`. Golden files end with one newline, which is not part
/// of the screen.
func assertScreen(_ screen: Screen, golden name: String,
                  file: StaticString = #filePath, line: UInt = #line) {
    let url = goldenDirectory.appendingPathComponent("\(name).txt")
    let actual = screen.plainText
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
        do {
            try FileManager.default.createDirectory(at: goldenDirectory, withIntermediateDirectories: true)
            try (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
        } catch {
            XCTFail("could not write golden \(url.path): \(error)", file: file, line: line)
        }
        return
    }
    guard let stored = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("no golden file \(url.path); run with UPDATE_GOLDEN=1 to record:\n"
                + quotedLines(actual, marking: nil), file: file, line: line)
        return
    }
    let expected = stored.hasSuffix("\n") ? String(stored.dropLast()) : stored
    guard expected != actual else { return }
    XCTFail(goldenMismatch(expected: expected, actual: actual, name: name), file: file, line: line)
}

/// The failure message for a golden mismatch: both texts as numbered, quoted lines.
func goldenMismatch(expected: String, actual: String, name: String) -> String {
    let expectedLines = expected.components(separatedBy: "\n")
    let actualLines = actual.components(separatedBy: "\n")
    let firstDifference = (0..<max(expectedLines.count, actualLines.count)).first {
        $0 >= expectedLines.count || $0 >= actualLines.count || expectedLines[$0] != actualLines[$0]
    } ?? 0
    return """
        screen differs from golden '\(name)' at line \(firstDifference + 1) \
        (rerun with UPDATE_GOLDEN=1 to accept)
        expected:
        \(quotedLines(expected, marking: firstDifference))
        actual:
        \(quotedLines(actual, marking: firstDifference))
        """
}

/// `text` as lines numbered from 1, each in double quotes; line `marking` (0-based) gets a `>`.
func quotedLines(_ text: String, marking: Int?) -> String {
    text.components(separatedBy: "\n").enumerated().map { index, line in
        let marker = index == marking ? ">" : " "
        let number = String(index + 1)
        return "\(marker)\(String(repeating: " ", count: max(0, 3 - number.count)))\(number) \"\(line)\""
    }.joined(separator: "\n")
}

private let goldenDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().appendingPathComponent("Golden")

/// A screen pre-filled with `marker`, so a cell nobody drew shows up in the text.
func markedScreen(width: Int, height: Int, marker: Character = "~") -> Screen {
    Screen(width: width, height: height, fill: Cell(marker))
}
