import ClusterKit
import ClusterIO
import ClusterViewUI
import Dispatch
import Foundation
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The explorer's timings through the code path the terminal runs: `ExplorerRuntime` with the
/// background executor, each figure taken from the key (or launch) to the drawn screen
/// (`render` at 120×40), waiting for the job the key started exactly as the terminal's loop does
/// (its posts wake the wait).
struct ExplorerBench {
    let file: String
    let source: String
    let loadOptions: LoadOptions
    let standardize: Bool
    let settings: ModelSettings
    let repeats: Int
    var methods: [ClusteringMethod] = [.kmeans, .gmm]
    let theme = Theme(mode: DisplayMode(colorDepth: .xterm256, charset: .unicode))

    /// Wakes the measuring thread whenever a job posts, like `Terminal.wakeRunLoop`.
    private final class Waker: @unchecked Sendable {
        let semaphore = DispatchSemaphore(value: 0)
        func wake() { semaphore.signal() }
    }

    /// CPU time of this thread: what a key costs the input loop, whatever else the machine runs.
    private func threadCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// CPU time of the whole process (every thread): what a key costs the machine, including
    /// background work that competes with it; on a loaded machine it moves less than wall time.
    private func processCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    private func seconds(since t0: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9
    }

    /// A runtime on freshly loaded data; returns it with the time from reading the file to the
    /// first drawn screen, and from there until the context extras are in (every column but
    /// the bootstrap filled).
    private func launch(method: ClusteringMethod, waker: Waker) throws -> (ExplorerRuntime, first: Double, full: Double) {
        let t0 = DispatchTime.now()
        // Loaded as the explorer loads (chunked for a large file), so peak memory is the explorer's.
        let dataset = try InputFile.loadDataset(file, source: source, options: loadOptions)
        var s = settings
        s.method = method
        let state = try AppState(dataset: dataset, fileName: source, standardize: standardize, settings: s,
                                 width: 120, height: 40)
        let runtime = ExplorerRuntime(state: state, executor: BackgroundExecutor(), wake: { [waker] in waker.wake() })
        runtime.defersContextWork = true  // as ExplorerApp
        runtime.start()
        _ = render(runtime.state, theme: theme)
        runtime.startDeferred()
        let first = seconds(since: t0)
        while !runtime.state.context.hasExtras {
            runtime.startDeferred()
            waker.semaphore.wait()
            runtime.drain()
        }
        _ = render(runtime.state, theme: theme)
        runtime.startDeferred()
        return (runtime, first, seconds(since: t0))
    }

    /// Applies `action` and waits until no model job runs; the time to the drawn screen and the
    /// process's CPU time over the same span.
    private func timed(_ runtime: ExplorerRuntime, _ action: Action, waker: Waker) -> (wall: Double, cpu: Double) {
        let t0 = DispatchTime.now(), c0 = processCPU()
        runtime.apply(action)
        while runtime.state.busy != nil {
            waker.semaphore.wait()
            runtime.drain()
        }
        _ = render(runtime.state, theme: theme)
        let t = (wall: seconds(since: t0), cpu: processCPU() - c0)
        runtime.startDeferred()
        return t
    }

    /// Lets the background work of the current state (extras, bootstrap) finish.
    private func settle(_ runtime: ExplorerRuntime, waker: Waker) {
        while !runtime.state.context.hasExtras || runtime.state.bootstrapDone != nil {
            runtime.startDeferred()
            waker.semaphore.wait()
            runtime.drain()
        }
    }

    func measure() throws -> [(String, String)] {
        var out: [(String, String)] = []
        let waker = Waker()
        // Launch, then n steps, for k-means and GMM (full).
        for method in methods {
            var firsts: [Double] = [], fulls: [Double] = [], steps: [Double] = [], iterations: [Double] = []
            var stepCPUs: [Double] = []
            var refits: [Double] = [], keys: [Double] = [], keysCPU: [Double] = [], byKey: [(String, [Double])] = []
            for round in 0..<repeats {
                let (runtime, first, full) = try launch(method: method, waker: waker)
                firsts.append(first)
                fulls.append(full)
                if round == 0 {
                    // Keys that do not refit, with the bootstrap still running beside them.
                    (keys, keysCPU, byKey) = nonRefitKeys(runtime)
                }
                for _ in 0..<3 where !runtime.state.model.isFinished {
                    let before = runtime.state.model
                    let step = timed(runtime, .stepForward, waker: waker)
                    steps.append(step.wall)
                    stepCPUs.append(step.cpu)
                    // The bare iteration on the same state, for the "EM iteration + 50 ms" target.
                    let t0 = DispatchTime.now()
                    _ = try? before.step()
                    iterations.append(seconds(since: t0))
                }
                refits.append(timed(runtime, .reinitialise, waker: waker).wall)
                runtime.apply(.quit)
            }
            let name = method.rawValue
            out.append(("explorer_\(name)_first_screen_seconds", JSONText.array(firsts)))
            out.append(("explorer_\(name)_all_columns_seconds", JSONText.array(fulls)))
            out.append(("explorer_\(name)_step_to_screen_seconds", JSONText.array(steps)))
            out.append(("explorer_\(name)_step_process_cpu_seconds", JSONText.array(stepCPUs)))
            out.append(("explorer_\(name)_bare_iteration_seconds", JSONText.array(iterations)))
            out.append(("explorer_\(name)_refit_to_screen_seconds", JSONText.array(refits)))
            if method == .kmeans {
                out.append(("explorer_nonrefit_key_seconds", JSONText.array(keys)))
                out.append(("explorer_nonrefit_key_cpu_seconds", JSONText.array(keysCPU)))
                for (name, times) in byKey { out.append(("explorer_key_\(name)_seconds", JSONText.array(times))) }
            }
        }
        return out
    }

    /// Tab, arrows, `]` outside soft k-means, v w ? u t o and zoom, each from the key to the
    /// drawn screen, several rounds; all together and per key.
    private func nonRefitKeys(_ runtime: ExplorerRuntime) -> (all: [Double], cpu: [Double], byKey: [(String, [Double])]) {
        let actions: [(String, Action)] = [
            ("tab", .nextRow), ("right", .moveSelection(dx: 1, dy: 0)), ("down", .moveSelection(dx: 0, dy: 1)),
            ("beta_up", .scaleBeta(1.5)), ("v", .toggleCompare), ("w", .toggleExplain), ("help", .toggleHelp),
            ("help_close", .toggleHelp), ("u", .toggleMap), ("u_off", .toggleMap), ("t", .toggleTrueLabels),
            ("t_off", .toggleTrueLabels), ("o", .toggleEllipses), ("o_on", .toggleEllipses), ("zoom_in", .zoomIn),
            ("zoom_out", .zoomOut), ("beta_down", .scaleBeta(1 / 1.5)), ("backtab", .previousRow), ("esc", .escape),
        ]
        var all: [Double] = [], cpu: [Double] = []
        var byKey = actions.map { ($0.0, [Double]()) }
        for _ in 0..<max(repeats, 5) {
            for (index, (_, action)) in actions.enumerated() {
                let t0 = DispatchTime.now(), c0 = threadCPU()
                runtime.apply(action)
                runtime.drain()
                _ = render(runtime.state, theme: theme)
                let t = seconds(since: t0)
                cpu.append(threadCPU() - c0)
                runtime.startDeferred()
                all.append(t)
                byKey[index].1.append(t)
            }
        }
        return (all, cpu, byKey)
    }
}
