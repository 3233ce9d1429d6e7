import ClusterKit

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

    /// Margin between the two most probable clusters of every row under the map's rule.
    public func margins() -> [Double] {
        (0..<data.matrix.rows).map { i in
            MembershipFormulas.margin(values(mapRule, for: data.matrix.row(i)) ?? [1])
        }
    }

    /// Rows whose most probable cluster under the map's rule is not their hard cluster, counted
    /// over at most `limit` rows (an even stride through the data beyond that, so drawing stays
    /// fast at any N). Returns the count and how many rows were looked at.
    public func softHardDisagreements(limit: Int = 5_000) -> (count: Int, examined: Int) {
        let n = data.matrix.rows, stride = max(1, (n + limit - 1) / limit)
        var count = 0, examined = 0
        var i = 0
        while i < n {
            examined += 1
            if let p = values(mapRule, for: data.matrix.row(i)) {
                let top = p.indices.max { p[$0] < p[$1] } ?? 0
                if top != Int(model.labels[i]) { count += 1 }
            }
            i += stride
        }
        return (count, examined)
    }
}
