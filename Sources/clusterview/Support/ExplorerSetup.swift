import ArgumentParser
import ClusterKit
import ClusterViewUI
import Foundation

/// Builds the explorer's initial state from the shared options; used by the explorer and `render`,
/// so both start from exactly the same state. All input errors surface here, before any screen.
enum ExplorerSetup {
    static func state(data: DataOptions, model: ModelOptions, display: DisplayOptions,
                      width: Int, height: Int, select: Int? = nil) throws -> AppState {
        let pipeline = try Pipeline(data: data, model: model)
        let axes = try display.axes(for: pipeline.data.dataset)
        var state = try AppState(dataset: pipeline.data.dataset, fileName: data.sourceName,
                                 standardize: data.standardize, settings: pipeline.settings, projection: axes,
                                 bootstrapRuns: display.bootstrapRuns, width: width, height: height)
        if let select {
            guard let position = pipeline.data.position(ofFileRow: select) else {
                throw ModelError("--select: row \(select) is not among the kept rows")
            }
            state.select(position)
        }
        return state
    }
}
