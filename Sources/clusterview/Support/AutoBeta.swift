import ClusterKit

/// `--beta auto` for the headless commands: β chosen after the fit by `MembershipContext
/// .autoBeta(on:)` (the softmax closest to the gmm rule on the rows), noted on stderr.
enum AutoBeta {
    /// `context` with its β set to the auto β of `rows` (clustering space); throws when there is
    /// nothing to match (k = 1, or no gmm-rule mixture: its estimate was degenerate).
    static func apply(to context: inout MembershipContext, rows: Matrix, command: String) throws -> BetaSearch.Result {
        guard context.k >= 2 else { throw ModelError("--beta auto needs k ≥ 2 (one cluster has probability 1 at any β)") }
        guard let result = context.autoBeta(on: rows) else {
            throw ModelError("--beta auto: the gmm rule has no mixture to match (its estimate from the clusters is "
                             + "degenerate; try --covariance diag or a larger --reg-covar), give --beta a number")
        }
        context.beta = result.beta
        Diagnostics.note("\(command): beta auto = \(result.beta) (\(description(result)))")
        return result
    }

    static func description(_ result: BetaSearch.Result) -> String {
        switch result.limit {
        case .zero?: return "the gmm rule is no sharper than uniform, so beta is 0"
        case .unbounded?: return "the gmm rule is one-hot on the nearest centroid; this beta makes softmax one-hot too"
        case nil: return "the softmax closest to the gmm rule: mean cross-entropy \(result.crossEntropy) nats"
        }
    }
}
