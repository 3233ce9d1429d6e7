/// The model job in flight: at most one step, run or refit computes at a time.
///
/// Keys typed while it runs are never lost: moves through the iterations (`n`, `b`, `r`) queue
/// as `QueuedMove`s and run in order when it ends; settings keys change the pending settings,
/// cancel it and start a refit for the newest settings (dropping the queued moves).
public struct ModelJob: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// One iteration forward.
        case stepping
        /// Iterations until converged; `iteration` is the last one reported.
        case runningToConvergence(iteration: Int?)
        /// A fresh initialisation for the pending settings.
        case fitting
    }

    /// The job number its results carry.
    public let job: Int
    public let kind: Kind
    /// When an iteration is priced by D² or D³ and takes long (`WideData.costNotice`), what one
    /// costs, e.g. `about 25 s an iteration`: said on the status line before the wait, not after.
    var estimate: String? = nil

    /// What the status line says while it runs.
    public var what: String {
        let text: String
        switch kind {
        case .stepping: text = "stepping"
        case .runningToConvergence(let iteration):
            text = "running to convergence" + (iteration.map { ": iter \($0)" } ?? "")
        case .fitting: text = "fitting"
        }
        return text + (estimate.map { " (\($0))" } ?? "")
    }
}

/// A move through the iterations typed while a model job ran, done in order once it ends.
public enum QueuedMove: Sendable, Equatable {
    case forward, back, toConvergence

    var action: Action {
        switch self {
        case .forward: return .stepForward
        case .back: return .stepBack
        case .toConvergence: return .runToConvergence
        }
    }
}
