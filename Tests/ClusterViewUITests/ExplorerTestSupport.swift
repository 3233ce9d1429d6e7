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

extension HeadlessSession {
    mutating func keys(_ tokens: String) throws { send(try KeyTokens.parse(tokens)) }
}

let colourTheme = Theme(mode: DisplayMode(colorDepth: .xterm256, charset: .unicode))
let monochromeTheme = Theme(mode: DisplayMode(colorDepth: .monochrome, charset: .unicode))
let asciiTheme = Theme(mode: DisplayMode(colorDepth: .monochrome, charset: .ascii))
