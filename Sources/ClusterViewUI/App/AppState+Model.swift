import ClusterKit

/// Keys that move through iterations or change the settings, and the jobs they start.
///
/// While a model job runs, moves queue (`queuedMoves`) and settings keys build on the pending
/// settings (`targetSettings`), so a burst of keys means what it would mean typed slowly.
extension AppState {
    mutating func updateModel(_ action: Action) -> [Effect]? {
        switch action {
        case .stepForward:
            if busy != nil { return queue(.forward) }
            if cursor < history.count - 1 {
                cursor += 1
                return modelChanged()
            }
            if model.isFinished {
                autoplay = false
                message = model.converged ? "converged at iter \(model.iteration)" : "iteration limit reached"
                return []
            }
            return startSteps(count: 1)
        case .stepBack:
            if busy != nil { return queue(.back) }
            guard cursor > 0 else {
                message = "already at iter \(model.iteration)" + (model.iteration > 0 ? " (where the opened model starts)" : "")
                return []
            }
            cursor -= 1
            return modelChanged()
        case .runToConvergence:
            if let b = busy {
                if case .runningToConvergence = b.kind { message = "already running to convergence (Esc cancels)"; return [] }
                return queue(.toConvergence)
            }
            let from = model.iteration
            cursor = history.count - 1
            if model.isFinished {
                message = (model.converged ? "converged at iter \(model.iteration)" : "iteration limit reached at iter \(model.iteration)")
                    + (from < model.iteration ? " (forward from iter \(from) through the history)" : "")
                return modelChanged()
            }
            runStartIteration = from
            return startSteps(count: nil)
        case .toggleAutoplay:
            autoplay.toggle()
            return []
        case .autoplayTick:
            guard autoplay, busy == nil else { return [] }
            return updateModel(.stepForward)
        case .reinitialise:
            var s = targetSettings
            s.seed = s.seed &+ 1
            // Fixed rows ignore the seed: a new draw needs a random init.
            if case .rows = s.initMethod { s.initMethod = .kMeansPlusPlus }
            message = "seed \(s.seed)"
            return refit(s)
        case .cycleMethod:
            var s = targetSettings
            let all = ClusteringMethod.allCases
            s.method = all[(all.firstIndex(of: s.method)! + 1) % all.count]
            return refit(s)
        case .cycleCovariance:
            var s = targetSettings
            let all = CovarianceType.allCases
            s.covarianceType = all[(all.firstIndex(of: s.covarianceType)! + 1) % all.count]
            return refit(s)
        case .changeK(let delta):
            var s = targetSettings
            s.k = min(max(1, s.k + delta), min(26, data.matrix.rows))
            if s.k == targetSettings.k { message = "k stays \(s.k)"; return [] }
            if case .rows = s.initMethod { s.initMethod = .kMeansPlusPlus }
            return refit(s)
        case .scaleBeta(let factor):
            return setBeta(targetSettings.beta * factor)
        case .resetBeta:
            return setBeta(1)
        case .scaleFuzziness(let factor):
            return stepFuzziness(by: factor)
        case .toggleStandardize:
            return refit(targetSettings, standardized: !targetStandardized)
        default:
            return nil
        }
    }

    private mutating func queue(_ move: QueuedMove) -> [Effect] {
        queuedMoves.append(move)
        return []
    }

    /// After a model job ended: the queued moves, in order, until one starts a job.
    mutating func resumeQueuedMoves() -> [Effect] {
        var effects: [Effect] = []
        while busy == nil, !queuedMoves.isEmpty {
            effects += updateModel(queuedMoves.removeFirst().action) ?? []
        }
        return effects + modelChanged()
    }

    mutating func startSteps(count: Int?) -> [Effect] {
        // The next state's context work replaces this one's: free the cores for the step.
        cancelBootstrap() + cancelExtras()
            + startJob(StepsJob(from: model, count: count, data: data, settings: settings, estimate: iterationEstimate(settings)))
    }

