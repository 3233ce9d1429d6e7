import ClusterKit

/// The choosing-k chart's work (`K`): every k in `ks` fitted and scored (inertia, BIC,
/// silhouette, ARI), reporting how many are done.
struct SweepJob: BackgroundJob {
    let data: PreparedData
    let settings: ModelSettings
    let ks: [Int]

    func run(progress: ((completed: Int, total: Int)) -> Void, isCancelled: () -> Bool) throws -> Sweep? {
        try Sweep.run(data: data.matrix, settings: settings, ks: ks, truth: data.dataset.labelCodes) { p in
            progress((p.completed, p.total))
            return !isCancelled()
        }
    }

    func finished(_ result: Sweep, in state: inout AppState) -> [Effect] {
        state.sweep = result
        state.sweepCursor = result.points.firstIndex { $0.k == state.model.k } ?? 0
        return []
    }

    func failed(_ reason: String, in state: inout AppState) -> [Effect] {
        state.showSweep = false
        state.message = reason
        return []
    }
}

extension AppState {
    /// The running sweep's k done out of all (0 of all before its first report); nil when none runs.
    public var sweepProgress: (completed: Int, total: Int)? {
        guard let job = runningJob(SweepJob.self) else { return nil }
        return jobProgress(SweepJob.self) ?? (0, job.ks.count)
    }
}
