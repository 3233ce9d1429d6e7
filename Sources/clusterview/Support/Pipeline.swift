import ClusterKit

/// Load → prepare → settings → fit: the steps every command shares.
struct Pipeline {
    let data: PreparedData
    let settings: ModelSettings
    let initDescription: String

    init(data options: DataOptions, model: ModelOptions) throws {
        let dataset = try DataLoading.load(options, seed: model.seed)
        if let summary = dataset.droppedSummary { Diagnostics.note(summary) }
        if dataset.imputedCount > 0 { Diagnostics.note("filled \(dataset.imputedCount) missing values with the column mean") }
        data = try PreparedData.checked(dataset, standardize: options.standardize, normalization: options.normalization)
        settings = try model.settings(for: data)
        initDescription = model.initText
        if data.matrix.rows < settings.k {
            throw ModelError("\(options.sourceName): only \(data.matrix.rows) usable rows, fewer than k = \(settings.k)")
        }
        Self.announceCost(settings, data: data)
    }

    /// Says on stderr, before it starts, when the work priced by D² or D³ will take long
    /// (`WideData.costNotice`): full or tied GMM, or a k-means model's full mixture, at wide D.
    static func announceCost(_ settings: ModelSettings, data: PreparedData) {
        if let notice = WideData.costNotice(settings: settings, rows: data.matrix.rows, columns: data.matrix.columns) {
            Diagnostics.noteOnce(notice)
        }
    }

    /// Runs the configured method to convergence, showing progress on a terminal.
    func fit() throws -> ClusterModel {
        let model = try ClusterModel.fitted(data.matrix, settings) { state in
            let objective = state.objective
            Diagnostics.progress("\(settings.method.title): iter \(state.iteration) \(objective.name) \(objective.value)")
            return true
        }
        Diagnostics.clearProgress()
        return model!  // never stopped: the closure always says go on
    }
}
