/// k-means++ seeding through the rows' nonzeros: the same potentials, bit for bit, as the dense
/// loop, on mostly-zero integer data (images), each step costing the nonzeros rather than N·D.
///
/// Design notes (why the bits are the same): the dense loop computes ‖x − c‖² as
/// `squaredDistance` does (Σ(x_f − c_f)², even and odd features apart); the sparse one as
/// (‖x‖² + ‖c‖²) − 2·(x·c), the dot product over x's nonzeros (`SparsePoints.distances`). When
/// every value is an integer with D·(2·max|x|)² < 2⁵³, every intermediate of either formula is an
/// integer below 2⁵³ in magnitude — each (x_f − c_f)² ≤ (2M)² and their partial sums ≤ 4·D·M²;
/// the norms ≤ D·M²; the dot product's partial sums within ±D·M²; the last subtraction's result
/// the exact distance — so every operation is exact, in whatever order, and both give the exact
/// integer (as +0 for a zero distance). The closest potentials, their sums, the pruning decisions
/// and so the picks are then the dense path's. Other data (fractions, larger values, non-finite,
/// dense) never take this path. Each step reads the nonzeros (8 bytes each) instead of N·D
/// doubles; the one pass that gathers them also checks the values.
extension Initialization {
    /// Which rows k-means++ reads: `automatic` as everywhere; the others force a path (tests).
    enum SeedingRows {
        /// The nonzeros when a row sample is mostly zeros (`SparseRows.sampledDensityLimit`) and
        /// the data are exact integers (`ExactSparseRows`); otherwise the dense rows.
        case automatic
        /// The dense rows, always.
        case dense
        /// The nonzeros whenever the data are exact integers, however dense (never a density check).
        case sparse
    }

    /// The rows' nonzeros (`SparseChunk`s of `ParallelChunks.rowsPerChunk` rows, chunk c holding
    /// rows c·rowsPerChunk ..<) and each row's ‖x‖², gathered only when the sparse formula is
    /// exact (see above). The values are integers of at most 2²⁴ in magnitude, so they are kept
    /// as `Float`, exactly: 8 bytes a nonzero, not 12 (the explorer's peak memory at 70,000 × 784
    /// holds them beside a model state).
    struct ExactSparseRows {
        typealias Chunk = SparseChunk<Float>
        let chunks: [Chunk]
        /// ‖x_i‖² for every row, exact.
        let squaredNorms: [Double]
        static let chunkRows = ParallelChunks.rowsPerChunk

        /// The largest M with D·(2M)² < 2⁵³ (values up to M in magnitude keep both formulas
        /// exact), and at most 2²⁴ (so they are `Float`s exactly; only D < 8 reaches that cap).
        static func magnitudeLimit(columns d: Int) -> Double {
            guard d > 0 else { return 0 }
            // 4·d·M² < 2⁵³  ⇔  M² < 2⁵¹ / d; found in integers, so the boundary is exact.
            var m = Int((Double(1 << 51) / Double(d)).squareRoot())
            while m > 0 && 4 * d * m * m >= 1 << 53 { m -= 1 }
            while 4 * d * (m + 1) * (m + 1) < 1 << 53 { m += 1 }
            return Double(min(m, 1 << 24))
        }

        /// What `SeedingRows` asks for: the nonzeros, or nil for the dense rows.
        static func forSeeding(_ data: Matrix, _ policy: SeedingRows) -> ExactSparseRows? {
            switch policy {
            case .dense:
                return nil
            case .sparse:
                return gathered(data, chunkDensityLimit: nil)
            case .automatic:
                let density = SparseRows.sampledDensity(data)
                guard density <= SparseRows.sampledDensityLimit else { return nil }
                return gathered(data, chunkDensityLimit: SparseRows.chunkDensityLimit, density: density)
            }
        }

