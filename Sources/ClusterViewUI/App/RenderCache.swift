import ClusterKit
import Synchronization

/// The O(N) parts of drawing (binning the scatter, counting cluster sizes), remembered for the
/// last inputs they were computed from, so a key that changes neither the model state, the
/// projection, the zoom nor the size draws in time proportional to the screen.
///
/// Copies of a state share one cache; every entry is keyed by all it depends on, so `render`
/// stays a pure function of the state (the cache only saves time).
final class RenderCache: Sendable {
    struct ScatterKey: Hashable {
        let generation: Int, cursor: Int
        let x: Axis, y: Axis
        let xLow: Double, xHigh: Double, yLow: Double, yHigh: Double
        let width: Int, height: Int
        let truth: Bool
    }

    struct CountsKey: Hashable {
        let generation: Int, cursor: Int
        let truth: Bool
    }

    struct FlagsKey: Hashable {
        let generation: Int, cursor: Int
        let rule: MembershipRule
        let beta: Double
        let fuzziness: Double
        let extras: Bool
        let limit: Int
    }

    private let ambiguity = Locked<(key: FlagsKey, value: (margins: [Double], order: [Int32]))?>(nil)
    private let flags = Locked<(key: FlagsKey, value: (count: Int, examined: Int))?>(nil)
    /// Rows whose softmax is one-hot (`AppState.softmaxOneHotShare`).
    private let oneHot = Locked<(key: FlagsKey, value: (count: Int, examined: Int))?>(nil)
    /// The last few views (toggling `t` or zooming back lands on one of them).
    private let scatter = Locked<[(key: ScatterKey, raster: DensityRaster)]>([])
    private static let scatterEntries = 4
    private let counts = Locked<(key: CountsKey, counts: [Int])?>(nil)

    /// The model state and the plane its mixture's ellipses are projected onto.
    struct EllipsesKey: Hashable {
        let generation: Int, cursor: Int
        let x: Axis, y: Axis
    }

    private let ellipses = Locked<(key: EllipsesKey, value: [ProjectedEllipse?])?>(nil)

    /// One model state in the history.
    struct StateKey: Hashable {
        let generation: Int, cursor: Int
    }

    /// Bezdek's indices of a fuzzy c-means state's memberships (`AppState.fuzzyPartitionIndices`).
    private let partition = Locked<(key: StateKey, value: (coefficient: Double, entropy: Double))?>(nil)

    /// The model state and how many rows the panel's counts sample.
    struct SampleKey: Hashable {
        let generation: Int, cursor: Int
        let limit: Int
    }

    /// The sampled rows' distances to the centroids (`AppState.sampledDistances`): the one pass
    /// over rows both panel counts of a new model state read.
    private let sampled = Locked<(key: SampleKey, value: SampledDistances)?>(nil)

    init() {}

    func partition(_ key: StateKey, make: () -> (coefficient: Double, entropy: Double)) -> (coefficient: Double, entropy: Double) {
        if let hit = partition.withLock({ $0?.key == key ? $0?.value : nil }) { return hit }
        let value = make()
        partition.withLock { $0 = (key, value) }
        return value
    }

    func ellipses(_ key: EllipsesKey, make: () -> [ProjectedEllipse?]) -> [ProjectedEllipse?] {
        if let hit = ellipses.withLock({ $0?.key == key ? $0?.value : nil }) { return hit }
        let value = make()
        ellipses.withLock { $0 = (key, value) }
        return value
    }

    func sampledDistances(_ key: SampleKey, make: () -> SampledDistances) -> SampledDistances {
        if let hit = sampled.withLock({ $0?.key == key ? $0?.value : nil }) { return hit }
        let value = make()
        sampled.withLock { $0 = (key, value) }
        return value
    }

    func raster(_ key: ScatterKey, make: () -> DensityRaster) -> DensityRaster {
        if let hit = scatter.withLock({ list in list.first { $0.key == key }?.raster }) { return hit }
        let raster = make()
        scatter.withLock { list in
            list.insert((key, raster), at: 0)
            if list.count > Self.scatterEntries { list.removeLast() }
        }
        return raster
    }

    func flags(_ key: FlagsKey, make: () -> (count: Int, examined: Int)) -> (count: Int, examined: Int) {
        if let hit = flags.withLock({ $0?.key == key ? $0?.value : nil }) { return hit }
        let value = make()
        flags.withLock { $0 = (key, value) }
        return value
    }

    func oneHot(_ key: FlagsKey, make: () -> (count: Int, examined: Int)) -> (count: Int, examined: Int) {
        if let hit = oneHot.withLock({ $0?.key == key ? $0?.value : nil }) { return hit }
        let value = make()
        oneHot.withLock { $0 = (key, value) }
        return value
    }

