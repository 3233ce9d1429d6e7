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

    private let scatter = Mutex<(key: ScatterKey, raster: DensityRaster)?>(nil)
    private let counts = Mutex<(key: CountsKey, counts: [Int])?>(nil)

    init() {}

    func raster(_ key: ScatterKey, make: () -> DensityRaster) -> DensityRaster {
        if let hit = scatter.withLock({ $0?.key == key ? $0?.raster : nil }) { return hit }
        let raster = make()
        scatter.withLock { $0 = (key, raster) }
        return raster
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
