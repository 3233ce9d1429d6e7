import ClusterKit

/// Work the state asks for: computations (run off the input loop by the runtime, which answers
/// with the matching `Action`) and I/O the pure UI cannot do itself.
public enum Effect: Sendable {
    /// Step `count` times from `model` (or until finished when `count` is nil).
    case steps(job: Int, from: ClusterModel, count: Int?, data: PreparedData, settings: ModelSettings)
    /// A fresh initialisation with new settings, on `data` or (when `standardize` differs from
    /// it) on the same dataset prepared the other way.
    case refit(job: Int, data: PreparedData, standardize: Bool, settings: ModelSettings)
    /// The membership-context extras (hard-label mixture, distance ranges) of a model state.
    case extras(job: Int, data: PreparedData, model: ClusterModel, settings: ModelSettings)
    /// The β whose softmax best matches `context`'s gmm rule on `data`'s rows (`--beta auto`).
    case autoBeta(job: Int, context: MembershipContext, data: Matrix)
    case bootstrap(job: Int, data: PreparedData, reference: Matrix, runs: Int, resampleSize: Int, seed: UInt32)
    /// Fit every k in `ks` and score it (inertia, BIC, silhouette, ARI).
    case sweep(job: Int, data: PreparedData, settings: ModelSettings, ks: [Int])
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
    /// The job a computation or cancellation is about; nil for I/O and quit.
    public var job: Int? {
        switch self {
        case .steps(let job, _, _, _, _), .refit(let job, _, _, _), .extras(let job, _, _, _),
             .bootstrap(let job, _, _, _, _, _), .sweep(let job, _, _, _), .cancel(let job), .autoBeta(let job, _, _):
            return job
        case .exportScreen, .exportMemberships, .quit:
            return nil
        }
    }
}
