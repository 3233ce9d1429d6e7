import ClusterKit

extension JobSlot {
    /// Steps, runs and refits: one model job at a time (a refit replaces whatever ran).
    static let model = JobSlot("model")
}

/// A job in the model slot: what the status line says of it (`AppState.busy`).
protocol ModelSlotJob: BackgroundJob {
    var estimate: String? { get }
    func kind(progress: (any Sendable)?) -> ModelJob.Kind
}

extension ModelSlotJob {
    static var slot: JobSlot { .model }
    static var escapePriority: Int? { 1 }

    /// Esc: the job stops, and with it the moves queued behind it and the pending settings.
    func cancelledByEscape(in state: inout AppState) -> [Effect] {
        if let busy = state.busy { state.message = "cancelled \(busy.what)" }
        return state.dropModelJob()
    }

    func failed(_ reason: String, in state: inout AppState) -> [Effect] {
        state.forgetModelJob()
        let effects = state.modelChanged()
        state.message = reason
        return effects
    }
}

extension AppState {
    /// The model job in flight (step, run or refit), shown in the status line, cancelled by Esc.
    public var busy: ModelJob? {
        guard let running = jobs[.model], let job = running.job as? any ModelSlotJob else { return nil }
        return ModelJob(job: running.number, kind: job.kind(progress: running.progress), estimate: job.estimate)
    }
}

/// `n` and `r`: `count` steps from `from` (until finished when nil), each a history entry;
/// a run reports each iteration as it goes.
struct StepsJob: ModelSlotJob {
    let from: ClusterModel
    let count: Int?
    let data: PreparedData
    let settings: ModelSettings
    let estimate: String?

    func kind(progress: (any Sendable)?) -> ModelJob.Kind {
        count == nil ? .runningToConvergence(iteration: progress as? Int) : .stepping
    }

    func run(progress: (Int) -> Void, isCancelled: () -> Bool) throws -> [Snapshot]? {
        var snapshots: [Snapshot] = []
        var state = from
        while !state.isFinished && (count == nil || snapshots.count < count!) {
            if isCancelled() { return nil }
            state = try state.step()
            snapshots.append(Snapshot.make(state, data: data, settings: settings))
            if count == nil { progress(state.iteration) }
        }
        return snapshots
    }

    func finished(_ snapshots: [Snapshot], in state: inout AppState) -> [Effect] {
        state.message = nil
        // β or m typed while the steps ran (a method whose fit does not read them) is in the settings.
        state.history.append(contentsOf: snapshots.map { $0.takingLiveParameters(of: state.settings) })
        state.cursor = state.history.count - 1
        if let last = snapshots.last {
            let changed = last.model.changedLabels
            if count == nil, let from = state.runStartIteration {
                // Counted from where `r` was pressed: iterations kept from the history included.
                let moved = last.model.iteration - from
                state.message = "ran \(moved) iteration\(moved == 1 ? "" : "s")"
                    + (moved != snapshots.count ? " (iter \(from) → \(last.model.iteration))" : "")
                    + (last.model.converged ? ", converged" : "")
            } else {
                state.message = snapshots.count > 1
                    ? "ran \(snapshots.count) iterations" + (last.model.converged ? ", converged" : "")
                    : "\(changed) point\(changed == 1 ? "" : "s") changed cluster"
            }
        }
        state.runStartIteration = nil
        return state.resumeQueuedMoves()
    }
}

/// A fresh initialisation for new settings, on `data` or (when `standardize` differs from it)
/// on the same dataset prepared the other way, with the projection of that new space.
struct RefitJob: ModelSlotJob {
    let data: PreparedData
    let standardize: Bool
    let settings: ModelSettings
    let estimate: String?

    struct Fitted: Sendable {
        let snapshot: Snapshot
        let data: PreparedData
        /// The projection of the new space; nil when the space did not change.
        let projection: Projection?
    }

    func kind(progress: (any Sendable)?) -> ModelJob.Kind { .fitting }

    func run(progress: (Never) -> Void, isCancelled: () -> Bool) throws -> Fitted? {
        let newSpace = data.standardized != standardize
        let data = newSpace ? PreparedData(data.dataset, standardize: standardize, normalization: data.normalization) : data
        if newSpace, let problem = ValueRange.problem(in: data) { throw JobFailure("\(problem)") }
        if let problem = RowsForK.problem(rows: data.matrix.rows, k: settings.k) { throw JobFailure(problem) }
        if isCancelled() { return nil }
        let projection = newSpace ? Projection(data: data) : nil
        if isCancelled() { return nil }
        let model = try ClusterModel.initial(data.matrix, settings)
        if isCancelled() { return nil }
        return Fitted(snapshot: Snapshot.make(model, data: data, settings: settings), data: data, projection: projection)
    }

    func finished(_ fitted: Fitted, in state: inout AppState) -> [Effect] {
        state.message = nil
        var snapshot = fitted.snapshot
        let sameSpace = fitted.data.standardized == state.data.standardized
        let oldCentroids = state.model.centroids, oldSlots = state.colorSlots
        if !sameSpace {
            state.data = fitted.data
            state.projection = fitted.projection ?? Projection(data: fitted.data)
            state.zoom = nil
        }
        // β or m typed during the fit (where the fit does not read it) is in the pending settings.
        state.settings = state.pendingSettings ?? settings
        snapshot = snapshot.takingLiveParameters(of: state.settings)
        state.pendingSettings = nil
        state.pendingStandardized = nil
        state.history = [snapshot]
        state.historyGeneration += 1
        state.cursor = 0
        state.colorSlots = sameSpace
            ? state.matchedSlots(new: snapshot.model.centroids, old: oldCentroids, oldSlots: oldSlots)
            : Array(0..<state.settings.k)
        state.bootstrap = nil
        state.bootstrapCentroids = nil
        return state.resumeQueuedMoves()
    }
}
