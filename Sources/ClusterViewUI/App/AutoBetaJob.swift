import ClusterKit

/// The auto β (`AppState+AutoBeta`) of one history entry, identified as `ExtrasJob`'s is; its
/// result is nil when the gmm rule had no mixture to match.
struct AutoBetaJob: BackgroundJob {
    let generation: Int
    let index: Int
    let context: MembershipContext
    let data: Matrix

    static var isContextWork: Bool { true }
    static var escapePriority: Int? { 3 }

    func run(progress: (Never) -> Void, isCancelled: () -> Bool) -> BetaSearch.Result?? {
        // `.some(nil)` is a result (nothing to fit); a cancelled search is never reported.
        .some(context.autoBeta(on: data, isCancelled: isCancelled))
    }

    func finished(_ result: BetaSearch.Result?, in state: inout AppState) -> [Effect] {
        guard state.betaAuto, generation == state.historyGeneration, index == state.cursor else { return [] }
        guard let result else {
            state.message = "auto beta: the gmm rule has no mixture for this state (its estimate is degenerate)"
            return []
        }
        _ = state.applyBeta(result.beta, clamp: false)
        state.autoBetaFor = AutoBetaKey(generation: state.historyGeneration, index: state.cursor)
        state.message = AppState.autoBetaNote(result)
        return []
    }

    func cancelledByEscape(in state: inout AppState) -> [Effect] {
        state.message = "auto beta cancelled (beta stays \(NumberFormat.beta(state.settings.beta)))"
        return state.stopAutoBeta()
    }
}
