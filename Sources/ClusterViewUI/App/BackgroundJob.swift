import ClusterKit

/// One kind of background work, declared in one place: its input (the value itself), its work,
/// and how its progress, result, failure and Esc change the explorer's state.
///
/// `AppState.startJob(_:)` numbers it and puts it in its slot (`JobTable`); `Effect.start` hands
/// it to `ExplorerRuntime`, which runs `run` off the input loop and posts `Action.jobProgress`,
/// `.jobFinished` or `.jobFailed` with that number. A report is applied only while its job still
/// holds its slot: one that arrives late, after its job was cancelled or replaced, changes nothing.
/// Nothing else names a kind: a new kind is one declaration plus the `startJob` call that wants it.
///
/// Design notes: the kind's type is the key (no list of kinds to keep in step); results and
/// progress travel as `any Sendable` and are cast back to the kind's own types by the generic
/// path, which only ever pairs a report with the job value that produced it.
public protocol BackgroundJob: Sendable {
    associatedtype Result: Sendable
    /// What `run` reports while it works; the latest is kept in the slot (`AppState.jobProgress`).
    associatedtype Progress: Sendable = Never

    /// Where the job runs: at most one job per slot, and starting one cancels the one there.
    /// Defaults to a slot of its own kind; kinds that replace each other share one.
    static var slot: JobSlot { get }
    /// Work for the model state on screen (context extras, bootstrap, auto β): the terminal holds
    /// it until the new state is drawn, headless sessions run it last. Default false.
    static var isContextWork: Bool { get }
    /// Esc (once the prompt and overlays are closed) cancels the running job whose priority is
    /// lowest; nil (the default): Esc leaves it running.
    static var escapePriority: Int? { get }

    /// The work, off the input loop. Returns nil when it stopped because `isCancelled`; a thrown
    /// error becomes the job's failure (its description is the reason).
    func run(progress: (Progress) -> Void, isCancelled: () -> Bool) throws -> Result?
    /// Applies the result; the job has already left its slot.
    func finished(_ result: Result, in state: inout AppState) -> [Effect]
    /// After a failure, the job having left its slot: what else to undo. Default: nothing.
    func failed(_ reason: String, in state: inout AppState) -> [Effect]
    /// Esc while it runs (only asked when `escapePriority` is set); the job still holds its slot.
    /// Default: cancel it and say so.
    func cancelledByEscape(in state: inout AppState) -> [Effect]
}

/// A place for one running job; a job kind names its own (`BackgroundJob.slot`).
public struct JobSlot: Hashable, Sendable {
    public let name: String
    public init(_ name: String) { self.name = name }
}

extension BackgroundJob {
    public static var slot: JobSlot { JobSlot(String(reflecting: Self.self)) }
    public static var isContextWork: Bool { false }
    public static var escapePriority: Int? { nil }

    public func failed(_ reason: String, in state: inout AppState) -> [Effect] { [] }

    public func cancelledByEscape(in state: inout AppState) -> [Effect] {
        state.message = "cancelled"
        return state.cancelJob(in: Self.slot)
    }

    /// Runs the work and reports it as actions carrying the job's number: the one path every
    /// kind takes, in the terminal, headless sessions and tests alike.
    func perform(number: Int, isCancelled: () -> Bool, report: (Action) -> Void) {
        do {
            let result = try run(progress: { report(.jobProgress(job: number, $0)) }, isCancelled: isCancelled)
            if let result, !isCancelled() { report(.jobFinished(job: number, result)) }
        } catch {
            report(.jobFailed(job: number, "\(error)"))
        }
    }
}

/// A failure with a reason written for the status line (`BackgroundJob.run` throws it).
struct JobFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Effect {
    /// The job this effect starts, if it starts one.
    public var startedJob: (any BackgroundJob)? {
        if case .start(_, let job) = self { return job } else { return nil }
    }

    /// Whether this effect starts a job of kind `kind`.
    public func starts<J: BackgroundJob>(_ kind: J.Type) -> Bool { startedJob is J }
}
