import ClusterKit
import ClusterViewUI
import Dispatch
import TerminalBackend

/// The explorer in a terminal: the shared `ExplorerRuntime` with a background executor, whose
/// posts wake `Terminal.run`'s wait, so results are drawn at once and an idle explorer sleeps.
final class ExplorerApp: TerminalApp {
    private let runtime: ExplorerRuntime
    private let theme: Theme
    private var nextTick: DispatchTime?
    private static let autoplayInterval: UInt64 = 250_000_000

    /// Show each event's `--keys` token in the key bar (`--show-keys`).
    var showKeys = false

    init(state: AppState, theme: Theme, exportDirectory: String) {
        self.theme = theme
        let exporter = Exporter(directory: exportDirectory, theme: theme)
        runtime = ExplorerRuntime(state: state, executor: BackgroundExecutor(), wake: { Terminal.wakeRunLoop() })
        runtime.defersContextWork = true
        runtime.performIO = { effect, state, post in
            // Writing (and, for memberships, computing every rule for every row) happens off the
            // input loop; the screen is drawn now, as it is when the key is pressed.
            let job = Exporter.Job(effect: effect, screenText: ClusterViewUI.render(state, theme: theme).plainText)
            DispatchQueue.global(qos: .utility).async {
                if let answer = exporter.perform(job) { post(answer) }
            }
        }
    }

    /// Starts the work the initial state needs (its context extras and bootstrap).
    func start() {
        runtime.start()
    }

    /// Draws the state at its own size: `Terminal.run` reports the terminal's size as a
    /// `.resize` event before the first draw and after every change, so `update` alone sets it.
    /// Context work for the new state (extras, bootstrap) starts once the screen is drawn.
    func render(width: Int, height: Int) -> Screen {
        defer { runtime.startDeferred() }
        return ClusterViewUI.render(runtime.state, theme: theme)
    }

    func handle(_ event: InputEvent) -> Bool {
        runtime.send(event)
        if showKeys { runtime.apply(.keyShown(KeyTokens.token(for: event))) }
        return !runtime.quitRequested
    }

    func sizeChanged(width: Int, height: Int) {
        runtime.apply(.resize(width: width, height: height))
    }

    func poll() -> Bool {
        var changed = runtime.drain()
        if runtime.state.autoplay {
            let now = DispatchTime.now()
            if let tick = nextTick, now >= tick {
                runtime.apply(.autoplayTick)
                changed = true
                nextTick = nil
            }
            if nextTick == nil { nextTick = now + .nanoseconds(Int(Self.autoplayInterval)) }
        } else {
            nextTick = nil
        }
        return changed
    }

    /// While autoplay is on, wake for its next tick; otherwise sleep until input or a post.
    var wakeAfterMilliseconds: Int? {
        guard runtime.state.autoplay else { return nil }
        guard let tick = nextTick else { return 0 }
        let now = DispatchTime.now().uptimeNanoseconds
        return tick.uptimeNanoseconds > now ? Int((tick.uptimeNanoseconds - now + 999_999) / 1_000_000) : 0
    }
}
