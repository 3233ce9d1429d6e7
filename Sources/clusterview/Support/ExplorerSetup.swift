import ArgumentParser
import ClusterKit
import ClusterViewUI
import Foundation

/// Builds the explorer's initial state from the shared options; used by the explorer and `render`,
/// so both start from exactly the same state. All input errors surface here, before any screen.
enum ExplorerSetup {
    static func state(data: DataOptions, model: ModelOptions, display: DisplayOptions,
                      width: Int, height: Int, select: Int? = nil, modelPath: String? = nil) throws -> AppState {
        if let modelPath {
            var state = try savedModelState(data: data, display: display, width: width, height: height, modelPath: modelPath)
            if let select { try selectRow(select, in: &state) }
            return state
        }
        let pipeline = try Pipeline(data: data, model: model)
        let axes = try display.axes(for: pipeline.data.dataset)
        var state = try AppState(dataset: pipeline.data.dataset, fileName: data.sourceName,
                                 standardize: data.standardize, settings: pipeline.settings, projection: axes,
                                 bootstrapRuns: display.bootstrapRuns, width: width, height: height)
        if let select { try selectRow(select, in: &state) }
        return state
    }

    private static func selectRow(_ row: Int, in state: inout AppState) throws {
        guard let position = state.data.position(ofFileRow: row) else {
            throw ModelError("--select: row \(row) is not among the kept rows")
        }
        state.select(position)
    }

    /// A saved model opened on the data: the file's columns must be the model's; the data is
    /// scaled with the model's own scaler; the model's parameters are iteration 0.
    private static func savedModelState(data: DataOptions, display: DisplayOptions, width: Int, height: Int,
                                        modelPath: String) throws -> AppState {
        let saved = try ModelFile.load(modelPath)
        var options = data.loadOptions
        if options.columns == nil { options.columns = saved.columns }
        let dataset = try Dataset.load(csv: try InputFile.read(data.file), source: data.sourceName, options: options)
        try saved.checkColumns(dataset.featureNames, dataSource: data.sourceName, modelSource: modelPath)
        if let summary = dataset.droppedSummary { Diagnostics.note(summary) }
        let prepared = try PreparedData.checked(dataset, standardize: saved.standardized, scaler: saved.scaler)
        guard prepared.matrix.rows >= saved.k else {
            throw ModelError("\(data.sourceName): only \(prepared.matrix.rows) usable rows, fewer than the model's k = \(saved.k)")
        }
        let model = try saved.restore(on: prepared.matrix)
        var state = try AppState(fileName: data.sourceName, data: prepared, settings: saved.settings, model: model,
                                 projection: try display.axes(for: dataset), bootstrapRuns: display.bootstrapRuns,
                                 width: width, height: height)
        state.note("opened \(modelPath) (fitted to iter \(saved.iteration)\(saved.converged ? ", converged" : ""))")
        return state
    }
}
