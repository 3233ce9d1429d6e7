/// Drives an `AppState` without a terminal: each event is applied and every computation it
/// starts is run to completion before the next event, so the result is deterministic.
/// `render` and the tests use it; the terminal runtime does the same work off the input loop.
public struct HeadlessSession {
    public private(set) var state: AppState
    /// Performs I/O effects (exports) and answers with the action reporting the outcome.
    public var performIO: (Effect, AppState) -> Action?
    public private(set) var quit = false

    public init(state: AppState, performIO: @escaping (Effect, AppState) -> Action? = { _, _ in nil }) {
        self.state = state
        self.performIO = performIO
        run(self.state.initialEffects())
    }

    public mutating func send(_ event: InputEvent) {
        guard !quit, let action = KeyBindings.action(for: event, promptOpen: state.prompt != nil, sweepOpen: state.showSweep) else { return }
        apply(action)
    }

    public mutating func send(_ events: [InputEvent]) {
        for e in events { send(e) }
    }

    public mutating func apply(_ action: Action) {
        run(state.update(action))
    }

    /// Performs effects and every action they report, until nothing is left.
    private mutating func run(_ effects: [Effect]) {
        var pending: [Action] = []
        var queue = effects
        while true {
            for effect in queue {
                if case .quit = effect { quit = true; continue }
                let computed = Jobs.perform(effect, isCancelled: { false }) { pending.append($0) }
                if !computed, let answer = performIO(effect, state) { pending.append(answer) }
            }
            guard !pending.isEmpty else { return }
            queue = state.update(pending.removeFirst())
        }
    }
}
