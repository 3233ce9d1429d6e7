/// Drives an `AppState` without a terminal, through the same `ExplorerRuntime` the terminal
/// uses: each event is applied, then every job it started runs (held, in start order) and its
/// reports are applied before the next event, so the result is deterministic.
///
/// Work for the current model state (`BackgroundJob.isContextWork`: extras, bootstrap, auto β) waits
/// until the state is read or an export needs it; the next key usually cancels it before it
/// ever runs, so `render --keys "n n n"` costs three steps and one bootstrap, not three.
///
/// Copies share one runtime (it is a reference): to branch, build a second session.
public struct HeadlessSession {
    private let runtime: ExplorerRuntime
    private let executor: HeldExecutor
    /// Called with the state (its job reports applied so far) while a job runs, about every
    /// `progressInterval` seconds: `render`'s progress line. Without it jobs run on this thread.
    private let progress: ((AppState) -> Void)?
    static let progressInterval = 0.25

    /// The state once every job it has started has finished.
    public var state: AppState {
        settle(everything: true)
        return runtime.state
    }

    public var quit: Bool { runtime.quitRequested }

    /// `performIO` performs I/O effects (exports) and answers with the action reporting the outcome.
    public init(state: AppState, performIO: @escaping (Effect, AppState) -> Action? = { _, _ in nil },
                progress: ((AppState) -> Void)? = nil) {
        let executor = HeldExecutor()
        self.executor = executor
        self.progress = progress
        runtime = ExplorerRuntime(state: state, executor: executor)
        runtime.performIO = { effect, state, post in
            if let answer = performIO(effect, state) { post(answer) }
        }
        runtime.start()
        settle(everything: false)
    }

    public mutating func send(_ event: InputEvent) {
        guard !runtime.quitRequested else { return }
        let state = runtime.state
        switch KeyBindings.action(for: event, promptOpen: state.prompt != nil, sweepOpen: state.showSweep) {
        case .exportScreen?, .exportMemberships?:
            // An export shows the finished state, as it would once the user waited for it.
            settle(everything: true)
        default: break
        }
        runtime.send(event)
        settle(everything: false)
    }

    public mutating func send(_ events: [InputEvent]) {
        for e in events { send(e) }
    }

    public mutating func apply(_ action: Action) {
        runtime.apply(action)
        settle(everything: false)
    }

    /// Runs held jobs in start order and applies what they report, until nothing is left (or,
    /// unless `everything`, only context work for the current state is).
    private func settle(everything: Bool) {
        while true {
            runtime.drain()
            let matching = { (effect: Effect) in
                everything || !(effect.startedJob.map { type(of: $0).isContextWork } ?? false)
            }
            let ran: Bool
            if let progress {
                // Reports are applied as they come instead of after the job: the same actions in
                // the same order, so the same state in the end.
                ran = executor.runFirst(where: matching, every: Self.progressInterval) {
                    runtime.drain()
                    progress(runtime.state)
                }
            } else {
                ran = executor.runFirst(where: matching)
            }
            if !ran && !runtime.hasPosted { return }
        }
    }
}
