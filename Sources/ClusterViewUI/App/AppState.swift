import ClusterKit

/// The explorer's whole state as a value. Keys become `Action`s; `update` changes the state and
/// returns `Effect`s for the runtime to perform; `render(state)` draws it. Nothing here blocks.
public struct AppState: Sendable {
    public let dataset: Dataset
    /// The file name without directory and extension, for export names.
    public let fileStem: String
    public let fileName: String
    public internal(set) var data: PreparedData
    public internal(set) var settings: ModelSettings
    public internal(set) var history: [Snapshot]
    public internal(set) var cursor: Int = 0
    public internal(set) var projection: Projection
    /// Palette slot of each cluster: kept across refits by matching centroids.
    public internal(set) var colorSlots: [Int]
    public internal(set) var bootstrap: Bootstrap?
    /// The centroids the bootstrap (finished or running) belongs to.
    var bootstrapCentroids: Matrix?
    /// The iteration `r` was pressed at (the run's message counts from it).
    var runStartIteration: Int?
    /// The model an `E` export waits on the bootstrap for (see AppState+Export).
    var waitingExportCentroids: Matrix?
    public let bootstrapRuns: Int
    /// Rows per bootstrap resample (m of the m-out-of-n bootstrap).
    public let bootstrapResampleSize: Int
    /// The background jobs in flight, one per slot (`BackgroundJob`, `JobTable`); `busy`,
    /// `bootstrapDone`, `sweepProgress` and `autoBetaSearching` read it.
    var jobs = JobTable()
    /// Moves typed while `busy` ran, done in order when it ends.
    public internal(set) var queuedMoves: [QueuedMove] = []
    /// The settings of the refit in flight (what settings keys build on); nil when none runs.
    public internal(set) var pendingSettings: ModelSettings?
    /// The data space (standardised or not) of the refit in flight.
    public internal(set) var pendingStandardized: Bool?
    /// Counts refits: history indices are only meaningful within one generation.
    var historyGeneration = 0
    /// `B` / `--beta auto`: β is chosen for each model state (`AppState+AutoBeta`).
    public internal(set) var betaAuto = false
    /// The history entry the β on screen was chosen for, while auto is on.
    var autoBetaFor: AutoBetaKey?
    /// Drawing's O(N) parts, remembered per model state, projection, zoom and size.
    let renderCache = RenderCache()
    public internal(set) var selected: Int = 0
    /// nil: fit all the data.
    public internal(set) var zoom: (x: ClosedRange<Double>, y: ClosedRange<Double>)?
    public internal(set) var showTrueLabels = false
    public internal(set) var showEllipses = true
    public internal(set) var showHelp = false
    /// Shade the plot by the cluster that wins under `mapRule` (`u`).
    public internal(set) var showMap = false
    /// The rule the map, the ambiguity jump and the flags use (`R` cycles it).
    public internal(set) var mapRule: MembershipRule = .softmax
    /// A query point on the plane (`p`), in plane coordinates; the panel describes it when set.
    public internal(set) var probe: (x: Double, y: Double)?
    /// Side-by-side rule comparison (`v`) and the worked formula (`w`) overlays.
    public internal(set) var showCompare = false
    public internal(set) var showExplain = false
    /// Lines scrolled past in the open overlay (PageDown); back to 0 when an overlay opens.
    public internal(set) var overlayScroll = 0
    /// The choosing-k chart (`K`): its sweep, and the k under the cursor.
    public internal(set) var showSweep = false
    public internal(set) var sweep: Sweep?
    public internal(set) var sweepCursor = 0
    var sweepSettings: String?
    public internal(set) var autoplay = false
    /// `--image WxH`: the panel draws the row and the centroids as pictures; nil draws numbers.
    public internal(set) var pictures: Pictures?
    /// Text typed after `g`, while the prompt is open.
    public internal(set) var prompt: String?
    /// A one-off note for the status line (export path, why a key did nothing).
    public internal(set) var message: String?
    public internal(set) var width: Int
    public internal(set) var height: Int
    var nextJob = 1
    /// Where the last `A` jump landed in the ambiguity order.
    var ambiguityRank: Int?

