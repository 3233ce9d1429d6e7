import Foundation
import XCTest

/// The README shows real screens: each block marked `<!-- screen: ARGS -->` is exactly what
/// `clusterview ARGS --size 120x40` prints (scripts/update-readme regenerates them).
final class ReadmeTests: XCTestCase {
    func testReadmeScreensAreWhatRenderPrints() throws {
        let readme = try String(contentsOf: BuiltProduct.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: "<!-- screen: (.*?) -->\\n```\\n(.*?)\\n```\\n<!-- /screen -->",
                                              options: [.dotMatchesLineSeparators])
        let matches = pattern.matches(in: readme, range: NSRange(readme.startIndex..., in: readme))
        XCTAssertGreaterThan(matches.count, 0, "the README shows at least one screen")
        for match in matches {
            let arguments = String(readme[Range(match.range(at: 1), in: readme)!])
            let shown = String(readme[Range(match.range(at: 2), in: readme)!])
            let process = Process()
            process.executableURL = try BuiltProduct.clusterview()
            process.currentDirectoryURL = BuiltProduct.packageRoot
            process.arguments = try shellWords(arguments) + ["--size", "120x40"]
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = nil  // the README shows the colour screen's text
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0)
            XCTAssertEqual(output.trimmingCharacters(in: .newlines), shown, "README screen for `\(arguments)` is stale: run scripts/update-readme")
        }
    }

    /// Splits a command line as a shell would for plain words and double-quoted strings.
    private func shellWords(_ line: String) throws -> [String] {
        var words: [String] = [], current = "", quoted = false, inWord = false
        for c in line {
            if c == "\"" { quoted.toggle(); inWord = true; continue }
            if c == " " && !quoted {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            current.append(c)
            inWord = true
        }
        if inWord { words.append(current) }
        return words
    }
}
