import ClusterKit

/// Keys that move through iterations or change the settings, and the jobs they start.
extension AppState {
    mutating func updateModel(_ action: Action) -> [Effect]? {
        switch action {
        case .stepForward:
            if cursor < history.count - 1 {
                cursor += 1
                return modelChanged()
            }
            if let b = busy {
                // Keys typed while a step computes are not lost: they queue further steps.
                if b.what == "stepping" { queuedSteps += 1 } else { message = "busy: \(b.what) (Esc cancels)" }
                return []
            }
            if model.isFinished {
                autoplay = false
                message = model.converged ? "converged at iter \(model.iteration)" : "iteration limit reached"
                return []
            }
            return startSteps(count: 1)
        case .stepBack:
            guard cursor > 0 else { message = "already at iter 0"; return [] }
            cursor -= 1
            return modelChanged()
        case .runToConvergence:
            if let b = busy { message = "busy: \(b.what) (Esc cancels)"; return [] }
            cursor = history.count - 1
            if model.isFinished { message = "converged at iter \(model.iteration)"; return modelChanged() }
            return startSteps(count: nil)
        case .toggleAutoplay:
            autoplay.toggle()
            return []
        case .autoplayTick:
            guard autoplay, busy == nil else { return [] }
            return update(.stepForward)
        case .reinitialise:
            var s = settings
            s.seed = s.seed &+ 1
            // Fixed rows ignore the seed: a new draw needs a random init.
            if case .rows = s.initMethod { s.initMethod = .kMeansPlusPlus }
            message = "seed \(s.seed)"
            return refit(s)
        case .cycleMethod:
            var s = settings
            let all = ClusteringMethod.allCases
            s.method = all[(all.firstIndex(of: s.method)! + 1) % all.count]
            return refit(s)
        case .cycleCovariance:
            var s = settings
            let all = CovarianceType.allCases
            s.covarianceType = all[(all.firstIndex(of: s.covarianceType)! + 1) % all.count]
            return refit(s)
        case .changeK(let delta):
            var s = settings
            s.k = min(max(1, s.k + delta), min(26, data.matrix.rows))
            if s.k == settings.k { message = "k stays \(s.k)"; return [] }
            if case .rows = s.initMethod { s.initMethod = .kMeansPlusPlus }
            return refit(s)
        case .scaleBeta(let factor):
            return setBeta(settings.beta * factor)
        case .resetBeta:
            return setBeta(1)
        case .toggleStandardize:
            let newData = PreparedData(dataset, standardize: !data.standardized)
            return refit(settings, data: newData)
        default:
            return nil
        }
    }

    mutating func startSteps(count: Int?) -> [Effect] {
        let job = newJob()
        busy = Busy(job: job, what: count == nil ? "running to convergence" : "stepping")
        var effects = cancelBootstrap()
        effects.append(.steps(job: job, from: model, count: count, data: data, settings: settings))
        return effects
    }

    mutating func refit(_ newSettings: ModelSettings, data newData: PreparedData? = nil) -> [Effect] {
        var effects: [Effect] = []
        if let b = busy { effects.append(.cancel(job: b.job)) }
        effects += cancelBootstrap()
        let job = newJob()
        busy = Busy(job: job, what: "fitting")
        autoplay = false
        effects.append(.refit(job: job, data: newData ?? data, settings: newSettings))
        return effects
    }

    mutating func setBeta(_ beta: Double) -> [Effect] {
        let clamped = min(max(beta, 1e-6), 1e9)
        if settings.method == .soft {
            var s = settings
            s.beta = clamped
            return refit(s)
        }
        // Beta only changes the softmax rule: every number updates at once, no refit.
        settings.beta = clamped
        for i in history.indices { history[i].context.beta = clamped }
        return []
    }

    mutating func cancelBootstrap() -> [Effect] {
        guard let job = bootstrapJob else { return [] }
        bootstrapJob = nil
        bootstrapDone = nil
        return [.cancel(job: job)]
    }

    /// After the current model changed: start the bootstrap for its centroids unless it is known.
    mutating func modelChanged() -> [Effect] {
        if selected >= data.matrix.rows { selected = 0 }
        guard busy == nil else { return [] }
        if bootstrapCentroids == model.centroids { return [] }
        var effects = cancelBootstrap()
        let job = newJob()
        bootstrapJob = job
        bootstrapDone = 0
        bootstrapCentroids = model.centroids
        bootstrap = nil
        effects.append(.bootstrap(job: job, data: data, reference: model.centroids, runs: bootstrapRuns, seed: settings.seed))
        return effects
    }

}
