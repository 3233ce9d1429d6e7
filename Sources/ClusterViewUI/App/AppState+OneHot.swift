import ClusterKit

/// Whether softmax says anything: on raw pixels distances run in the thousands, and at β = 1
/// softmax is exactly one-hot for every row. The side panel says so and suggests `B`.
extension AppState {
    /// The share of rows that counts as "almost every row" (of those examined).
    static let oneHotRowShare = 0.99
    /// A row's softmax is one-hot when its largest probability is above this.
    static let oneHotProbability = 0.999

    /// Rows (every `stride`-th, at most `limit`) whose softmax has max p > 0.999, and how many
    /// were examined; cached per model state and β.
    public func softmaxOneHotShare(limit: Int = 5_000) -> (count: Int, examined: Int) {
        let key = RenderCache.FlagsKey(generation: historyGeneration, cursor: cursor, rule: .softmax, beta: context.beta,
                                       fuzziness: context.fuzziness, extras: false, limit: limit)
        return renderCache.oneHot(key) {
            // The same sample and distances as the disagreement count: one pass per model state.
            let sample = sampledDistances(limit: limit)
            let count = sample.rows.indices.count { t in
                let p = MembershipFormulas.softmax(distances: sample.distances(t), beta: context.beta)
                return (p.max() ?? 0) > Self.oneHotProbability
            }
            return (count, sample.rows.count)
        }
    }

    /// The side panel's one line when softmax is one-hot for almost every row (k-means and GMM,
    /// β not already auto); nil otherwise.
    public var oneHotNote: String? {
        guard !settings.method.fitsWithBeta, settings.k >= 2, !betaIsAutoForState, !autoBetaSearching else { return nil }
        let share = softmaxOneHotShare()
        guard share.examined > 0, Double(share.count) >= Self.oneHotRowShare * Double(share.examined) else { return nil }
        let percent = Int((100 * Double(share.count) / Double(share.examined)).rounded(.down))
        // Fits the narrow panel (43 columns at 80×24); the README explains B and --beta auto.
        return "softmax one-hot on \(percent)% of rows: B auto beta"
    }
}
