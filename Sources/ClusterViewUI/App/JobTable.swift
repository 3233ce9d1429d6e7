import ClusterKit

/// A job that holds its slot: its number, its value (input and kind) and its latest progress.
struct RunningJob: Sendable {
    let number: Int
    let job: any BackgroundJob
    var progress: (any Sendable)?
}

/// The jobs in flight, one per slot: the only record of which job numbers the state still
/// listens to.
struct JobTable: Sendable {
    private var slots: [JobSlot: RunningJob] = [:]

    subscript(slot: JobSlot) -> RunningJob? {
        get { slots[slot] }
        set { slots[slot] = newValue }
    }

    /// The slot job `number` holds, if it still holds one.
    func slot(of number: Int) -> JobSlot? {
        slots.first { $0.value.number == number }?.key
    }

    var running: [RunningJob] { Array(slots.values) }
}

extension AppState {
    /// Starts `job` in its slot (cancelling whatever job is there): the effects for the runtime.
    mutating func startJob<J: BackgroundJob>(_ job: J) -> [Effect] {
        let effects = cancelJob(in: J.slot)
        let number = newJob()
        jobs[J.slot] = RunningJob(number: number, job: job)
        return effects + [.start(job: number, job)]
    }

    /// Empties `slot`; the effect cancelling its job (none when it was empty).
    mutating func cancelJob(in slot: JobSlot) -> [Effect] {
        guard let running = jobs[slot] else { return [] }
        jobs[slot] = nil
        return [.cancel(job: running.number)]
    }

    /// The running job of kind `kind` (nil when none, or its slot holds another kind).
    func runningJob<J: BackgroundJob>(_ kind: J.Type) -> J? { jobs[J.slot]?.job as? J }

    func isRunning<J: BackgroundJob>(_ kind: J.Type) -> Bool { runningJob(kind) != nil }

    /// The latest progress the running job of kind `kind` reported (nil before its first report).
    func jobProgress<J: BackgroundJob>(_ kind: J.Type) -> J.Progress? {
        guard let running = jobs[J.slot], running.job is J else { return nil }
        return running.progress as? J.Progress
    }

    /// Applies progress, results and failures, each only from the job that holds its slot.
    mutating func updateJobReport(_ action: Action) -> [Effect]? {
        switch action {
        case .jobProgress(let number, let progress):
            if let slot = jobs.slot(of: number) { jobs[slot]?.progress = progress }
            return []
        case .jobFinished(let number, let result):
            guard let slot = jobs.slot(of: number), let running = jobs[slot] else { return [] }
            jobs[slot] = nil
            return finish(running.job, with: result)
        case .jobFailed(let number, let reason):
            guard let slot = jobs.slot(of: number), let running = jobs[slot] else { return [] }
            jobs[slot] = nil
            return running.job.failed(reason, in: &self)
        default:
            return nil
        }
    }

    private mutating func finish<J: BackgroundJob>(_ job: J, with result: any Sendable) -> [Effect] {
        // The runtime pairs each result with the job that produced it, so the cast holds.
        guard let result = result as? J.Result else { return [] }
        return job.finished(result, in: &self)
    }

    /// Esc with nothing else to close: the running job with the lowest escape priority is
    /// cancelled (nil when none is Esc's to cancel).
    mutating func cancelJobByEscape() -> [Effect]? {
        let candidates = jobs.running.compactMap { running in
            type(of: running.job).escapePriority.map { (priority: $0, job: running.job) }
        }
        guard let first = candidates.min(by: { $0.priority < $1.priority }) else { return nil }
        return first.job.cancelledByEscape(in: &self)
    }

    /// The work a freshly built state needs before the user presses anything (its context
    /// extras and bootstrap).
    public mutating func initialEffects() -> [Effect] {
        modelChanged()
    }
}