        /// One pass over the rows, in parallel chunks: the nonzeros and the norms, or nil as soon
        /// as a chunk meets a value that is not an integer of magnitude ≤ `magnitudeLimit` (NaN
        /// and ±∞ included), or holds more than `chunkDensityLimit` of its cells nonzero.
        static func gathered(_ data: Matrix, chunkDensityLimit: Double?, density: Double = 0) -> ExactSparseRows? {
            let n = data.rows, d = data.columns
            guard n > 0, d > 0, d <= Int(Int32.max) else { return nil }
            let limit = magnitudeLimit(columns: d)
            var norms = [Double](repeating: 0, count: n)
            let chunks = data.values.withUnsafeBufferPointer { v in
                norms.withUnsafeMutableBufferPointer { norm in
                    let norm = norm.baseAddress!
                    return ParallelChunks.map(n, rowsPerChunk: chunkRows) { range -> Chunk? in
                        let most = chunkDensityLimit.map { Int($0 * Double(range.count * d)) } ?? Int.max
                        var chunk = Chunk(rows: range, rowStart: [0], columns: [], values: [])
                        chunk.rowStart.reserveCapacity(range.count + 1)
                        // Room for the sampled density and half again: appends then rarely reallocate.
                        let expected = min(most, Int(1.5 * density * Double(range.count * d))) + d
                        chunk.columns.reserveCapacity(expected)
                        chunk.values.reserveCapacity(expected)
                        for i in range {
                            let row = v.baseAddress! + i * d
                            var squares = 0.0, f = 0
                            // Eight values at a time past runs of zeros (images have long ones);
                            // a NaN is not zero, so it reaches the test below.
                            while f < d {
                                let end = min(d, f + 8)
                                if end - f == 8 && UnsafeRawPointer(row + f).loadUnaligned(as: SIMD8<Double>.self) == .zero {
                                    f = end
                                    continue
                                }
                                for f in f..<end where row[f] != 0 {
                                    let x = row[f]
                                    // Fails for NaN and ±∞ too; past the first test x fits an Int64.
                                    guard x.magnitude <= limit, Double(Int64(x)) == x else { return nil }
                                    chunk.columns.append(Int32(f))
                                    chunk.values.append(Float(x))
                                    squares += x * x
                                }
                                f = end
                            }
                            norm[i] = squares
                            chunk.rowStart.append(chunk.values.count)
                            if chunk.values.count > most { return nil }
                        }
                        return chunk
                    }
                }
            }
            guard chunks.allSatisfy({ $0 != nil }) else { return nil }
            return ExactSparseRows(chunks: chunks.map { $0! }, squaredNorms: norms)
        }

        /// `body(rows, chunk)` for the pieces of `rows` (global row indices) in each chunk, in order.
        func forEachPiece(of rows: Range<Int>, _ body: (Range<Int>, Chunk) -> Void) {
            var lo = rows.lowerBound
            while lo < rows.upperBound {
                let chunk = chunks[lo / Self.chunkRows]
                let hi = min(rows.upperBound, chunk.rows.upperBound)
                body(lo..<hi, chunk)
                lo = hi
            }
        }

        /// The squared distances of every row to row r, as `distancesSquared(_:toRow:)` gives them
        /// on this data (the same bits, see above), in parallel chunks.
        func distancesSquared(_ data: Matrix, toRow r: Int) -> [Double] {
            let points = SparsePoints(data, rows: [r], norms: squaredNorms)
            var out = [Double](repeating: 0, count: data.rows)
            out.withUnsafeMutableBufferPointer { o in
                let o = o.baseAddress!
                ParallelChunks.forEach(data.rows) { _, range in
                    forEachPiece(of: range) { rows, chunk in
                        points.distances(chunk, rows, norms: squaredNorms) { i, distances in o[i] = distances[0] }
                    }
                }
            }
            return out
        }
    }

