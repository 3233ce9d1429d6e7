import ClusterKit
import ClusterViewUI
import Dispatch
import Foundation
import TerminalBackend

/// The explorer's runtime: applies key actions to the state at once, runs computations on
/// background queues (never on the input loop), and feeds their results back as actions.
final class ExplorerApp: TerminalApp {
    private var state: AppState
    private let theme: Theme
    private let exporter: Exporter
    private let inbox = Inbox()
    private var cancelTokens: [Int: CancelToken] = [:]
    private var lastTick = DispatchTime.now()
    private var quitRequested = false
    private static let autoplayInterval: UInt64 = 250_000_000

    /// Show each event's `--keys` token in the key bar (`--show-keys`).
    var showKeys = false

    init(state: AppState, theme: Theme, exportDirectory: String) {
        self.state = state
        self.theme = theme
        self.exporter = Exporter(directory: exportDirectory, theme: theme)
    }

    /// Starts the work the initial state needs (the bootstrap of iteration 0).
    func start() {
        perform(state.initialEffects())
    }

    /// Draws the state at its own size: `Terminal.run` reports the terminal's size as a
    /// `.resize` event before the first draw and after every change, so `update` alone sets it.
    func render(width: Int, height: Int) -> Screen {
        ClusterViewUI.render(state, theme: theme)
    }

    func handle(_ event: InputEvent) -> Bool {
        if let action = KeyBindings.action(for: event, promptOpen: state.prompt != nil, sweepOpen: state.showSweep) { apply(action) }
        if showKeys { apply(.keyShown(KeyTokens.token(for: event))) }
        return !quitRequested
    }

    func poll() -> Bool {
        var changed = false
        for action in inbox.drain() {
            apply(action)
            changed = true
        }
        if state.autoplay, DispatchTime.now().uptimeNanoseconds - lastTick.uptimeNanoseconds >= Self.autoplayInterval {
            lastTick = DispatchTime.now()
            apply(.autoplayTick)
            changed = true
        }
        return changed || state.busy != nil || state.bootstrapDone != nil || state.sweepProgress != nil
    }

    private func apply(_ action: Action) {
        perform(state.update(action))
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .quit:
                quitRequested = true
                cancelTokens.values.forEach { $0.cancel() }
            case .cancel(let job):
                cancelTokens.removeValue(forKey: job)?.cancel()
            case .exportScreen, .exportMemberships:
                // Writing (and, for memberships, computing every rule for every row) happens off
                // the input loop; the screen is drawn now, as it is when the key is pressed.
                let exporter = self.exporter, inbox = self.inbox
                let job = Exporter.Job(effect: effect, screenText: render(width: state.width, height: state.height).plainText)
                DispatchQueue.global(qos: .utility).async {
                    if let answer = exporter.perform(job) { inbox.post(answer) }
                }
            case .steps(let job, _, _, _, _), .refit(let job, _, _), .bootstrap(let job, _, _, _, _), .sweep(let job, _, _, _):
                let token = CancelToken()
                cancelTokens[job] = token
                let inbox = self.inbox
                DispatchQueue.global(qos: .userInitiated).async {
                    Jobs.perform(effect, isCancelled: { token.isCancelled }) { action in
                        if !token.isCancelled { inbox.post(action) }
                    }
                }
            }
        }
    }
}

/// Actions posted by background jobs, collected by the input loop.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var actions: [Action] = []

    func post(_ action: Action) {
        lock.lock()
        // Progress reports replace the previous one of the same job instead of piling up.
        switch (action, actions.last) {
        case (.bootstrapProgress(let job, _), .bootstrapProgress(let last, _)?) where job == last: actions.removeLast()
        case (.stepProgress(let job, _), .stepProgress(let last, _)?) where job == last: actions.removeLast()
        case (.sweepProgress(let job, _, _), .sweepProgress(let last, _, _)?) where job == last: actions.removeLast()
        default: break
        }
        actions.append(action)
        lock.unlock()
    }

    func drain() -> [Action] {
        lock.lock()
        defer { lock.unlock() }
        let out = actions
        actions = []
        return out
    }
}

/// A flag a job checks between steps; Esc, a refit or quitting sets it.
final class CancelToken: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    var isCancelled: Bool { lock.lock(); defer { lock.unlock() }; return cancelled }
    func cancel() { lock.lock(); cancelled = true; lock.unlock() }
}
