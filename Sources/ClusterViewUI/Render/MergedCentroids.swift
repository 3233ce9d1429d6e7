import ClusterKit

/// How many distinct centroids a model has: soft k-means at a low beta pulls every centroid to
/// the data's mean, and "converged" then hides that the k clusters became one. The status line
/// says so ("centroids merged: 3 clusters → 1; raise beta").
enum MergedCentroids {
    /// The number of groups of centroids closer than `tolerance` to one another (single linkage).
    static func distinctCount(_ centroids: Matrix, tolerance: Double) -> Int {
        var group = Array(0..<centroids.rows)
        func root(_ i: Int) -> Int { var i = i; while group[i] != i { i = group[i] }; return i }
        for a in 0..<centroids.rows {
            for b in (a + 1)..<max(a + 1, centroids.rows)
            where squaredDistance(centroids.row(a), centroids.row(b)).squareRoot() <= tolerance {
                group[root(b)] = root(a)
            }
        }
        return Set((0..<centroids.rows).map(root)).count
    }

    /// The status line's warning (and a short form for narrow terminals) for soft k-means whose
    /// centroids merged, else nil. Centroids
    /// count as one when closer than a thousandth of the plot's widest extent.
    static func warning(_ state: AppState) -> (long: String, short: String)? {
        guard state.settings.method.fitsWithBeta, state.model.k > 1 else { return nil }
        let b = state.projection.bounds
        let scale = max(b.x.upperBound - b.x.lowerBound, b.y.upperBound - b.y.lowerBound)
        let distinct = distinctCount(state.model.centroids, tolerance: 1e-3 * scale)
        guard distinct < state.model.k else { return nil }
        return ("centroids merged: \(state.model.k) clusters → \(distinct); raise beta",
                "merged \(state.model.k)→\(distinct): raise beta")
    }
}
