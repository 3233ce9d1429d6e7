import ClusterKit

/// The computations behind `Effect`s, as plain synchronous functions. The terminal runtime runs
/// them on a background queue; headless rendering and tests run them inline, so both see the
/// same results.
public enum Jobs {
    /// Performs a computational effect, reporting results (and bootstrap progress) as actions.
    /// Returns false for effects that are not computations (I/O, quit, cancel).
    @discardableResult
    public static func perform(_ effect: Effect, isCancelled: () -> Bool, report: (Action) -> Void) -> Bool {
        switch effect {
        case .steps(let job, let from, let count, let data, let settings):
            var snapshots: [Snapshot] = []
            var state = from
            do {
                while !state.isFinished && (count == nil || snapshots.count < count!) {
                    if isCancelled() { return true }
                    state = try state.step()
                    snapshots.append(Snapshot.make(state, data: data, settings: settings))
                    if count == nil { report(.stepProgress(job: job, iteration: state.iteration)) }
                }
                report(.stepsComputed(job: job, snapshots))
            } catch {
                report(.jobFailed(job: job, "\(error)"))
            }
            return true
        case .refit(let job, let given, let standardize, let settings):
            do {
                let newSpace = given.standardized != standardize
                let data = newSpace ? PreparedData(given.dataset, standardize: standardize, normalization: given.normalization) : given
                if newSpace, let problem = ValueRange.problem(in: data) {
                    report(.jobFailed(job: job, "\(problem)"))
                    return true
                }
                guard data.matrix.rows >= settings.k else {
                    report(.jobFailed(job: job, "only \(data.matrix.rows) rows for k = \(settings.k)"))
                    return true
                }
                if isCancelled() { return true }
                let projection = newSpace ? Projection(data: data) : nil
                if isCancelled() { return true }
                let model = try ClusterModel.initial(data.matrix, settings)
                if isCancelled() { return true }
                report(.refitComputed(job: job, Snapshot.make(model, data: data, settings: settings), settings, data, projection))
            } catch {
                report(.jobFailed(job: job, "\(error)"))
            }
            return true
        case .extras(let job, let data, let model, let settings):
            let extras = MembershipContext.Extras(data: data, model: model, settings: settings)
            if !isCancelled() { report(.extrasComputed(job: job, extras)) }
            return true
        case .autoBeta(let job, let context, let data):
            let result = context.autoBeta(on: data, isCancelled: isCancelled)
            if !isCancelled() { report(.autoBetaComputed(job: job, result)) }
            return true
        case .bootstrap(let job, let data, let reference, let runs, let resampleSize, let seed):
            let result = Bootstrap.run(data: data.matrix, reference: reference, runs: runs, resampleSize: resampleSize,
                                       seed: seed, progress: { done in
                report(.bootstrapProgress(job: job, done: done))
                return !isCancelled()
            }, isCancelled: isCancelled)
            if let result { report(.bootstrapComputed(job: job, result)) }
            return true
        case .sweep(let job, let data, let settings, let ks):
            do {
                let result = try Sweep.run(data: data.matrix, settings: settings, ks: ks, truth: data.dataset.labelCodes) { p in
                    report(.sweepProgress(job: job, completed: p.completed, total: p.total))
                    return !isCancelled()
                }
                if let result { report(.sweepComputed(job: job, result)) }
            } catch {
                report(.jobFailed(job: job, "\(error)"))
            }
            return true
        case .cancel, .exportScreen, .exportMemberships, .quit:
            return false
        }
    }
}
