import ArgumentParser
import ClusterKit
import ClusterIO
import ClusterViewUI
import Foundation

/// Builds the explorer's initial state from the shared options; used by the explorer and `render`,
/// so both start from exactly the same state. All input errors surface here, before any screen.
enum ExplorerSetup {
    static func state(data: DataOptions, model: ModelOptions, display: DisplayOptions,
                      width: Int, height: Int, select: Int? = nil, modelPath: String? = nil) throws -> AppState {
        var state = try modelPath.map {
            try savedModelState(data: data, display: display, width: width, height: height, modelPath: $0, seed: model.seed)
        } ?? fittedState(data: data, model: model, display: display, width: width, height: height)
        // What the options ask of either start, a saved model or a fit.
        if model.betaIsAuto { state.enableAutoBeta() }
        if let select { try selectRow(select, in: &state) }
        if let shape = display.imageShape { try state.drawAsPictures(shape) }
        return state
    }

    /// The state of a fresh fit of the data, with the notes stderr would show.
    private static func fittedState(data: DataOptions, model: ModelOptions, display: DisplayOptions,
                                    width: Int, height: Int) throws -> AppState {
        let pipeline = try Pipeline(data: data, model: model)
        let axes = try display.axes(for: pipeline.data.dataset)
        var state = try AppState(dataset: pipeline.data.dataset, fileName: data.sourceName,
                                 standardize: data.standardize, normalization: data.normalization,
                                 settings: pipeline.settings, projection: axes,
                                 bootstrapRuns: display.bootstrapRuns, bootstrapResampleSize: display.bootstrapResample,
                                 width: width, height: height)
        // stderr is hidden behind the full screen: the screen says these too.
        let notes = [droppedNotice(pipeline.data.dataset),
                     WideData.diagonalMixtureNote(requested: model.covarianceOption, method: model.method,
                                                  dimension: pipeline.data.matrix.columns)].compactMap { $0 }
        if !notes.isEmpty { state.note(notes.joined(separator: "; ")) }
        return state
    }

    /// The explorer's first message when rows were left out, e.g. `342 of 344 rows: 2 dropped
    /// (lines 5, 273)`: stderr is hidden behind the full screen, so the screen says it too.
    static func droppedNotice(_ dataset: Dataset) -> String? {
        guard !dataset.dropped.isEmpty else { return nil }
        let kept = dataset.rowIndices.count, total = kept + dataset.dropped.count
        let lines = dataset.dropped.prefix(5).map { String($0.line) }.joined(separator: ", ")
        let more = dataset.dropped.count > 5 ? ", …" : ""
        return "\(kept) of \(total) rows: \(dataset.dropped.count) dropped (line\(dataset.dropped.count == 1 ? "" : "s") \(lines)\(more))"
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
                                        modelPath: String, seed: UInt32) throws -> AppState {
        let saved = try ModelFile.load(modelPath)
        var options = data.loadOptions
        if options.columns == nil { options.columns = saved.columns }
        let dataset = try DataLoading.load(data, options: options, seed: seed)
        try saved.checkColumns(dataset.featureNames, dataSource: data.sourceName, modelSource: modelPath)
        DataLoading.noteLoaded(dataset)
        let prepared = try PreparedData.checked(dataset, standardize: saved.standardized, normalization: saved.normalization,
                                                scaler: saved.scaler)
        try RowsForK.check(rows: prepared.matrix.rows, k: saved.k, source: data.sourceName, savedModel: true)
        let model = try saved.restore(on: prepared.matrix)
        var state = try AppState(fileName: data.sourceName, data: prepared, settings: saved.settings, model: model,
                                 projection: try display.axes(for: dataset), bootstrapRuns: display.bootstrapRuns,
                                 bootstrapResampleSize: display.bootstrapResample, width: width, height: height)
        state.note("opened \(modelPath) (fitted to iter \(saved.iteration)\(saved.converged ? ", converged" : ""))"
                   + (droppedNotice(dataset).map { "; " + $0 } ?? ""))
        return state
    }
}
