/// What every steppable fit shares about its iteration count: when it stops, how a saved model
/// is reopened at its iteration, and the loop that runs it there. Written once here so that each
/// method (KMeans, SoftKMeans, GaussianMixture, FuzzyCMeans) only says how one step goes.
///
/// Internal on purpose: the setters of `iteration` and `converged` stay inside ClusterKit, while
/// the members below are public as each method's own API and as its `ClusteringAlgorithm`
/// witnesses.
protocol IterativeFit {
    var iteration: Int { get set }
    var converged: Bool { get set }
    /// The configured iteration limit (`configuration.maxIterations`).
    var maxIterations: Int { get }
}

extension IterativeFit {
    /// Converged or at the iteration limit: `run` would stop here.
    public var isFinished: Bool { converged || iteration >= maxIterations }

    /// This state labelled as iteration `iteration`, converged or not: a saved model reopened
    /// where its fit ended, so it is not stepped past convergence.
    public func resumed(iteration: Int, converged: Bool) -> Self {
        var state = self
        state.iteration = max(0, iteration)
        state.converged = converged
        return state
    }

    /// Steps with `step` until converged or `limit` (the configured limit when nil).
    func run(limit: Int?, _ step: (Self) throws -> Self) rethrows -> Self {
        let limit = limit ?? maxIterations
        var state = self
        while !state.converged && state.iteration < limit { state = try step(state) }
        return state
    }
}
