/// `--beta auto`: the softmax β that best matches this context's `gmm` rule on the training rows.
extension MembershipContext {
    /// The β whose softmax of distances best matches the `gmm` rule's probabilities on the rows of
    /// `data` (the model's rows, in the clustering space): least mean cross-entropy, `BetaSearch`.
    ///
    /// "The GMM responsibilities of the same fit" are what the `gmm` rule answers: for a GMM, the
    /// model's own posterior (`predict_proba` of its training rows); for k-means and soft k-means,
    /// the posterior of the mixture estimated from the hard labels (one M-step, no EM), as the `gmm`
    /// rule uses. Nil when that mixture is missing (still being computed, or degenerate), when
    /// k < 2, or when `isCancelled` says stop (asked between blocks of rows and search passes).
    ///
    /// Cost: one pass over the rows for distances and targets (O(N·k·D), O(N·k·D²) for a full
    /// covariance), then about 60 passes over the N × k distances.
    public func autoBeta(on data: Matrix, isCancelled: () -> Bool = { false }) -> BetaSearch.Result? {
        guard k >= 2, data.columns == dimension, data.rows > 0 else { return nil }
        guard mixture != nil else { return nil }
        let n = data.rows, k = self.k
        var distances = [Double](repeating: 0, count: n * k)
        var targets = [Double](repeating: .nan, count: n * k)
        // Blocks of rows in parallel (each row writes only its own slots, so the result does not
        // depend on the threads), with a cancellation check between blocks.
        let block = 8 * ParallelChunks.rowsPerChunk
        let centroidRows = (0..<k).map { centroids.row($0) }
        var start = 0
        while start < n {
            if isCancelled() { return nil }
            let end = Swift.min(n, start + block)
            distances.withUnsafeMutableBufferPointer { dOut in
                targets.withUnsafeMutableBufferPointer { tOut in
                    nonisolated(unsafe) let dBase = dOut.baseAddress!, tBase = tOut.baseAddress!
                    ParallelChunks.forEach(end - start) { _, rows in
                        for r in rows {
                            let i = start + r
                            let point = data.row(i)
                            for j in 0..<k { dBase[i * k + j] = MembershipFormulas.distance(point, centroidRows[j]) }
                            if let p = values(.gmm, for: point) {
                                for j in 0..<k { tBase[i * k + j] = p[j] }
                            }
                        }
                    }
                }
            }
            start = end
        }
        return BetaSearch.best(distances: distances, targets: targets, k: k, isCancelled: isCancelled)
    }
}
