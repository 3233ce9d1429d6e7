import ClusterKit

/// Everything that can change the explorer's state: what keys map to, and what background work
/// reports back. `AppState.update(_:)` is the only place that interprets them.
public enum Action: Sendable {
    case stepForward, stepBack, runToConvergence, toggleAutoplay, autoplayTick
    case reinitialise, cycleMethod, cycleCovariance
    case changeK(Int)
    case scaleBeta(Double), resetBeta
    /// `B`: β follows each model state, chosen to match the gmm rule (`AppState+AutoBeta`).
    case autoBeta
    /// `}` `{`: the fuzziness m − 1 times this factor (`AppState+Fuzziness`).
    case scaleFuzziness(Double)
    case toggleStandardize
    case cycleXAxis, cycleYAxis
    case toggleTrueLabels, toggleEllipses
    case zoomIn, zoomOut, fitAll
    case zoomAt(column: Int, row: Int, zoomIn: Bool)
    case moveSelection(dx: Int, dy: Int)
    case nextRow, previousRow
    case beginGoTo, promptInput(Character), promptBackspace, promptSubmit
    case click(column: Int, row: Int)
    case exportScreen, exportMemberships
    case toggleHelp, escape, quit
    /// PageUp/PageDown: scroll the open overlay by this many lines.
    case scrollOverlay(Int)
    case toggleMap, cycleMapRule, dropProbe, removeProbe, toggleCompare, toggleExplain, nextAmbiguous
    case toggleSweep, moveSweepCursor(Int), chooseSweepK
    case resize(width: Int, height: Int)
    /// With `--show-keys`: the `--keys` token of the last input event, for the key bar.
    case keyShown(String?)
    // Reports from background work (`BackgroundJob`), tagged with the job they answer; the
    // state casts each back to the kind's own types.
    case jobProgress(job: Int, any Sendable)
    case jobFinished(job: Int, any Sendable)
    case jobFailed(job: Int, String)
    case exported(String)
    case exportFailed(String)
}

/// A model state with the membership context of its iteration: a history entry.
public struct Snapshot: Sendable {
    public let model: ClusterModel
    public var context: MembershipContext

    public init(model: ClusterModel, context: MembershipContext) {
        self.model = model
        self.context = context
    }

    /// The snapshot of a new model state with the O(k·D) half of its context; the extras (passes
    /// over every row) follow from an `ExtrasJob`, so a step costs its iteration and no more.
    public static func make(_ model: ClusterModel, data: PreparedData, settings: ModelSettings) -> Snapshot {
        Snapshot(model: model.compacted(), context: MembershipContext(immediate: data, model: model, settings: settings))
    }
}
