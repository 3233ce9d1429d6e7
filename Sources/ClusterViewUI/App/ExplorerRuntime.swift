import ClusterKit
import Synchronization

/// Performs the effects `AppState.update` returns, for the terminal, `render` and the tests
/// alike: computations go to a `JobExecutor` with a cancel token each, their reports come back
/// through an inbox, and `drain()` applies them on the caller's thread (the input loop).
///
/// Posting wakes the loop (`wake`), so a result is drawn as soon as it exists; a job's token is
/// released as soon as its work returns. Only the executor differs between the terminal (a
/// background queue) and tests (`HeldExecutor`, which delivers late and out of order).
public final class ExplorerRuntime {
    public private(set) var state: AppState
    public let executor: JobExecutor
    /// Performs I/O effects (exports); reports their outcome through the `post` it is given.
    public var performIO: (Effect, AppState, _ post: @escaping @Sendable (Action) -> Void) -> Void
    public private(set) var quitRequested = false
    /// Hold context work (`BackgroundJob.isContextWork`: extras, bootstrap, auto β) until
    /// `startDeferred()`: the terminal calls it once the screen is drawn, so a new state reaches
    /// the screen before that work competes with the drawing for the cores.
    public var defersContextWork = false
    private var deferred: [Effect] = []
    private let inbox: Inbox
    private var tokens: [Int: CancelToken] = [:]

    public init(state: AppState, executor: JobExecutor, wake: @escaping @Sendable () -> Void = {},
                performIO: @escaping (Effect, AppState, @escaping @Sendable (Action) -> Void) -> Void = { _, _, _ in }) {
        self.state = state
        self.executor = executor
        self.performIO = performIO
        self.inbox = Inbox(wake: wake)
    }

    /// Starts the work the initial state needs.
    public func start() {
        var s = state
        let effects = s.initialEffects()
        state = s
        perform(effects)
    }

    /// Applies a key or mouse event (nothing when it means no action).
    public func send(_ event: InputEvent) {
        guard let action = KeyBindings.action(for: event, promptOpen: state.prompt != nil, sweepOpen: state.showSweep)
        else { return }
        apply(action)
    }

    public func apply(_ action: Action) {
        guard !quitRequested else { return }
        perform(state.update(action))
    }

    /// Starts a job outside any key, as an update handler's `startJob` would (tests, and work the
    /// host itself wants run).
    func start<J: BackgroundJob>(_ job: J) {
        guard !quitRequested else { return }
        perform(state.startJob(job))
    }

    /// Applies every action posted since the last call, in order; true when there was one.
    @discardableResult
    public func drain() -> Bool {
        var changed = false
        for entry in inbox.drain() {
            switch entry {
            case .action(let action):
                apply(action)
                changed = true
            case .finished(let job, let token):
                // Only the job's own token: a number is never reused, but stay exact.
                if tokens[job] === token { tokens[job] = nil }
            }
        }
        return changed
    }

    /// Starts the context work held back while the screen was drawn.
    public func startDeferred() {
        guard !deferred.isEmpty else { return }
        let held = deferred
        deferred = []
        defersContextWork = false
        perform(held)
        defersContextWork = true
    }

    /// Jobs started and not finished (their tokens are held until their work returns).
    public var runningJobs: Set<Int> { Set(tokens.keys) }

    /// Whether anything is posted and not yet drained.
    public var hasPosted: Bool { inbox.hasEntries }

    /// A post function for answers that come from elsewhere (I/O).
    public var poster: @Sendable (Action) -> Void {
        let inbox = self.inbox
        return { inbox.post(.action($0)) }
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .quit:
                quitRequested = true
                tokens.values.forEach { $0.cancel() }
            case .cancel(let job):
                tokens[job]?.cancel()
                deferred.removeAll { $0.job == job }
            case .exportScreen, .exportMemberships:
                performIO(effect, state, poster)
            case .start(_, let work) where defersContextWork && type(of: work).isContextWork:
                deferred.append(effect)
            case .start(let job, let work):
                let token = CancelToken()
                tokens[job] = token
                let inbox = self.inbox
                executor.start(job: job, effect: effect) {
                    if !token.isCancelled {
                        work.perform(number: job, isCancelled: { token.isCancelled }) { action in
                            if !token.isCancelled { inbox.post(.action(action)) }
                        }
                    }
                    inbox.post(.finished(job: job, token: token))
                }
            }
        }
    }
}

/// What jobs post for the input loop: their reports, and that their work has returned.
enum InboxEntry: Sendable {
    case action(Action)
    case finished(job: Int, token: CancelToken)
}

/// Entries posted from any thread, drained by the input loop; each post wakes it.
final class Inbox: Sendable {
    private let entries = Locked<[InboxEntry]>([])
    private let wake: @Sendable () -> Void

    init(wake: @escaping @Sendable () -> Void) { self.wake = wake }

    func post(_ entry: InboxEntry) {
        entries.withLock { list in
            // Progress reports replace the previous one of the same job instead of piling up.
            if case .action(.jobProgress(let new, _)) = entry, case .action(.jobProgress(let last, _))? = list.last,
               new == last {
                list.removeLast()
            }
            list.append(entry)
        }
        wake()
    }

    func drain() -> [InboxEntry] {
        entries.withLock { list in
            defer { list = [] }
            return list
        }
    }

    var hasEntries: Bool { entries.withLock { !$0.isEmpty } }
}