    /// A few data rows (k-means++'s candidates) for the sparse distances: transposed to
    /// `columns` × `width` (point t's feature f at `transposed[f * width + t]`, so a nonzero reads
    /// one short run of memory; `width` is `count` rounded up to 4, keeping the table small enough
    /// for the first-level cache at 784 columns) with their squared norms.
    struct SparsePoints {
        let count: Int
        let width: Int
        private var transposed: [Double]
        private var squaredNorms: [Double]

        init(_ data: Matrix, rows: [Int], norms: [Double]) {
            let d = data.columns
            count = rows.count
            width = (count + 3) / 4 * 4
            transposed = [Double](repeating: 0, count: d * width)
            squaredNorms = [Double](repeating: 0, count: width)
            for (t, r) in rows.enumerated() {
                for f in 0..<d { transposed[f * width + t] = data.values[r * d + f] }
                squaredNorms[t] = norms[r]
            }
        }

        /// For each row i of `rows` (global indices, all inside `chunk`), in order:
        /// `body(i, distances)` with distances[t] = (‖x_i‖² + ‖p_t‖²) − 2·(x_i·p_t) for t < `count`
        /// (lanes beyond it, up to `width`, are padding and mean nothing). Each dot product is two
        /// running sums from 0, over x_i's nonzeros at even and at odd positions in its list (in
        /// column order), then added, as `squaredDistance` splits its features; products and sums
        /// rounded separately (never fused: Swift does not contract). `skip` may skip a row (no
        /// distance computed, no call).
        func distances(_ chunk: ExactSparseRows.Chunk, _ rows: Range<Int>, norms: [Double],
                       skipping skip: (Int) -> Bool = { _ in false },
                       _ body: (Int, UnsafeMutablePointer<Double>) -> Void) {
            let count = count, width = width
            chunk.rowStart.withUnsafeBufferPointer { start in
                chunk.columns.withUnsafeBufferPointer { columns in
                    chunk.values.withUnsafeBufferPointer { values in
                        transposed.withUnsafeBufferPointer { pt in
                            squaredNorms.withUnsafeBufferPointer { pn in
                                norms.withUnsafeBufferPointer { xn in
                                    withUnsafeTemporaryAllocation(of: Double.self, capacity: width) { out in
                                        let out = UnsafeMutableRawPointer(out.baseAddress!)
                                        let pt = UnsafeRawPointer(pt.baseAddress!), pn = UnsafeRawPointer(pn.baseAddress!)
                                        // Points group ..< group + 4 at feature f.
                                        func point(_ f: Int32, _ group: Int) -> SIMD4<Double> {
                                            pt.loadUnaligned(fromByteOffset: (Int(f) * width + group) * MemoryLayout<Double>.stride,
                                                             as: SIMD4<Double>.self)
                                        }
                                        for i in rows where !skip(i) {
                                            let local = i - chunk.rows.lowerBound
                                            let first = start[local], end = start[local + 1]
                                            // Four points at a time, one per lane, each lane the
                                            // scalar loop; two running sums (the nonzeros at even
                                            // and at odd positions) halve the chain of dependent adds.
                                            for group in stride(from: 0, to: count, by: 4) {
                                                var even = SIMD4<Double>(), odd = SIMD4<Double>()
                                                var j = first
                                                while j + 1 < end {
                                                    even += SIMD4(repeating: Double(values[j])) * point(columns[j], group)
                                                    odd += SIMD4(repeating: Double(values[j + 1])) * point(columns[j + 1], group)
                                                    j += 2
                                                }
                                                if j < end { even += SIMD4(repeating: Double(values[j])) * point(columns[j], group) }
                                                let norms = pn.loadUnaligned(fromByteOffset: group * MemoryLayout<Double>.stride, as: SIMD4<Double>.self)
                                                let distances = (SIMD4(repeating: xn[i]) + norms) - 2 * (even + odd)
                                                out.storeBytes(of: distances, toByteOffset: group * MemoryLayout<Double>.stride, as: SIMD4<Double>.self)
                                            }
                                            body(i, out.assumingMemoryBound(to: Double.self))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
