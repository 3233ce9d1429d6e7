/// Bootstrap stability of the k-means partition: B k-means runs on resamples with replacement.
///
/// Each run draws N rows with replacement, runs k-means (k-means++ init) to convergence, and its
/// clusters are matched to the reference centroids by a minimum-cost assignment of centroid
/// distances. A point's membership p_j is the share of runs whose matched cluster j is nearest.
/// Seeds derive from the user's seed, so the same seed gives the same result.
public struct Bootstrap: Sendable, Equatable {
    /// B centroid sets (k × D each), rows reordered to the reference numbering.
    public var matchedCentroids: [Matrix]

    public init(matchedCentroids: [Matrix]) { self.matchedCentroids = matchedCentroids }

    public var runs: Int { matchedCentroids.count }

    /// Runs the B fits. `progress(done)` is called after each run; returning false cancels (nil).
    public static func run(data: Matrix, reference: Matrix, runs: Int = 100, seed: UInt32,
                           progress: (Int) -> Bool = { _ in true }) -> Bootstrap? {
        let k = reference.rows, n = data.rows
        var sets: [Matrix] = []
        sets.reserveCapacity(runs)
        for b in 0..<runs {
            // A distinct, reproducible stream per run.
            var random = NumPyRandomState(seed: seed &+ 0x9E37_79B9 &* UInt32(b + 1))
            var rows = [Int](repeating: 0, count: n)
            for i in 0..<n { rows[i] = Int(random.nextUInt32() % UInt32(n)) }
            let sample = data.selectingRows(rows)
            let distinct = Set(rows).count
            let fitted: Matrix
            if distinct >= k, let model = try? KMeans(
                data: sample, configuration: .init(k: k, seed: random.nextUInt32())) {
                fitted = model.run().centroids
            } else {
                fitted = reference
            }
            let match = matchCentroids(fitted, to: reference)
            var ordered = Matrix(rows: k, columns: reference.columns)
            for a in 0..<k { for f in 0..<reference.columns { ordered[match[a], f] = fitted[a, f] } }
            sets.append(ordered)
            if !progress(b + 1) { return nil }
        }
        return Bootstrap(matchedCentroids: sets)
    }

    /// Share of runs in which each (reference-numbered) cluster is nearest to `point`.
    public func membership(of point: [Double]) -> [Double] {
        guard let k = matchedCentroids.first?.rows else { return [] }
        var counts = [Double](repeating: 0, count: k)
        for set in matchedCentroids {
            var best = 0, bestD = Double.infinity
            for j in 0..<k {
                let d = squaredDistance(point, set.row(j))
                if d < bestD { bestD = d; best = j }
            }
            counts[best] += 1
        }
        return counts.map { $0 / Double(matchedCentroids.count) }
    }
}