    func ambiguity(_ key: FlagsKey, make: () -> (margins: [Double], order: [Int32])) -> (margins: [Double], order: [Int32]) {
        if let hit = ambiguity.withLock({ $0?.key == key ? $0?.value : nil }) { return hit }
        let value = make()
        ambiguity.withLock { $0 = (key, value) }
        return value
    }

    func counts(_ key: CountsKey, make: () -> [Int]) -> [Int] {
        if let hit = counts.withLock({ $0?.key == key ? $0?.counts : nil }) { return hit }
        let value = make()
        counts.withLock { $0 = (key, value) }
        return value
    }
}

extension AppState {
    /// Rows per cluster of the current model state: counted once per state, then remembered.
    var clusterSizes: [Int] {
        let key = RenderCache.CountsKey(generation: historyGeneration, cursor: cursor, truth: false)
        return renderCache.counts(key) {
            var counts = [Int](repeating: 0, count: model.k)
            for l in model.labels { counts[Int(l)] += 1 }
            return counts
        }
    }
}

extension AppState {
    /// Whether the scatter has more points than dots (and so draws, and hit-tests, by density).
    var drawsDensity: Bool {
        let c = layout.canvas
        return data.matrix.rows > 8 * max(c.width, 0) * max(c.height, 0)
    }

    /// The scatter of the current view binned onto the canvas's dots, remembered per model
    /// state, projection, zoom, size and colouring.
    func scatterDensity(useTruth: Bool) -> DensityRaster {
        let c = layout.canvas, range = visibleRange, projection = self.projection
        let key = RenderCache.ScatterKey(
            generation: historyGeneration, cursor: cursor, x: projection.x, y: projection.y,
            xLow: range.x.lowerBound, xHigh: range.x.upperBound, yLow: range.y.lowerBound, yHigh: range.y.upperBound,
            width: c.width, height: c.height, truth: useTruth)
        return renderCache.raster(key) {
            let labels = model.labels, truth = dataset.labelCodes ?? []
            let groups = useTruth ? dataset.labelNames.count : model.k
            return DensityRaster(coordinates: projection.coordinates, count: data.matrix.rows,
                                 group: { useTruth ? truth[$0] : Int(labels[$0]) }, groups: groups,
                                 width: c.width, height: c.height, xRange: range.x, yRange: range.y)
        }
    }

    /// Rows worth hit-testing: all of them, or with density drawing one per non-empty dot.
    func hitCandidates() -> [Int32]? {
        guard drawsDensity else { return nil }
        let useTruth = showTrueLabels && dataset.labelCodes != nil
        let candidates = scatterDensity(useTruth: useTruth).representatives
        return candidates.isEmpty ? nil : candidates
    }
}

/// One mixture component's covariance projected onto the plot's plane: its centre and the
/// Cholesky factor [[l11, 0], [l21, l22]] of the 2 × 2 projected covariance.
struct ProjectedEllipse: Sendable {
    let center: (x: Double, y: Double)
    let l11: Double, l21: Double, l22: Double
}

extension AppState {
    /// The mixture's ellipses on the current plane (nil for a component whose projection is
    /// degenerate): O(k·D²) for full covariances at wide D, so computed once per model state and
    /// axes, not on every frame.
    func projectedEllipses(_ gmm: GaussianMixture) -> [ProjectedEllipse?] {
        let projection = self.projection
        let key = RenderCache.EllipsesKey(generation: historyGeneration, cursor: cursor, x: projection.x, y: projection.y)
        return renderCache.ellipses(key) {
            let d = gmm.means.columns
            // The plane's two directions in the clustering space.
            func direction(_ axis: Axis) -> [Double] {
                switch axis {
                case .principal(let i): return projection.pca.components.row(i)
                case .column(let c): return (0..<d).map { $0 == c ? 1 : 0 }
                }
            }
            let u = direction(projection.x), v = direction(projection.y)
            return (0..<gmm.k).map { j -> ProjectedEllipse? in
                let sigma = gmm.covariances.matrix(component: j, dimension: d)
                func quad(_ a: [Double], _ b: [Double]) -> Double {
                    var s = 0.0
                    for p in 0..<d { for q in 0..<d { s += a[p] * sigma[p, q] * b[q] } }
                    return s
                }
                let a = quad(u, u), b = quad(u, v), c = quad(v, v)
                // Cholesky of the 2×2 projected covariance [[a, b], [b, c]].
                guard a > 0 else { return nil }
                let l11 = a.squareRoot(), l21 = b / l11, rest = c - l21 * l21
                guard rest >= 0 else { return nil }
                return ProjectedEllipse(center: projection.project(gmm.means.row(j)), l11: l11, l21: l21, l22: rest.squareRoot())
            }
        }
    }
}
