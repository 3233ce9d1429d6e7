import CKernels
import Dispatch

/// The data's covariance as an operator, never as a D × D matrix: `apply` multiplies a block of
/// vectors by Xcᵀ·Xc (Xc the rows minus `mean`) in one pass over the rows, in parallel.
///
/// Design notes: rows go to chunks whose size depends on the shape alone; each chunk accumulates
/// its own D × b partial with the C kernel (`cv_pca_covariance_pass`, the same bits on every CPU),
/// and the partials are added in chunk order, so a product has the same bits on any machine and in
/// any thread timing. Memory: the partials (at most `maxChunks` · D · b doubles) and a 4 · D
/// scratch per chunk; the rows are read in place, never centred into a new matrix. Mostly-zero
/// data (images) are read through their nonzeros instead (`sparse`, see `prepared`).
struct CovarianceOperator {
    let data: Matrix
    let mean: [Double]
    /// The rows' nonzeros, when the data are mostly zeros: the passes then cost the nonzeros.
    var sparse: SparseRows? = nil

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
        means(data, sparse: false, density: 1).mean
    }

    /// The operator for `data`: its column means and, when a sample of rows says the data are
    /// mostly zeros, their nonzeros gathered in the same pass (`SparseRows`). The means are the
    /// same bits either way (adding a zero never changes a sum, so skipping them changes nothing).
    ///
    /// The sparse passes centre implicitly (x·V − μᵀV), which loses digits when the mean is far
    /// larger than the spread around it; so they are used only when ‖μ‖² is at most
    /// `sparseMeanLimit` times the total variance (images: about 1–3).
    static func prepared(_ data: Matrix) -> CovarianceOperator {
        let density = SparseRows.sampledDensity(data)
        let (mean, sparse) = means(data, sparse: density <= SparseRows.sampledDensityLimit, density: density)
        return CovarianceOperator(data: data, mean: mean, sparse: sparse)
    }

    static let sparseMeanLimit = 64.0

    private struct ChunkSums {
        var sums: [Double]
        var squares: [Double]
        var sparse: SparseRows.Chunk?
        var nonzeros: [Int]
    }

    /// One pass: the column sums of each chunk and, with `sparse`, the chunk's nonzeros (given up
    /// past `SparseRows.chunkDensityLimit`); the means, and the nonzeros when every chunk kept
    /// them and the mean is not too large beside the spread.
    private static func means(_ data: Matrix, sparse: Bool, density: Double) -> (mean: [Double], sparse: SparseRows?) {
        let n = data.rows, d = data.columns
        guard n > 0 else { return ([Double](repeating: 0, count: d), nil) }
        let partials = ParallelChunks.map(n, rowsPerChunk: rowsPerChunk(n)) { range -> ChunkSums in
            var out = ChunkSums(sums: [Double](repeating: 0, count: d), squares: [], sparse: nil, nonzeros: [])
            data.values.withUnsafeBufferPointer { v in
                out.sums.withUnsafeMutableBufferPointer { s in
                    if !sparse {
                        for i in range {
                            let row = v.baseAddress! + i * d
                            for f in 0..<d { s[f] += row[f] }
                        }
                        return
                    }
                    let limit = Int(SparseRows.chunkDensityLimit * Double(range.count * d))
                    var chunk = SparseRows.Chunk(rows: range, rowStart: [0], columns: [], values: [])
                    chunk.rowStart.reserveCapacity(range.count + 1)
                    // Room for the sampled density and half again: appends then rarely reallocate.
                    let expected = min(limit, Int(1.5 * density * Double(range.count * d))) + d
                    chunk.columns.reserveCapacity(expected)
                    chunk.values.reserveCapacity(expected)
                    var squares = [Double](repeating: 0, count: d), nonzeros = [Int](repeating: 0, count: d)
                    var keep = true
                    for i in range {
                        let row = v.baseAddress! + i * d
                        for f in 0..<d where row[f] != 0 {
                            let x = row[f]
                            s[f] += x
                            squares[f] += x * x
                            if keep {
                                nonzeros[f] += 1
                                chunk.columns.append(Int32(f))
                                chunk.values.append(x)
                            }
                        }
                        if keep {
                            chunk.rowStart.append(chunk.values.count)
                            if chunk.values.count > limit {
                                keep = false
                                chunk = SparseRows.Chunk(rows: range, rowStart: [], columns: [], values: [])
                            }
                        }
                    }
                    out.squares = squares
                    if keep {
                        out.sparse = chunk
                        out.nonzeros = nonzeros
                    }
                }
            }
            return out
        }
        var sums = partials[0].sums
        for p in partials.dropFirst() { for f in 0..<d { sums[f] += p.sums[f] } }
        let mean = sums.map { $0 / Double(n) }
        guard sparse, partials.allSatisfy({ $0.sparse != nil }) else { return (mean, nil) }
        // ‖μ‖² against the total variance Σ (E[x²] − μ²) (rough: it only decides).
        var squares = [Double](repeating: 0, count: d), nonzeros = [Int](repeating: 0, count: d)
        for p in partials { for f in 0..<d { squares[f] += p.squares[f]; nonzeros[f] += p.nonzeros[f] } }
        let meanNorm = mean.reduce(0) { $0 + $1 * $1 }
        let total = (0..<d).reduce(0.0) { $0 + max(0, squares[$1] / Double(n) - mean[$1] * mean[$1]) }
        guard meanNorm <= sparseMeanLimit * total, meanNorm.isFinite, total.isFinite else { return (mean, nil) }
        return (mean, SparseRows(chunks: partials.map { $0.sparse! }, nonzerosPerColumn: nonzeros))
    }

    /// Xcᵀ·(Xc·V) for `block` (D × b row-major, b ≤ 16), and with `squares` also Σᵢ (x_if − mean_f)²
    /// per feature (the unscaled variances), from the same pass.
    func apply(_ block: [Double], columns b: Int, squares: Bool) -> (product: [Double], squares: [Double]?) {
        let n = data.rows, d = data.columns
        precondition(block.count == d * b && (1...16).contains(b))
        if let sparse { return applySparse(sparse, block, columns: b, squares: squares) }
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
    /// `apply` through the nonzeros (`cv_pca_sparse_pass`): per chunk the partial of Σ x·yᵀ and
    /// Σ y with y = x·V − μᵀV, added in chunk order; then μ·(Σ y)ᵀ removed once, and the zeros'
    /// squares (μ_f² each) added.
    private func applySparse(_ sparse: SparseRows, _ block: [Double], columns b: Int, squares: Bool)
        -> (product: [Double], squares: [Double]?)
    {
        let n = data.rows, d = data.columns
        var vmean = [Double](repeating: 0, count: b)
        for f in 0..<d { for j in 0..<b { vmean[j] += mean[f] * block[f * b + j] } }
        typealias Partial = (product: [Double], ysum: [Double], squares: [Double]?)
        var partials = [Partial?](repeating: nil, count: sparse.chunks.count)
        partials.withUnsafeMutableBufferPointer { out in
            DispatchQueue.concurrentPerform(iterations: sparse.chunks.count) { c in
                let chunk = sparse.chunks[c]
                var product = [Double](repeating: 0, count: d * b), ysum = [Double](repeating: 0, count: b)
                var sq: [Double]? = squares ? [Double](repeating: 0, count: d) : nil
                chunk.values.withUnsafeBufferPointer { x in
                    chunk.columns.withUnsafeBufferPointer { cols in
                        chunk.rowStart.withUnsafeBufferPointer { starts in
                            product.withUnsafeMutableBufferPointer { acc in
                                ysum.withUnsafeMutableBufferPointer { ys in
                                    let q: UnsafeMutablePointer<Double>? = nil
                                    func pass(_ q: UnsafeMutablePointer<Double>?) {
                                        cv_pca_sparse_pass(x.baseAddress, cols.baseAddress, starts.baseAddress, 0,
                                                           chunk.rows.count, mean, block, b, vmean, acc.baseAddress,
                                                           ys.baseAddress, q)
                                    }
                                    if sq == nil { pass(q) } else { sq!.withUnsafeMutableBufferPointer { pass($0.baseAddress) } }
                                }
                            }
                        }
                    }
                }
                out[c] = (product, ysum, sq)
            }
        }
        var result = partials[0]!
        for p in partials.dropFirst() {
            for e in 0..<(d * b) { result.product[e] += p!.product[e] }
            for j in 0..<b { result.ysum[j] += p!.ysum[j] }
            if let q = p!.squares { for f in 0..<d { result.squares![f] += q[f] } }
        }
        for f in 0..<d { for j in 0..<b { result.product[f * b + j] -= mean[f] * result.ysum[j] } }
        if result.squares != nil {
            for f in 0..<d { result.squares![f] += Double(n - sparse.nonzerosPerColumn[f]) * (mean[f] * mean[f]) }
        }
        return (result.product, result.squares)
    }

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
