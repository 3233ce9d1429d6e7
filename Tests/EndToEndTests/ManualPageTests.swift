import Foundation
import XCTest

/// The committed man page, docs/man/clusterview.1 (swift-argument-parser's manual plugin, run by
/// scripts/update-man), still says what the commands' own help says.
///
/// Regenerating the page takes the plugin and a build, too slow for a test, so this compares
/// contents with `clusterview --experimental-dump-help` (the description the plugin itself
/// renders): each command has its entry, each of its options and arguments is listed in that
/// entry with its help text, and the page lists no option the help does not have. Text is
/// compared as the plugin writes it: ASCII only, with mdoc's escapes undone.
/// `scripts/update-man --check` compares the whole page (CI runs it).
final class ManualPageTests: XCTestCase {
    private struct Command: Decodable {
        var commandName: String
        var abstract: String?
        var discussion: String?
        var arguments: [Argument]?
        var subcommands: [Command]?
    }

    private struct Argument: Decodable {
        struct Name: Decodable { var kind: String, name: String }
        var kind: String
        var names: [Name]?
        var abstract: String?
        var shouldDisplay: Bool

        /// As the page spells them: `--long`, `-s`.
        var spelled: [String] { (names ?? []).map { ($0.kind == "short" || $0.kind == "longWithSingleDash" ? "-" : "--") + $0.name } }
    }

    private struct ToolInfo: Decodable { var command: Command }

    func testManualPageMatchesTheHelp() throws {
        let page = try String(contentsOf: BuiltProduct.packageRoot.appendingPathComponent("docs/man/clusterview.1"), encoding: .utf8)
        let root = try JSONDecoder().decode(ToolInfo.self, from: try dumpHelp()).command
        let stale = "docs/man/clusterview.1 is stale: run scripts/update-man"

        let entries = Self.entries(of: page)
        XCTAssertEqual(entries.keys.sorted(), ([""] + (root.subcommands ?? []).map(\.commandName)).sorted(),
                       "the page's command entries are not the commands; \(stale)")
        var everyName = Set<String>()
        for command in [root] + (root.subcommands ?? []) {
            let key = command.commandName == root.commandName ? "" : command.commandName
            let entry = Self.plainText(entries[key] ?? "")
            let listed = Self.optionNames(in: entries[key] ?? "")
            for text in [command.abstract, command.discussion].compactMap({ $0 }).map(Self.asciiOnly) where !text.isEmpty {
                XCTAssertTrue(Self.plainText(page).contains(text), "`\(command.commandName)`'s help text is not on the page: \(text.prefix(80)); \(stale)")
            }
            for argument in command.arguments ?? [] {
                everyName.formUnion(argument.spelled)
                guard argument.shouldDisplay else { continue }
                for name in argument.spelled where argument.kind != "positional" {
                    XCTAssertTrue(listed.contains(name), "`\(key.isEmpty ? root.commandName : key) \(name)` is not on the page; \(stale)")
                }
                if let abstract = argument.abstract.map(Self.asciiOnly), !abstract.isEmpty {
                    XCTAssertTrue(entry.contains(abstract), "the help of `\(key) \(argument.spelled.first ?? argument.kind)` is not on the page: \(abstract); \(stale)")
                }
            }
        }
        let onPage = entries.values.reduce(into: Set<String>()) { $0.formUnion(Self.optionNames(in: $1)) }
        XCTAssertEqual(onPage.subtracting(everyName).sorted(), [], "the page lists options the help does not have; \(stale)")
        XCTAssertGreaterThan(onPage.count, 20, "the page's options were found")
    }

    /// The page cut at its command entries (`.It Em NAME`); "" is the part before the first.
    private static func entries(of page: String) -> [String: String] {
        var entries: [String: String] = [:], current = ""
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(".It Em ") { current = String(line.dropFirst(".It Em ".count)) }
            entries[current, default: ""] += line + "\n"
        }
        return entries
    }

    /// The options an entry lists: `.It Fl k , -k Ar k` is `-k` and `--k` (`Fl` adds one dash).
    private static func optionNames(in entry: String) -> Set<String> {
        var names = Set<String>()
        for line in entry.split(separator: "\n") where line.hasPrefix(".It Fl ") {
            let flags = line.dropFirst(".It Fl ".count).components(separatedBy: " Ar ")[0]
            for name in flags.components(separatedBy: " , ") { names.insert("-" + name) }
        }
        return names
    }

    /// The page's text with mdoc's escapes undone and macro lines dropped, lines joined by spaces
    /// as the plugin joins a macro argument's lines.
    private static func plainText(_ mdoc: String) -> String {
        mdoc.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.hasPrefix(".") ? String(line.split(separator: " ", maxSplits: 1).dropFirst().first ?? "") : String(line) }
            .map { $0.replacingOccurrences(of: "\\&", with: "").replacingOccurrences(of: "\\(dq", with: "\"")
                     .replacingOccurrences(of: "\\e", with: "\\") }
            .joined(separator: "\n")
    }

    /// What the plugin keeps of a help text: its ASCII characters.
    private static func asciiOnly(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter(\.isASCII)))
    }

    private func dumpHelp() throws -> Data {
        let process = Process()
        process.executableURL = try BuiltProduct.clusterview()
        process.arguments = ["--experimental-dump-help"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        return data
    }
}
