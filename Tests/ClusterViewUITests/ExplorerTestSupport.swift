import ClusterKit
import Foundation
@testable import ClusterViewUI

let explorerRepositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A headless explorer on a shipped dataset, as `clusterview render` builds it.
func explorer(_ file: String = "iris.csv", settings: ModelSettings = ModelSettings(), standardize: Bool = false,
              width: Int = 120, height: Int = 40) throws -> HeadlessSession {
    let bytes = try [UInt8](Data(contentsOf: explorerRepositoryRoot.appendingPathComponent("datasets/\(file)")))
    let dataset = try Dataset.load(csv: bytes, source: file)
    let state = try AppState(dataset: dataset, fileName: file, standardize: standardize, settings: settings,
                             bootstrapRuns: 20, width: width, height: height)
    return HeadlessSession(state: state)
}

/// The runtime the terminal uses, on a shipped dataset, with every job held by a `HeldExecutor`
/// so a test decides when (and in which order) each one runs.
func heldRuntime(_ file: String = "iris.csv", settings: ModelSettings = ModelSettings(), standardize: Bool = false,
                 bootstrapRuns: Int) throws -> (ExplorerRuntime, HeldExecutor) {
    let bytes = try [UInt8](Data(contentsOf: explorerRepositoryRoot.appendingPathComponent("datasets/\(file)")))
    let state = try AppState(dataset: try Dataset.load(csv: bytes, source: file), fileName: file, standardize: standardize,
                             settings: settings, bootstrapRuns: bootstrapRuns, width: 120, height: 40)
    let executor = HeldExecutor()
    let runtime = ExplorerRuntime(state: state, executor: executor)
    runtime.start()
    return (runtime, executor)
}

extension ExplorerRuntime {
    /// Sends the keys of a `--keys`-style token list.
    func keys(_ tokens: String) throws {
        for event in try KeyTokens.parse(tokens) { send(event) }
    }

    /// Runs every held job (in start order unless `reversed`) and applies what they post, until
    /// nothing is held or posted.
    func settle(_ executor: HeldExecutor, reversed: Bool = false) {
        while true {
            drain()
            let next = reversed ? executor.jobs.last : executor.jobs.first
            if let next { executor.run(job: next) } else if !hasPosted { return }
        }
    }
}

extension HeadlessSession {
    mutating func keys(_ tokens: String) throws { send(try KeyTokens.parse(tokens)) }
}

let colourTheme = Theme(mode: DisplayMode(colorDepth: .xterm256, charset: .unicode))
let monochromeTheme = Theme(mode: DisplayMode(colorDepth: .monochrome, charset: .unicode))
let asciiTheme = Theme(mode: DisplayMode(colorDepth: .monochrome, charset: .ascii))
