import ClusterKit

/// Load → prepare → settings → fit: the steps every command shares.
struct Pipeline {
    let data: PreparedData
    let settings: ModelSettings
    let initDescription: String

    init(data options: DataOptions, model: ModelOptions) throws {
        data = try DataLoading.prepare(options, seed: model.seed)
        settings = try model.settings(for: data)
        initDescription = model.initText
        try RowsForK.check(rows: data.matrix.rows, k: settings.k, source: options.sourceName)
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
