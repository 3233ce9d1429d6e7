extension ClusterModel {
    /// This state labelled as iteration `iteration`, converged or not (see `SavedModel.restore`).
    public func resumed(iteration: Int, converged: Bool) -> ClusterModel {
        switch self {
        case .kmeans(let m): return .kmeans(m.resumed(iteration: iteration, converged: converged))
        case .soft(let m): return .soft(m.resumed(iteration: iteration, converged: converged))
        case .gmm(let m): return .gmm(m.resumed(iteration: iteration, converged: converged))
        }
    }
}
