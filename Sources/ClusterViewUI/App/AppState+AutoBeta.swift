import ClusterKit

/// Auto β (`B`, `--beta auto`): while on, each model state shown gets the β whose softmax best
/// matches its `gmm` rule (`MembershipContext.autoBeta(on:)`), found by a background job (`AutoBetaJob`).
///
/// The search needs the gmm rule's mixture: a GMM's own (at once), or for k-means the mixture
/// estimated from the hard labels, which arrives with the state's extras; the job starts when it
/// is there (`modelChanged` asks again after the extras). A β typed by hand (`]`, `[`, `0`)
/// turns auto off; Esc cancels a search in flight and turns it off. Soft k-means is left out: its
/// β shapes the fit itself, so there is no separate softmax rule to tune.
extension AppState {
    mutating func updateAutoBeta(_ action: Action) -> [Effect]? {
        switch action {
        case .autoBeta:
            if targetSettings.method.fitsWithBeta {
                message = "auto beta is for k-means and GMM: soft k-means' beta shapes the fit itself"
                return []
            }
            if targetSettings.k < 2 { message = "auto beta needs k ≥ 2"; return [] }
            betaAuto = true
            message = "auto beta: matching the gmm rule…"
            return autoBetaEffects(force: true)
        default:
            return nil
        }
    }

    /// What the status line says after a search.
    static func autoBetaNote(_ result: BetaSearch.Result) -> String {
        let h = NumberFormat.beta(result.crossEntropy)
        switch result.limit {
        case .zero?: return "auto beta 0: the gmm rule is no sharper than uniform"
        case .unbounded?: return "auto beta: the gmm rule is one-hot, so beta is where softmax is too"
        case nil: return "auto beta: softmax closest to the gmm rule (cross-entropy \(h) nats)"
        }
    }

    /// The auto-β job this state needs, if auto is on and it is not yet done or running.
    mutating func autoBetaEffects(force: Bool = false) -> [Effect] {
        guard betaAuto, busy == nil, !settings.method.fitsWithBeta else { return [] }
        let key = AutoBetaKey(generation: historyGeneration, index: cursor)
        if !force, autoBetaFor == key { return [] }
        if let running = runningJob(AutoBetaJob.self), running.generation == key.generation,
           running.index == key.index {
            return []
        }
        // k-means: the gmm rule's mixture comes with the extras; modelChanged asks again then.
        guard context.mixture != nil else { return [] }
        return cancelAutoBeta()
            + startJob(AutoBetaJob(generation: key.generation, index: key.index, context: context, data: data.matrix))
    }

    mutating func cancelAutoBeta() -> [Effect] {
        cancelJob(in: AutoBetaJob.slot)
    }

    /// Auto off (a β typed by hand), and its search dropped.
    mutating func stopAutoBeta() -> [Effect] {
        betaAuto = false
        autoBetaFor = nil
        return cancelAutoBeta()
    }

    /// Turns auto β on before the first screen (`--beta auto`); the search starts with the
    /// state's first effects.
    public mutating func enableAutoBeta() {
        guard !settings.method.fitsWithBeta, settings.k >= 2 else { return }
        betaAuto = true
    }

    /// Whether a search runs (the status line says so; Esc cancels it).
    public var autoBetaSearching: Bool { isRunning(AutoBetaJob.self) }

    /// Whether the β on screen is the auto β of the state shown (the status line's `auto`).
    public var betaIsAutoForState: Bool {
        betaAuto && autoBetaFor == AutoBetaKey(generation: historyGeneration, index: cursor)
    }
}

/// The history entry an auto β was found for.
struct AutoBetaKey: Sendable, Equatable {
    let generation: Int
    let index: Int
}
