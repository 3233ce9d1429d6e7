import Dispatch
import Synchronization

/// Where the runtime runs a job's work: a background queue in the terminal, later (and in any
/// order) in headless sessions and tests. The work itself is the same everywhere.
public protocol JobExecutor: AnyObject {
    /// Runs (now or later, on any thread) the work of `job`, which performs `effect`.
    func start(job: Int, effect: Effect, work: @escaping @Sendable () -> Void)
}

/// Runs every job at once on a global concurrent queue: the terminal's executor.
public final class BackgroundExecutor: JobExecutor {
    public init() {}

    public func start(job: Int, effect: Effect, work: @escaping @Sendable () -> Void) {
        DispatchQueue.global(qos: .userInitiated).async(execute: work)
    }
}

/// Holds every job until told to run it, on the caller's thread: headless sessions run them
/// in order, tests in whatever order (late, out of order, after cancellation) they like.
public final class HeldExecutor: JobExecutor {
    public struct Held {
        public let job: Int
        public let effect: Effect
        let work: @Sendable () -> Void
    }

    public private(set) var held: [Held] = []

    public init() {}

    public func start(job: Int, effect: Effect, work: @escaping @Sendable () -> Void) {
        held.append(Held(job: job, effect: effect, work: work))
    }

    /// The numbers of the jobs not run yet, in the order they were started.
    public var jobs: [Int] { held.map(\.job) }

    /// Runs the held job `job` now; false when no such job is held.
    @discardableResult
    public func run(job: Int) -> Bool {
        guard let index = held.firstIndex(where: { $0.job == job }) else { return false }
        held.remove(at: index).work()
        return true
    }

    /// Runs the first held job for which `matching` holds; false when there is none.
    @discardableResult
    public func runFirst(where matching: (Effect) -> Bool = { _ in true }) -> Bool {
        guard let work = takeFirst(where: matching) else { return false }
        work()
        return true
    }

    /// `runFirst`, the work on another thread while this one calls `meanwhile` every `interval`
    /// seconds until it ends (and once after): a headless command's progress line during a long
    /// job. The job still runs alone and its reports are posted in the same order.
    @discardableResult
    public func runFirst(where matching: (Effect) -> Bool = { _ in true }, every interval: Double,
                         meanwhile: () -> Void) -> Bool {
        guard let work = takeFirst(where: matching) else { return false }
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global(qos: .userInitiated).async {
            work()
            done.signal()
        }
        while done.wait(timeout: .now() + interval) == .timedOut { meanwhile() }
        meanwhile()
        return true
    }

    /// Removes the first held job for which `matching` holds and returns its work.
    private func takeFirst(where matching: (Effect) -> Bool) -> (@Sendable () -> Void)? {
        held.firstIndex(where: { matching($0.effect) }).map { held.remove(at: $0).work }
    }
}

/// A flag a job checks between steps; Esc, a refit or quitting sets it.
public final class CancelToken: Sendable {
    private let cancelled = Atomic<Bool>(false)
    public init() {}
    public var isCancelled: Bool { cancelled.load(ordering: .acquiring) }
    public func cancel() { cancelled.store(true, ordering: .releasing) }
}