    /// Cancels whatever model job runs and starts a refit for `newSettings` (the newest wins).
    mutating func refit(_ newSettings: ModelSettings, standardized: Bool? = nil) -> [Effect] {
        var effects = cancelJob(in: .model)
        // A refit starts a new history: moves typed before it have nothing left to move through.
        queuedMoves = []
        effects += cancelBootstrap() + cancelExtras()
        pendingSettings = newSettings
        if let standardized { pendingStandardized = standardized }
        autoplay = false
        return effects + startJob(RefitJob(data: data, standardize: targetStandardized, settings: newSettings,
                                           estimate: iterationEstimate(newSettings)))
    }

    /// A β typed by hand: auto β is off from here on.
    private mutating func setBeta(_ beta: Double) -> [Effect] {
        let effects = stopAutoBeta()
        return effects + applyBeta(beta)
    }

    /// Sets β everywhere; keys keep it within 1e-6…1e9, auto β is taken as found.
    mutating func applyBeta(_ beta: Double, clamp: Bool = true) -> [Effect] {
        applyLive(.beta, clamp ? min(max(beta, 1e-6), 1e9) : beta)
    }

    /// Sets a live parameter (β, m) everywhere. When the method's fit reads it (β in soft
    /// k-means), that is a refit. Otherwise it only changes its rule: every number updates at
    /// once, no refit; a pending refit takes it too.
    mutating func applyLive(_ parameter: LiveParameter, _ value: Double) -> [Effect] {
        if targetSettings.method.fitReads(parameter) {
            var s = targetSettings
            s[keyPath: parameter.setting] = value
            return refit(s)
        }
        pendingSettings?[keyPath: parameter.setting] = value
        if !settings.method.fitReads(parameter) {
            settings[keyPath: parameter.setting] = value
            for i in history.indices { history[i].context[keyPath: parameter.context] = value }
        }
        return []
    }

    /// Forgets the model job in flight (Esc, failure): its queued moves and pending settings too.
    mutating func dropModelJob() -> [Effect] {
        guard busy != nil else { return [] }
        let cancel = cancelJob(in: .model)
        forgetModelJob()
        return cancel + modelChanged()
    }

    /// What a model job leaves behind once it is gone (cancelled or failed).
    mutating func forgetModelJob() {
        autoplay = false
        queuedMoves = []
        pendingSettings = nil
        pendingStandardized = nil
    }

    /// A GMM iteration's cost when it is long (full or tied covariances at wide D), for the status line.
    func iterationEstimate(_ s: ModelSettings) -> String? {
        guard s.method.isGaussianMixture else { return nil }
        let seconds = WideData.gmmIterationSeconds(rows: data.matrix.rows, columns: data.matrix.columns, k: s.k,
                                                   type: s.covarianceType)
        return seconds > WideData.noticeSeconds ? WideData.describe(seconds: seconds) + " an iteration" : nil
    }

    mutating func cancelBootstrap() -> [Effect] {
        guard isRunning(BootstrapJob.self) else { return [] }
        bootstrapCentroids = nil
        return cancelJob(in: BootstrapJob.slot)
    }

    mutating func cancelExtras() -> [Effect] {
        cancelJob(in: ExtrasJob.slot)
    }

    /// After the current model changed: start what its context still needs (extras, bootstrap),
    /// unless a model job runs (its result will change the model again).
    mutating func modelChanged() -> [Effect] {
        if selected >= data.matrix.rows { selected = 0 }
        guard busy == nil else { return [] }
        var effects: [Effect] = []
        if !context.hasExtras, runningJob(ExtrasJob.self).map({ $0.generation != historyGeneration || $0.index != cursor }) ?? true {
            effects += cancelExtras()
            // A k-means model's full mixture at wide D is slow work in the background: say so.
            if !settings.method.isGaussianMixture,
               let notice = WideData.costNotice(settings: settings, rows: data.matrix.rows, columns: data.matrix.columns) {
                message = notice
            }
            effects += startJob(ExtrasJob(generation: historyGeneration, index: cursor, data: data, model: model, settings: settings))
        }
        if bootstrapCentroids != model.centroids {
            effects += cancelBootstrap()
            bootstrapCentroids = model.centroids
            bootstrap = nil
            effects += startJob(BootstrapJob(data: data, reference: model.centroids, runs: bootstrapRuns,
                                             resampleSize: bootstrapResampleSize, seed: settings.seed))
        }
        return effects + autoBetaEffects()
    }
}
