import ClusterKit

/// Results and progress reported by background jobs, accepted only from the job they answer.
extension AppState {
    mutating func updateJobReport(_ action: Action) -> [Effect]? {
        switch action {
        case .stepsComputed(let job, let snapshots):
            guard busy?.job == job else { return [] }
            busy = nil
            history.append(contentsOf: snapshots)
            cursor = history.count - 1
            if let last = snapshots.last {
                let changed = last.model.changedLabels
                message = snapshots.count > 1
                    ? "ran \(snapshots.count) iterations" + (last.model.converged ? ", converged" : "")
                    : "\(changed) point\(changed == 1 ? "" : "s") changed cluster"
            }
            if queuedSteps > 0 && !model.isFinished {
                queuedSteps -= 1
                return startSteps(count: 1)
            }
            queuedSteps = 0
            return modelChanged()
        case .refitComputed(let job, let snapshot, let newSettings, let newData):
            guard busy?.job == job else { return [] }
            busy = nil
            let sameSpace = newData.standardized == data.standardized
            let oldCentroids = model.centroids, oldSlots = colorSlots
            if !sameSpace {
                data = newData
                projection = Projection(data: newData)
                zoom = nil
            }
            settings = newSettings
            history = [snapshot]
            cursor = 0
            colorSlots = sameSpace ? matchedSlots(new: snapshot.model.centroids, old: oldCentroids, oldSlots: oldSlots)
                                   : Array(0..<newSettings.k)
            bootstrap = nil
            bootstrapCentroids = nil
            return modelChanged()
        case .stepProgress(let job, let iteration):
            if busy?.job == job { busy?.what = "running to convergence: iter \(iteration)" }
            return []
        case .bootstrapProgress(let job, let done):
            if job == bootstrapJob { bootstrapDone = done }
            return []
        case .bootstrapComputed(let job, let result):
            guard job == bootstrapJob else { return [] }
            bootstrap = result
            bootstrapJob = nil
            bootstrapDone = nil
            return []
        case .jobFailed(let job, let reason):
            if busy?.job == job { busy = nil; autoplay = false; message = reason }
            if bootstrapJob == job { bootstrapJob = nil; bootstrapDone = nil }
            if sweepJob == job { sweepJob = nil; sweepProgress = nil; showSweep = false; message = reason }
            return []
        default:
            return nil
        }
    }

    /// The work a freshly built state needs before the user presses anything (its bootstrap).
    public mutating func initialEffects() -> [Effect] {
        bootstrapCentroids == nil ? modelChanged() : []
    }
}
