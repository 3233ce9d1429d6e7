import ClusterKit

/// The membership-context extras (hard-label mixture, distance ranges) of one history entry,
/// identified by the history's generation (a refit starts a new one) and its index.
struct ExtrasJob: BackgroundJob {
    let generation: Int
    let index: Int
    let data: PreparedData
    let model: ClusterModel
    let settings: ModelSettings

    static var isContextWork: Bool { true }

    /// Asks `isCancelled` between blocks of rows: a step cancels the extras of the state it
    /// leaves, and their O(N·D²) mixture must not keep both cores from the step.
    func run(progress: (Never) -> Void, isCancelled: () -> Bool) -> MembershipContext.Extras? {
        MembershipContext.Extras(data: data, model: model, settings: settings, isCancelled: isCancelled)
    }

    func finished(_ extras: MembershipContext.Extras, in state: inout AppState) -> [Effect] {
        if generation == state.historyGeneration, state.history.indices.contains(index) {
            state.history[index].context.complete(with: extras)
        }
        return state.modelChanged()
    }
}

/// The bootstrap rule's resampled fits around `reference` (the model's centroids); it reports
/// how many runs are done.
struct BootstrapJob: BackgroundJob {
    let data: PreparedData
    let reference: Matrix
    let runs: Int
    let resampleSize: Int
    let seed: UInt32

    static var isContextWork: Bool { true }
    static var escapePriority: Int? { 2 }

    func run(progress: (Int) -> Void, isCancelled: () -> Bool) -> Bootstrap? {
        Bootstrap.run(data: data.matrix, reference: reference, runs: runs, resampleSize: resampleSize, seed: seed,
                      progress: { done in
                          progress(done)
                          return !isCancelled()
                      }, isCancelled: isCancelled)
    }

    func finished(_ result: Bootstrap, in state: inout AppState) -> [Effect] {
        state.bootstrap = result
        return state.exportAfterBootstrap()
    }

    func cancelledByEscape(in state: inout AppState) -> [Effect] {
        state.message = "bootstrap cancelled"
        return state.cancelBootstrap()
    }
}

extension AppState {
    /// Bootstrap runs done while it runs (0 before the first report); nil when none runs.
    public var bootstrapDone: Int? {
        isRunning(BootstrapJob.self) ? jobProgress(BootstrapJob.self) ?? 0 : nil
    }
}
