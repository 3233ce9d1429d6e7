import ClusterKit

extension AppState {
    /// Bezdek's partition coefficient and partition entropy of the model's own memberships
    /// (`FuzzyPartition`, as `sweep` lists them), for the side panel; nil unless the fit has a
    /// fuzzy partition (fuzzy c-means). They are O(N·k): cached per model state, so a key that
    /// does not change the model draws without them.
    public var fuzzyPartitionIndices: (coefficient: Double, entropy: Double)? {
        guard let u = model.fuzzyPartition else { return nil }
        return renderCache.partition(.init(generation: historyGeneration, cursor: cursor)) {
            (FuzzyPartition.coefficient(u), FuzzyPartition.entropy(u))
        }
    }
}
