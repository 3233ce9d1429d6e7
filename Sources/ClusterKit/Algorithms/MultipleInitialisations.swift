/// Several initialisations, each run to the end, the best kept: scikit-learn's `n_init`.
///
/// The initialisations are drawn one after another from one stream seeded with the settings' seed,
/// as scikit-learn draws them from one `RandomState`, so `--n-init N --seed S` keeps the run that
/// `n_init=N, random_state=S` keeps. Best means: k-means, the lowest inertia (a later run wins only
/// if strictly lower and not the same clustering relabelled); GMM, the highest lower bound (a later
/// run wins if strictly higher); soft k-means, the lowest inertia. Explicit `rows:` inits are all
/// the same, so they run once (scikit-learn also uses n_init=1 for an explicit init). Fuzzy c-means
/// (scikit-fuzzy has no n_init): the lowest objective J_m.
///
/// Design note: the result is the best run's *iteration-0* state as well as its end, so the
/// explorer can step through the very run that won.
public enum MultipleInitialisations {
    /// The best of `count` runs: its index (0-based, in draw order), its state at iteration 0 and
    /// at the end. `shouldContinue` is asked before every step with the state about to be stepped
    /// (false: throws `CancellationError`), so a caller can show each run's progress.
    public static func best(_ data: Matrix, _ settings: ModelSettings, count: Int,
                            shouldContinue: (ClusterModel?) -> Bool = { _ in true }) throws -> (index: Int, initial: ClusterModel, final: ClusterModel) {
        var random = NumPyRandomState(seed: settings.seed)
        let runs: Int
        if case .rows = settings.initMethod { runs = 1 } else { runs = max(1, count) }
        var best: (index: Int, initial: ClusterModel, final: ClusterModel)?
        for index in 0..<runs {
            let initial = try initialState(data, settings, random: &random, shouldContinue: { shouldContinue(nil) })
            var stopped = false
            let final = try initial.run { state in
                stopped = !shouldContinue(state)
                return !stopped
            }
            guard !stopped else { throw CancellationError() }
            if let current = best {
                guard isBetter(final, than: current.final) else { continue }
            }
            best = (index, initial, final)
        }
        return best!
    }

    /// One initialisation drawn from `random` (continuing its stream), at iteration 0.
    static func initialState(_ data: Matrix, _ s: ModelSettings, random: inout NumPyRandomState,
                             shouldContinue: () -> Bool) throws -> ClusterModel {
        let centroids = try Initialization.centroids(data, k: s.k, method: s.initMethod, random: &random)
        return ClusterModel(erased: try s.method.algorithm.starting(data, s, centroids: centroids, shouldContinue: shouldContinue))
    }

    /// Whether `candidate` beats `incumbent` by scikit-learn's rule for the method
    /// (`ClusteringAlgorithm.isBetter(than:)`).
    static func isBetter(_ candidate: ClusterModel, than incumbent: ClusterModel) -> Bool {
        candidate.state.isBetter(thanAny: incumbent.state)
    }

    /// Whether two labelings are the same partition with the clusters renumbered.
    static func sameClustering(_ a: [Int32], _ b: [Int32], k: Int) -> Bool {
        var mapping = [Int32](repeating: -1, count: k)
        for (x, y) in zip(a, b) {
            if mapping[Int(x)] == -1 { mapping[Int(x)] = y } else if mapping[Int(x)] != y { return false }
        }
        return true
    }
}