    /// Prepares the data and the model at iteration 0; throws on bad settings (before any screen).
    public init(dataset: Dataset, fileName: String, standardize: Bool, normalization: RowNormalization = .none,
                settings: ModelSettings,
                projection axes: (Axis, Axis)? = nil, bootstrapRuns: Int = 100,
                bootstrapResampleSize: Int? = nil, width: Int = 120, height: Int = 40) throws {
        let data = PreparedData(dataset, standardize: standardize, normalization: normalization)
        try self.init(fileName: fileName, data: data, settings: settings, model: try ClusterModel.initial(data.matrix, settings),
                      projection: axes, bootstrapRuns: bootstrapRuns, bootstrapResampleSize: bootstrapResampleSize,
                      width: width, height: height)
    }

    /// Starts from a given model on prepared data (a saved model opened on its data).
    public init(fileName: String, data: PreparedData, settings: ModelSettings, model: ClusterModel,
                projection axes: (Axis, Axis)? = nil, bootstrapRuns: Int = 100,
                bootstrapResampleSize: Int? = nil, width: Int = 120, height: Int = 40) throws {
        self.dataset = data.dataset
        self.fileName = fileName
        let base = fileName.split(separator: "/").last.map(String.init) ?? fileName
        self.fileStem = base.contains(".") ? String(base[..<base.lastIndex(of: ".")!]) : base
        self.data = data
        self.settings = settings
        self.history = [Snapshot.make(model, data: data, settings: settings)]
        self.projection = Projection(data: data, x: axes?.0 ?? .principal(0), y: axes?.1 ?? .principal(1))
        self.colorSlots = Array(0..<settings.k)
        self.bootstrapRuns = bootstrapRuns
        self.bootstrapResampleSize = bootstrapResampleSize ?? Bootstrap.defaultResampleSize(columns: data.matrix.columns)
        self.width = width
        self.height = height
    }

    /// With `--show-keys`: the last input event as its `--keys` token, shown in the key bar.
    public internal(set) var lastKeyToken: String?

    /// Shows a note in the key bar (e.g. which model was opened).
    public mutating func note(_ text: String) { message = text }

    /// What settings keys build on: the pending refit's settings, else the model's.
    public var targetSettings: ModelSettings { pendingSettings ?? settings }
    /// The data space settings keys build on.
    public var targetStandardized: Bool { pendingStandardized ?? data.standardized }

    public var snapshot: Snapshot { history[cursor] }
    public var model: ClusterModel { snapshot.model }
    public var context: MembershipContext { snapshot.context }
    public var layout: Layout { Layout(width: width, height: height) }

    /// The selected row's features in the clustering space.
    public var selectedPoint: [Double] { data.matrix.row(selected) }

    /// The x and y ranges shown.
    public var visibleRange: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        zoom ?? projection.bounds
    }

    /// The panel's rules for a point, in the panel's order (nil where not ready).
    public func memberships(for point: [Double]) -> [(rule: MembershipRule, values: [Double]?)] {
        ([leadRule] + Self.comparedRules).map { ($0, values($0, for: point)) }
    }

    /// The panel's columns after the first: the same for every method, so scripts find them.
    static let comparedRules: [MembershipRule] = [.gmm, .inversePower, .bootstrap, .cosine]

    /// The panel's first column (and its entropy, margin and sparkline): the model's own
    /// membership (`ClusteringMethod.ownRule`) when no other column shows it, as fuzzy c-means'
    /// `fuzzy` rule at the model's m; else softmax, which is k-means' and soft k-means' own (a
    /// GMM's own responsibilities are the `gmm` column).
    public var leadRule: MembershipRule {
        let own = model.method.ownRule
        return Self.comparedRules.contains(own) ? .softmax : own
    }

    /// File name for an export: `clusterview-<stem>-iter<N>-<k>k.<ext>`.
    func exportName(_ ext: String) -> String {
        "clusterview-\(fileStem)-iter\(model.iteration)-\(model.k)k.\(ext)"
    }

    mutating func newJob() -> Int {
        defer { nextJob += 1 }
        return nextJob
    }
}

extension AppState {
    /// Selects the row at a matrix position (clamped to the data).
    public mutating func select(_ position: Int) {
        selected = min(max(0, position), data.matrix.rows - 1)
    }
}
