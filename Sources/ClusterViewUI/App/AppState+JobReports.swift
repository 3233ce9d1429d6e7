import ClusterKit

/// Results and progress reported by background jobs, accepted only from the job they answer:
/// a result that arrives late, after its job was cancelled or replaced, changes nothing.
extension AppState {
    mutating func updateJobReport(_ action: Action) -> [Effect]? {
        switch action {
        case .stepsComputed(let job, let snapshots):
            guard busy?.job == job else { return [] }
            let wasRun: Bool = { if case .runningToConvergence = busy?.kind { return true } else { return false } }()
            busy = nil
            // β or m typed while the steps ran (a method whose fit does not read them) is in the settings.
            history.append(contentsOf: snapshots.map { $0.takingLiveParameters(of: settings) })
            cursor = history.count - 1
            if let last = snapshots.last {
                let changed = last.model.changedLabels
                if wasRun, let from = runStartIteration {
                    // Counted from where `r` was pressed: iterations kept from the history included.
                    let moved = last.model.iteration - from
                    message = "ran \(moved) iteration\(moved == 1 ? "" : "s")"
                        + (moved != snapshots.count ? " (iter \(from) → \(last.model.iteration))" : "")
                        + (last.model.converged ? ", converged" : "")
                } else {
                    message = snapshots.count > 1
                        ? "ran \(snapshots.count) iterations" + (last.model.converged ? ", converged" : "")
                        : "\(changed) point\(changed == 1 ? "" : "s") changed cluster"
                }
            }
            runStartIteration = nil
            return resumeQueuedMoves()
        case .refitComputed(let job, var snapshot, let fitted, let newData, let newProjection):
            guard busy?.job == job else { return [] }
            busy = nil
            let sameSpace = newData.standardized == data.standardized
            let oldCentroids = model.centroids, oldSlots = colorSlots
            if !sameSpace {
                data = newData
                projection = newProjection ?? Projection(data: newData)
                zoom = nil
            }
            // β or m typed during the fit (where the fit does not read it) is in the pending settings.
            settings = pendingSettings ?? fitted
            snapshot = snapshot.takingLiveParameters(of: settings)
            pendingSettings = nil
            pendingStandardized = nil
            history = [snapshot]
            historyGeneration += 1
            cursor = 0
            colorSlots = sameSpace ? matchedSlots(new: snapshot.model.centroids, old: oldCentroids, oldSlots: oldSlots)
                                   : Array(0..<settings.k)
            bootstrap = nil
            bootstrapCentroids = nil
            return resumeQueuedMoves()
        case .stepProgress(let job, let iteration):
            if busy?.job == job { busy?.kind = .runningToConvergence(iteration: iteration) }
            return []
        case .extrasComputed(let job, let extras):
            guard let e = extrasJob, e.job == job else { return [] }
            extrasJob = nil
            if e.generation == historyGeneration, history.indices.contains(e.index) {
                history[e.index].context.complete(with: extras)
            }
            return modelChanged()
        case .bootstrapProgress(let job, let done):
            if job == bootstrapJob { bootstrapDone = done }
            return []
        case .bootstrapComputed(let job, let result):
            guard job == bootstrapJob else { return [] }
            bootstrap = result
            bootstrapJob = nil
            bootstrapDone = nil
            return exportAfterBootstrap()
        case .jobFailed(let job, let reason):
            var effects: [Effect] = []
            if busy?.job == job {
                effects = dropModelJob().filter { if case .cancel = $0 { return false } else { return true } }
                message = reason
            }
            if bootstrapJob == job { bootstrapJob = nil; bootstrapDone = nil }
            if extrasJob?.job == job { extrasJob = nil }
            if sweepJob == job { sweepJob = nil; sweepProgress = nil; showSweep = false; message = reason }
            return effects
        default:
            return nil
        }
    }

    /// The work a freshly built state needs before the user presses anything (its context
    /// extras and bootstrap).
    public mutating func initialEffects() -> [Effect] {
        modelChanged()
    }
}
