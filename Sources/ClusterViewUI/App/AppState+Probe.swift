import ClusterKit
import Dispatch

/// The plane of the picture in the clustering space: what a screen position stands for.
///
/// For PCA, a point (x, y) of the plane is the data mean plus x·PC1 + y·PC2; for two columns, the
/// data mean with those two features set to x and y. The membership map and the probe use it.
extension AppState {
    public func spacePoint(planeX x: Double, y: Double) -> [Double] {
        switch (projection.x, projection.y) {
        case (.principal, .principal):
            return projection.pca.point(atPlane: x, y)
        default:
            var p = projection.pca.mean
            if case .column(let c) = projection.x { p[c] = x }
            if case .column(let c) = projection.y { p[c] = y }
            return p
        }
    }

    /// The point the side panel describes: the probe when there is one, else the selected row.
    public var focusPoint: [Double] { probe.map { spacePoint(planeX: $0.x, y: $0.y) } ?? selectedPoint }

    /// The rule's values for a point, or nil when the rule has nothing to say yet.
    public func values(_ rule: MembershipRule, for point: [Double]) -> [Double]? {
        if rule == .bootstrap {
            guard let b = bootstrap, bootstrapCentroids == model.centroids else { return nil }
            return b.membership(of: point)
        }
        guard rule == .cosine, let cosine = context.values(rule, for: point) else { return context.values(rule, for: point) }
        // The cosine of a zero vector is undefined (ClusterKit reports 0): the screen shows "—".
        let zero = point.allSatisfy { $0 == 0 }
        return cosine.indices.map { j in zero || model.centroids.row(j).allSatisfy { $0 == 0 } ? .nan : cosine[j] }
    }

    /// Margin between the two most probable clusters of every row under the map's rule
    /// (computed in parallel parts of 4,096 rows; each value is the same however it is split).
    public func margins() -> [Double] {
        let n = data.matrix.rows, part = 4_096, parts = (n + part - 1) / part
        var m = [Double](repeating: 0, count: n)
        m.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let base = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                for i in (p * part)..<min(n, (p + 1) * part) {
                    base[i] = MembershipFormulas.margin(values(mapRule, for: data.matrix.row(i)) ?? [1])
                }
            }
        }
        return m
    }

    /// Rows from the most ambiguous (smallest margin) on, with their margins: remembered per
    /// model state, rule and beta, so each `A` after the first is a lookup.
    func ambiguityOrder() -> (margins: [Double], order: [Int32]) {
        let key = RenderCache.FlagsKey(generation: historyGeneration, cursor: cursor, rule: mapRule, beta: context.beta,
                                       fuzziness: context.fuzziness, extras: context.hasExtras, limit: -1)
        return renderCache.ambiguity(key) {
            let m = margins()
            let order = m.indices.sorted { m[$0] != m[$1] ? m[$0] < m[$1] : $0 < $1 }.map { Int32($0) }
            return (m, order)
        }
    }

    /// Rows whose most probable cluster under the map's rule is not their hard cluster, counted
    /// over at most `limit` rows (an even stride through the data beyond that, so drawing stays
    /// fast at any N). Returns the count and how many rows were looked at.
    /// Remembered per model state, rule and beta: the panel asks on every key.
    public func softHardDisagreements(limit: Int = 5_000) -> (count: Int, examined: Int) {
        let key = RenderCache.FlagsKey(generation: historyGeneration, cursor: cursor, rule: mapRule, beta: context.beta,
                                       fuzziness: context.fuzziness, extras: context.hasExtras, limit: limit)
        return renderCache.flags(key) { countDisagreements(limit: limit) }
    }

    private func countDisagreements(limit: Int) -> (count: Int, examined: Int) {
        countSampledRows(limit: limit) { i in
            guard let p = values(mapRule, for: data.matrix.row(i)) else { return false }
            let top = p.indices.max { p[$0] < p[$1] } ?? 0
            return top != Int(model.labels[i])
        }
    }

    /// Of every `stride`-th row (at most `limit` rows), how many satisfy `test`, and how many
    /// were examined. Four parallel parts when there are many: counts add up the same however
    /// the rows are split, so the answer does not depend on the thread timing.
    func countSampledRows(limit: Int, where test: (Int) -> Bool) -> (count: Int, examined: Int) {
        let n = data.matrix.rows, stride = max(1, (n + limit - 1) / limit)
        let sampled = (n + stride - 1) / stride, parts = sampled >= 1_000 ? 4 : 1
        var counts = [Int](repeating: 0, count: parts)
        counts.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let base = out.baseAddress!
            withoutActuallyEscaping(test) { test in
                nonisolated(unsafe) let test = test
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    var count = 0
                    for s in (sampled * part / parts)..<(sampled * (part + 1) / parts) where test(s * stride) { count += 1 }
                    base[part] = count
                }
            }
        }
        return (counts.reduce(0, +), sampled)
    }
}
