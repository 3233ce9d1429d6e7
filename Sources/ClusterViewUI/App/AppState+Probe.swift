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
        func disagrees(_ p: [Double]?, row i: Int) -> Bool {
            guard let p else { return false }
            let top = p.indices.max { p[$0] < p[$1] } ?? 0
            return top != Int(model.labels[i])
        }
        // The rules that read only the distances take them from the sample's one SIMD pass.
        if [.softmax, .fuzzy, .linear].contains(mapRule) {
            let sample = sampledDistances(limit: limit)
            var count = 0
            for t in sample.rows.indices where disagrees(valuesFromDistances(mapRule, sample.distances(t)), row: sample.rows[t]) {
                count += 1
            }
            return (count, sample.rows.count)
        }
        return countSampledRows(limit: limit) { i in disagrees(values(mapRule, for: data.matrix.row(i)), row: i) }
    }

    /// A distance rule's values from a point's distances: the formulas `MembershipContext.values`
    /// applies to the same distances (so the same bits); only softmax, fuzzy and linear.
    private func valuesFromDistances(_ rule: MembershipRule, _ d: [Double]) -> [Double]? {
        switch rule {
        case .softmax: return MembershipFormulas.softmax(distances: d, beta: context.beta)
        case .fuzzy: return MembershipFormulas.fuzzy(distances: d, fuzziness: context.fuzziness)
        case .linear:
            guard context.linearRanges.count == d.count else { return nil }
            return MembershipFormulas.linear(distances: d, ranges: context.linearRanges)
        default: preconditionFailure("\(rule) does not read only the distances")
        }
    }

    /// The rows the panel's counts examine: every `stride`-th row, at most `limit` of them.
    private func sampleStride(limit: Int) -> (stride: Int, count: Int) {
        let n = data.matrix.rows, stride = max(1, (n + limit - 1) / limit)
        return (stride, (n + stride - 1) / stride)
    }

    /// The sampled rows' Euclidean distances to the centroids, once per model state: both panel
    /// counts (disagreements, the one-hot share) read them, so a new state costs one pass over
    /// the sample, in the SIMD kernel (`Matrix.distances(ofRows:to:)`, the bits of
    /// `MembershipContext.distances(of:)`).
    func sampledDistances(limit: Int) -> SampledDistances {
        let key = RenderCache.SampleKey(generation: historyGeneration, cursor: cursor, limit: limit)
        return renderCache.sampledDistances(key) {
            let (stride, count) = sampleStride(limit: limit)
            let rows = (0..<count).map { $0 * stride }
            return SampledDistances(rows: rows, k: context.k,
                                    values: data.matrix.distances(ofRows: rows, to: context.centroids))
        }
    }

    /// Of every `stride`-th row (at most `limit` rows), how many satisfy `test`, and how many
    /// were examined. Four parallel parts when there are many: counts add up the same however
    /// the rows are split, so the answer does not depend on the thread timing.
    func countSampledRows(limit: Int, where test: (Int) -> Bool) -> (count: Int, examined: Int) {
        let (stride, sampled) = sampleStride(limit: limit)
        let parts = sampled >= 1_000 ? 4 : 1
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

/// Rows sampled for the panel's counts and their distances to each centroid.
struct SampledDistances: Sendable {
    let rows: [Int]
    let k: Int
    /// `rows.count × k`, row-major.
    let values: [Double]

    /// The k distances of sampled row number `t` (the data row `rows[t]`).
    func distances(_ t: Int) -> [Double] { Array(values[(t * k)..<((t + 1) * k)]) }
}
