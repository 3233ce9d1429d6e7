import ClusterKit

/// The choosing-k chart (`K`): its background sweep, cursor and choice.
extension AppState {
    mutating func updateSweep(_ action: Action) -> [Effect]? {
        switch action {
        case .toggleSweep:
            if showSweep {
                showSweep = false
                return []
            }
            showSweep = true
            showHelp = false
            showCompare = false
            showExplain = false
            // A finished sweep for these settings is reused; otherwise fit k = 2…12 in the background.
            if let sweep, sweepSettings == sweepKey { sweepCursor = sweep.points.firstIndex { $0.k == model.k } ?? sweepCursor; return [] }
            if isRunning(SweepJob.self) { return [] }
            let ks = Array(2...max(2, min(12, data.matrix.rows - 1)))
            var s = settings
            if case .rows = s.initMethod { s.initMethod = .kMeansPlusPlus }
            sweep = nil
            sweepSettings = sweepKey
            return startJob(SweepJob(data: data, settings: s, ks: ks))
        case .moveSweepCursor(let delta):
            guard let sweep else { return [] }
            sweepCursor = min(max(0, sweepCursor + delta), sweep.points.count - 1)
            return []
        case .chooseSweepK:
            guard let sweep, sweep.points.indices.contains(sweepCursor) else { return [] }
            showSweep = false
            var s = settings
            s.k = sweep.points[sweepCursor].k
            // The chart showed each k fitted to convergence: switch to that fit, not to its
            // iteration 0 (the sweep fits from the same settings and seed).
            if s.k == settings.k { return updateModel(.runToConvergence) ?? [] }
            if case .rows = s.initMethod { s.initMethod = .kMeansPlusPlus }
            let effects = refit(s)
            queuedMoves = [.toConvergence]
            message = "k=\(s.k): fitting and running to convergence, as the chart did"
            return effects
        default:
            return nil
        }
    }

    /// What a sweep depends on: the data space and every setting but k.
    var sweepKey: String {
        "\(data.standardized) \(settings.method) \(settings.covarianceType) \(settings.seed) \(settings.beta) \(settings.regCovar) "
            + "\(settings.fuzziness)"
    }
}
