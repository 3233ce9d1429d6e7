import ClusterKit

/// Everything that can change the explorer's state: what keys map to, and what background work
/// reports back. `AppState.update(_:)` is the only place that interprets them.
public enum Action: Sendable {
    case stepForward, stepBack, runToConvergence, toggleAutoplay, autoplayTick
    case reinitialise, cycleMethod, cycleCovariance
    case changeK(Int)
    case scaleBeta(Double), resetBeta
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
    case toggleMap, cycleMapRule, dropProbe, removeProbe, toggleCompare, toggleExplain, nextAmbiguous
    case toggleSweep, moveSweepCursor(Int), chooseSweepK
    case sweepProgress(job: Int, completed: Int, total: Int)
    case sweepComputed(job: Int, Sweep)
    case resize(width: Int, height: Int)
    /// With `--show-keys`: the `--keys` token of the last input event, for the key bar.
    case keyShown(String?)
    // Reports from background work, tagged with the job they answer.
    case stepsComputed(job: Int, [Snapshot])
    /// A refit's iteration 0, the settings it used, its data space and (when that space is new)
    /// the projection of it, both prepared off the input loop.
    case refitComputed(job: Int, Snapshot, ModelSettings, PreparedData, Projection?)
    case extrasComputed(job: Int, MembershipContext.Extras)
    case stepProgress(job: Int, iteration: Int)
    case bootstrapProgress(job: Int, done: Int)
    case bootstrapComputed(job: Int, Bootstrap)
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
    /// over every row) follow from an `.extras` job, so a step costs its iteration and no more.
    public static func make(_ model: ClusterModel, data: PreparedData, settings: ModelSettings) -> Snapshot {
        Snapshot(model: model.compacted(), context: MembershipContext(immediate: data, model: model, settings: settings))
    }
}

/// The key bindings: one table, shown verbatim by the help overlay and the README.
public enum KeyBindings {
    public static let table: [(keys: String, action: String)] = [
        ("n Space", "one iteration forward"),
        ("b Backspace", "one iteration back"),
        ("r", "run to convergence"),
        ("a", "autoplay on/off"),
        ("i", "re-initialise with the next seed"),
        ("m", "cycle method (k-means, soft, GMM)"),
        ("c", "cycle covariance type (GMM)"),
        ("+ -", "k up / down"),
        ("] [", "beta ×1.5 / ÷1.5"),
        ("0", "reset beta to 1"),
        ("z", "standardise on/off"),
        ("x y", "cycle the column on each axis (PCA first)"),
        ("t", "true-label colours on/off"),
        ("o", "GMM 1σ/2σ ellipses on/off"),
        ("> < _", "zoom in / out around the selection / fit all"),
        ("wheel", "zoom at the mouse"),
        ("arrows hjkl", "select the nearest point that way"),
        ("Tab S-Tab", "next / previous row"),
        ("g", "go to a row number"),
        ("click", "select the nearest point"),
        ("u", "membership map: shade by the winning cluster"),
        ("R", "cycle the map's rule (softmax, gmm, inverse-power)"),
        ("p P", "drop / remove a probe point (arrows, click move it)"),
        ("v", "compare every rule for the point"),
        ("w", "explain the numbers: the formula filled in"),
        ("A", "jump to the next most ambiguous row"),
        ("K", "choosing k: inertia, BIC, silhouette against k (Enter picks)"),
        ("e", "export the screen as text"),
        ("E", "export memberships as CSV"),
        ("?", "this help"),
        ("Esc", "close overlay / cancel computation"),
        ("q", "quit"),
    ]

    /// The action a key or mouse event means, given whether a prompt is open.
    public static func action(for event: InputEvent, promptOpen: Bool, sweepOpen: Bool = false) -> Action? {
        if sweepOpen, case .key(let key) = event {
            switch key {
            case .left, .character("h"): return .moveSweepCursor(-1)
            case .right, .character("l"): return .moveSweepCursor(1)
            case .enter: return .chooseSweepK
            default: break
            }
        }
        if promptOpen, case .key(let key) = event {
            switch key {
            case .character(let c): return .promptInput(c)
            case .backspace: return .promptBackspace
            case .enter: return .promptSubmit
            case .escape: return .escape
            default: return nil
            }
        }
        switch event {
        case .resize(let w, let h): return .resize(width: w, height: h)
        case .mouse(let m):
            switch m {
            case .click(let c, let r): return .click(column: c, row: r)
            case .wheelUp(let c, let r): return .zoomAt(column: c, row: r, zoomIn: true)
            case .wheelDown(let c, let r): return .zoomAt(column: c, row: r, zoomIn: false)
            }
        case .key(let key):
            switch key {
            case .space: return .stepForward
            case .backspace: return .stepBack
            case .tab: return .nextRow
            case .backTab: return .previousRow
            case .escape: return .escape
            case .left: return .moveSelection(dx: -1, dy: 0)
            case .right: return .moveSelection(dx: 1, dy: 0)
            case .up: return .moveSelection(dx: 0, dy: -1)
            case .down: return .moveSelection(dx: 0, dy: 1)
            case .function(1): return .toggleHelp
            case .control("c"): return .quit
            case .character(let c):
                switch c {
                case "n": return .stepForward
                case "b": return .stepBack
                case "r": return .runToConvergence
                case "a": return .toggleAutoplay
                case "i": return .reinitialise
                case "m": return .cycleMethod
                case "c": return .cycleCovariance
                case "+", "=": return .changeK(1)
                case "-": return .changeK(-1)
                case "]": return .scaleBeta(1.5)
                case "[": return .scaleBeta(1 / 1.5)
                case "0": return .resetBeta
                case "z": return .toggleStandardize
                case "x": return .cycleXAxis
                case "y": return .cycleYAxis
                case "t": return .toggleTrueLabels
                case "o": return .toggleEllipses
                case ">", ".": return .zoomIn
                case "<", ",": return .zoomOut
                case "_": return .fitAll
                case "h": return .moveSelection(dx: -1, dy: 0)
                case "l": return .moveSelection(dx: 1, dy: 0)
                case "k": return .moveSelection(dx: 0, dy: -1)
                case "j": return .moveSelection(dx: 0, dy: 1)
                case "g": return .beginGoTo
                case "e": return .exportScreen
                case "E": return .exportMemberships
                case "?": return .toggleHelp
                case "u": return .toggleMap
                case "R": return .cycleMapRule
                case "p": return .dropProbe
                case "P": return .removeProbe
                case "v": return .toggleCompare
                case "w": return .toggleExplain
                case "A": return .nextAmbiguous
                case "K": return .toggleSweep
                case "q": return .quit
                default: return nil
                }
            default: return nil
            }
        }
    }
}
