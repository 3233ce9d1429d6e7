import CKernels

/// The data's covariance as an operator, never as a D × D matrix: `apply` multiplies a block of
/// vectors by Xcᵀ·Xc (Xc the rows minus `mean`) in one pass over the rows, in parallel.
///
/// Design notes: rows go to chunks whose size depends on the shape alone; each chunk accumulates
/// its own D × b partial with the C kernel (`cv_pca_covariance_pass`, the same bits on every CPU),
/// and the partials are added in chunk order, so a product has the same bits on any machine and in
/// any thread timing. Memory: the partials (at most `maxChunks` · D · b doubles) and a 4 · D
/// scratch per chunk; the rows are read in place, never copied or centred into a new matrix.
struct CovarianceOperator {
    let data: Matrix
    let mean: [Double]

    /// Chunks per pass: enough for every core even on a few thousand wide rows (the shared
    /// `ParallelChunks.rowsPerChunk` would give 2,000 rows one chunk), few enough that the partials
    /// stay small beside the data.
    static let maxChunks = 16

    /// Rows per chunk for `rows` rows: at least 64, so the partials (one D × b each, b ≤ 8 here)
    /// are at most an eighth of the data.
    static func rowsPerChunk(_ rows: Int) -> Int {
        let chunks = min(maxChunks, max(1, rows / 64))
        return (rows + chunks - 1) / max(chunks, 1)
    }

    /// The column means, summed in parallel chunks (rows in order inside a chunk, chunks in order).
    static func columnMeans(_ data: Matrix) -> [Double] {
        let n = data.rows, d = data.columns
        guard n > 0 else { return [Double](repeating: 0, count: d) }
        let partials = ParallelChunks.map(n, rowsPerChunk: rowsPerChunk(n)) { range -> [Double] in
            var sums = [Double](repeating: 0, count: d)
            data.values.withUnsafeBufferPointer { v in
                sums.withUnsafeMutableBufferPointer { s in
                    for i in range {
                        let row = v.baseAddress! + i * d
                        for f in 0..<d { s[f] += row[f] }
                    }
                }
            }
            return sums
        }
        var sums = partials[0]
        for p in partials.dropFirst() { for f in 0..<d { sums[f] += p[f] } }
        return sums.map { $0 / Double(n) }
    }

    /// Xcᵀ·(Xc·V) for `block` (D × b row-major, b ≤ 16), and with `squares` also Σᵢ (x_if − mean_f)²
    /// per feature (the unscaled variances), from the same pass.
    func apply(_ block: [Double], columns b: Int, squares: Bool) -> (product: [Double], squares: [Double]?) {
        let n = data.rows, d = data.columns
        precondition(block.count == d * b && (1...16).contains(b))
        typealias Partial = (product: [Double], squares: [Double]?)
        let partials = ParallelChunks.map(n, rowsPerChunk: Self.rowsPerChunk(n)) { range -> Partial in
            var product = [Double](repeating: 0, count: d * b)
            var sq: [Double]? = squares ? [Double](repeating: 0, count: d) : nil
            var scratch = [Double](repeating: 0, count: 4 * d)
            data.values.withUnsafeBufferPointer { x in
                mean.withUnsafeBufferPointer { m in
                    block.withUnsafeBufferPointer { v in
                        product.withUnsafeMutableBufferPointer { acc in
                            scratch.withUnsafeMutableBufferPointer { s in
                                if sq == nil {
                                    cv_pca_covariance_pass(x.baseAddress, range.lowerBound, range.upperBound, d,
                                                           m.baseAddress, v.baseAddress, b, acc.baseAddress, nil,
                                                           s.baseAddress)
                                } else {
                                    sq!.withUnsafeMutableBufferPointer { q in
                                        cv_pca_covariance_pass(x.baseAddress, range.lowerBound, range.upperBound, d,
                                                               m.baseAddress, v.baseAddress, b, acc.baseAddress,
                                                               q.baseAddress, s.baseAddress)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return (product, sq)
        }
        var result = partials[0]
        for p in partials.dropFirst() {
            for e in 0..<(d * b) { result.product[e] += p.product[e] }
            if let q = p.squares { for f in 0..<d { result.squares![f] += q[f] } }
        }
        return result
    }
}

extension CovarianceOperator {
    /// The kernel's arithmetic written out in Swift, row by row (for tests: the C kernel must give
    /// these bits on rows [lo, hi), accumulating into `product` and `squares`).
    static func referencePass(_ data: Matrix, mean: [Double], block v: [Double], columns b: Int, rows: Range<Int>,
                              product: inout [Double], squares: inout [Double]?) {
        let d = data.columns
        var t = [Double](repeating: 0, count: d), y = [Double](repeating: 0, count: b)
        for i in rows {
            for f in 0..<d { t[f] = data.values[i * d + f] - mean[f] }
            if squares != nil { for f in 0..<d { squares![f] += t[f] * t[f] } }
            for j in 0..<b { y[j] = 0 }
            for f in 0..<d { for j in 0..<b { y[j] += t[f] * v[f * b + j] } }
            for f in 0..<d { for j in 0..<b { product[f * b + j] += t[f] * y[j] } }
        }
    }
}
