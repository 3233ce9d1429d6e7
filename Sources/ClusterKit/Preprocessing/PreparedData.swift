/// A dataset ready to cluster: the matrix in the clustering space (raw or z-scored, after any
/// row normalisation) and the scaler.
public struct PreparedData: Sendable, Equatable {
    public let dataset: Dataset
    /// Fitted on the kept rows in every case (after `normalization`): inverse-power measures
    /// distance in z-score units.
    public let scaler: StandardScaler
    public let standardized: Bool
    /// Applied to each raw row first, before any z-scoring (`RowNormalization`).
    public let normalization: RowNormalization
    /// `count × dimension`, in the clustering space.
    public let matrix: Matrix

    /// `scaler`: a scaler fitted elsewhere (a saved model's), else one fitted on these rows.
    public init(_ dataset: Dataset, standardize: Bool, normalization: RowNormalization = .none,
                scaler given: StandardScaler? = nil) {
        // One matrix besides the dataset's at most: the normalised rows (a copy) are z-scored in
        // place; without normalising, z-scoring copies the dataset's once; else they are shared.
        var matrix = normalization.apply(to: dataset.matrix)
        self.dataset = dataset
        self.normalization = normalization
        self.scaler = given ?? StandardScaler(fitting: matrix)
        self.standardized = standardize
        if standardize { scaler.transform(&matrix) }
        self.matrix = matrix
    }

    /// A point in the file's own units mapped to the clustering space.
    public func clusteringPoint(fromRaw point: [Double]) -> [Double] {
        let normalized = normalization.apply(to: point)
        return standardized ? scaler.transform(point: normalized) : normalized
    }

    /// A clustering-space point in z-score units.
    public func zPoint(fromClustering point: [Double]) -> [Double] {
        standardized ? point : scaler.transform(point: point)
    }

    /// The position in `matrix` of the file's data row `rowIndex`, if it was kept.
    public func position(ofFileRow rowIndex: Int) -> Int? {
        var lo = 0, hi = dataset.rowIndices.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if dataset.rowIndices[mid] < rowIndex { lo = mid + 1 } else { hi = mid }
        }
        return lo < dataset.rowIndices.count && dataset.rowIndices[lo] == rowIndex ? lo : nil
    }
}
