import ClusterKit

/// Work the state asks for: computations (run off the input loop by the runtime, which answers
/// with the matching `Action`) and I/O the pure UI cannot do itself.
public enum Effect: Sendable {
    /// Run a background job (its kind, input, work and how it reports: `BackgroundJob`).
    case start(job: Int, any BackgroundJob)
    /// Cancel whatever job has this number.
    case cancel(job: Int)
    /// Write the current screen as text (the runtime renders it at the current size).
    case exportScreen(fileName: String)
    /// Every rule for every row as CSV; the report (O(N) passes) is built by whoever writes it,
    /// off the input loop.
    case exportMemberships(fileName: String, data: PreparedData, model: ClusterModel, settings: ModelSettings,
                           bootstrap: Bootstrap?)
    case quit
}

extension Effect {
    /// The job a start or cancellation is about; nil for I/O and quit.
    public var job: Int? {
        switch self {
        case .start(let job, _), .cancel(let job):
            return job
        case .exportScreen, .exportMemberships, .quit:
            return nil
        }
    }
}
