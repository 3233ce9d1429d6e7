import CKernels
import Dispatch
import Foundation

/// How the first centroids are chosen.
public enum InitMethod: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Greedy k-means++ with 2 + ⌊ln k⌋ local trials per centroid, as scikit-learn.
    case kMeansPlusPlus
    /// k distinct rows drawn uniformly.
    case random
    /// The given rows (positions in the data matrix), in order.
    case rows([Int])

    public var description: String {
        switch self {
        case .kMeansPlusPlus: return "k-means++"
        case .random: return "random"
        case .rows(let r): return "rows:" + r.map(String.init).joined(separator: ",")
        }
    }

    /// Parses `k-means++`, `random` or `rows:I,J,…` (indices as written; the caller maps them).
    public init?(parsing text: String) {
        switch text {
        case "k-means++", "kmeans++": self = .kMeansPlusPlus
        case "random": self = .random
        default:
            guard text.hasPrefix("rows:") else { return nil }
            let parts = text.dropFirst(5).split(separator: ",", omittingEmptySubsequences: false)
            var rows = [Int]()
            for p in parts {
                guard let r = Int(p.trimmingCharacters(in: .whitespaces)), r >= 0 else { return nil }
                rows.append(r)
            }
            guard !rows.isEmpty else { return nil }
            self = .rows(rows)
        }
    }
}

/// Errors in the model settings, reported as one line.
public struct ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

enum Initialization {
    /// The initial centroids (k × D) for `data`, drawing from `random` where the method needs it.
    static func centroids(_ data: Matrix, k: Int, method: InitMethod, random: inout NumPyRandomState) throws -> Matrix {
        guard k >= 1 else { throw ModelError("k must be at least 1") }
        // The algorithms' own precondition, for callers that reach them without a command's
        // `RowsForK.check` (the library API, the explorer's sweep); commands refuse before this.
        guard RowsForK.suffice(rows: data.rows, k: k) else {
            throw ModelError("only \(data.rows) usable rows for k = \(k); k must not exceed the number of rows")
        }
        switch method {
        case .rows(let rows):
            guard rows.count == k else {
                throw ModelError("--init rows: lists \(rows.count) rows but k = \(k)")
            }
            for r in rows where r < 0 || r >= data.rows {
                throw ModelError("--init rows: row \(r) is out of range")
            }
            return data.selectingRows(rows)
        case .random:
            let p = [Double](repeating: 1.0 / Double(data.rows), count: data.rows)
            return data.selectingRows(random.choiceWithoutReplacement(probabilities: p, size: k))
        case .kMeansPlusPlus:
            return data.selectingRows(kMeansPlusPlusIndices(data, k: k, random: &random))
        }
    }

    /// Greedy k-means++ (Arthur & Vassilvitskii, with scikit-learn's local trials), drawing in the
    /// same order and with the same formulas as scikit-learn so a seed picks the same rows.
    ///
    /// Per step, each of the `2 + ⌊ln k⌋` candidates c gives every row x the potential
    /// min(closest(x), ‖x − c‖²), summed in row order; the candidate with the smallest sum (the
    /// first on a tie, as numpy's argmin) is kept. Every value is the one the plain loop computes
    /// (`squaredDistance`, then the same comparison and sums; `KMeansPlusPlusTests` compares), but
    /// most distances are never computed:
    ///
    /// Design note (the pruning): x's closest potential is its squared distance to a chosen
    /// centroid a (`nearest`). If ‖a − c‖ ≥ 2‖x − a‖ then ‖x − c‖ ≥ ‖a − c‖ − ‖x − a‖ ≥ ‖x − a‖, so
    /// min keeps closest(x) exactly and ‖x − c‖² is not needed. The test runs on computed squares,
    /// so it asks for a margin: each computed Σ(x_f − c_f)² of non-negative terms is within a
    /// relative γ ≈ (D + 3)·2⁻⁵³ of the exact one (no underflow: closest is 0 or ≥ 1e−290; no
    /// overflow: closest ≤ 1e300), and ‖a − c‖² ≥ 4·(1 + 8ε)·closest(x) with ε = 4(D + 4)·2⁻⁵³ ≥ γ
    /// implies the exact ‖x − c‖² ≥ the exact closest·(1 + 2γ), hence computed ‖x − c‖² ≥ computed
    /// closest(x). Data with a non-finite value is never pruned (a NaN distance must reach the
    /// min as before). Rows are independent, so they run in parallel chunks; the sums stay in row
    /// order.
    ///
    /// On mostly-zero integer data (images) the distances come from the rows' nonzeros instead,
    /// with the same bits (`ExactSparseRows`, in Initialization+Sparse.swift); `rows` forces a path.
    static func kMeansPlusPlusIndices(_ data: Matrix, k: Int, random: inout NumPyRandomState,
                                      vectorized: Bool = PointDistances.vectorizedByDefault, pruning allowPruning: Bool = true,
                                      blockRows: Int? = nil, rows policy: SeedingRows = .automatic) -> [Int] {
        kMeansPlusPlus(data, k: k, random: &random, vectorized: vectorized, pruning: allowPruning,
                       blockRows: blockRows, rows: policy).indices
    }

    /// `kMeansPlusPlusIndices`, and whether the nonzeros were read (`sparse`).
    static func kMeansPlusPlus(_ data: Matrix, k: Int, random: inout NumPyRandomState, vectorized: Bool,
                               pruning allowPruning: Bool, blockRows: Int?, rows policy: SeedingRows)
        -> (indices: [Int], sparse: Bool) {
        let n = data.rows, d = data.columns
        // Gathered before the first draw (it draws nothing); nil keeps the dense rows.
        var sparse = ExactSparseRows.forSeeding(data, policy)
        defer {
            // Its chunks would stay in the heap, resident, under the explorer's later peak (as the
            // projection's nonzeros would: `SparseRows.releaseFreedMemory`).
            if sparse != nil {
                sparse = nil
                SparseRows.releaseFreedMemory()
            }
        }
        let trials = 2 + Int(Foundation.log(Double(k)))
        let uniform = [Double](repeating: 1.0 / Double(n), count: n)
        var indices = [random.choice(probabilities: uniform)]
        var closest = sparse?.distancesSquared(data, toRow: indices[0]) ?? distancesSquared(data, toRow: indices[0])
        var potential = closest.reduce(0, +)
        // nearest[i]: the position in `indices` of a centroid at squared distance closest[i] from row i.
        var nearest = [Int32](repeating: 0, count: n)
        // The chosen centroids' values, row after row, for the candidate-to-centroid distances.
        var chosen = [Double]()
        chosen.reserveCapacity(k * d)
        chosen += data.values[(indices[0] * d)..<(indices[0] * d + d)]
        // Exact integer data are finite: no pass needed to know it.
        let pruning = allowPruning && (sparse != nil || data.values.allSatisfy { $0.isFinite })
        let epsilon = 4 * Double(d + 4) * 0x1p-53
        let factor = 4 * (1 + 8 * epsilon)
        let padded = max(8, (trials + 7) / 8 * 8)
        // Potentials are kept for a block of rows at a time (at most 16 MB); with several blocks
        // the kept candidate's column is computed again, block by block, at the end of the step.
        let block = min(n, blockRows ?? max(4096, (1 << 21) / padded))
        var potentials = [Double](repeating: 0, count: block * padded)
        var cumulative = [Double](repeating: 0, count: n)
        while indices.count < k {
            let draws = (0..<trials).map { _ in random.nextDouble() * potential }
            var running = 0.0
            for i in 0..<n { running += closest[i]; cumulative[i] = running }
            let candidates = draws.map { min(searchSortedLeft(cumulative, $0), n - 1) }
            let m = indices.count
            // Each candidate's squared distance to each chosen centroid: between[j * padded + t].
            var between = [Double](repeating: 0, count: m * padded)
            let points = data.values.withUnsafeBufferPointer { xs in
                PointDistances(count: trials, columns: d, vectorized: vectorized) { xs.baseAddress! + candidates[$0] * d }
            }
            chosen.withUnsafeBufferPointer { c in
                between.withUnsafeMutableBufferPointer { points.distances(c.baseAddress!, 0..<m, into: $0.baseAddress!) }
            }
            // Each candidate's potential, summed in row order as the plain loop does (block sums
            // continue the running sums, never added afterwards).
            var sums = [Double](repeating: 0, count: padded)
            let sparsePoints = sparse.map { (rows: $0, points: SparsePoints(data, rows: candidates, norms: $0.squaredNorms)) }
            for lo in stride(from: 0, to: n, by: block) {
                let rows = lo..<min(n, lo + block)
                potentialsOfBlock(data, rows, points, sparsePoints, between, closest, nearest, factor, pruning, &potentials)
                if vectorized {
                    potentials.withUnsafeBufferPointer { p in sums.withUnsafeMutableBufferPointer { cv_column_sums_avx2(p.baseAddress!, rows.count, padded, $0.baseAddress!) } }
                } else {
                    for i in 0..<rows.count { for t in 0..<trials { sums[t] += potentials[i * padded + t] } }
                }
            }
            // Strictly smaller: ties keep the first candidate, as numpy's argmin.
            var best = 0
            for t in 1..<trials where sums[t] < sums[best] { best = t }
            // The kept candidate's potentials become the closest ones.
            let kept = block == n ? nil : data.values.withUnsafeBufferPointer { xs in
                PointDistances(count: 1, columns: d, vectorized: vectorized) { _ in xs.baseAddress! + candidates[best] * d }
            }
            let keptSparse = kept == nil ? nil : sparse.map { (rows: $0, points: SparsePoints(data, rows: [candidates[best]], norms: $0.squaredNorms)) }
            let keptBetween = kept == nil ? [] : (0..<m).flatMap { j in [between[j * padded + best]] + [Double](repeating: 0, count: 7) }
            for lo in stride(from: 0, to: n, by: block) {
                let rows = lo..<min(n, lo + block)
                var lane = best, stride = padded
                if let kept {
                    potentialsOfBlock(data, rows, kept, keptSparse, keptBetween, closest, nearest, factor, pruning, &potentials)
                    lane = 0
                    stride = kept.padded
                }
                potentials.withUnsafeBufferPointer { p in
                    closest.withUnsafeMutableBufferPointer { cl in
                        nearest.withUnsafeMutableBufferPointer { nr in
                            for i in rows {
                                let v = p[(i - lo) * stride + lane]
                                if v < cl[i] { nr[i] = Int32(m) }
                                cl[i] = v
                            }
                        }
                    }
                }
            }
            indices.append(candidates[best])
            chosen += data.values[(candidates[best] * d)..<(candidates[best] * d + d)]
            potential = sums[best]
        }
        return (indices, sparse != nil)
    }

    /// `out[(i − rows.lowerBound) * padded + t]` for i in `rows`: the step's potentials (`Step`),
    /// in parallel chunks; from the nonzeros with `sparse` (the same points as `points`).
    private static func potentialsOfBlock(_ data: Matrix, _ rows: Range<Int>, _ points: PointDistances,
                                          _ sparse: (rows: ExactSparseRows, points: SparsePoints)?,
                                          _ between: [Double], _ closest: [Double], _ nearest: [Int32],
                                          _ factor: Double, _ pruning: Bool, _ out: inout [Double]) {
        let d = data.columns, lo = rows.lowerBound
        data.values.withUnsafeBufferPointer { x in
            closest.withUnsafeBufferPointer { cl in
                nearest.withUnsafeBufferPointer { nr in
                    between.withUnsafeBufferPointer { bt in
                        out.withUnsafeMutableBufferPointer { o in
                            // Pointers shifted to the block's first row, so row i of the block is i − lo.
                            let step = Step(x: x.baseAddress! + lo * d, d: d, points: points,
                                            sparse: sparse.map { Step.Sparse(rows: $0.rows, points: $0.points, first: lo) },
                                            closest: cl.baseAddress! + lo, nearest: nr.baseAddress! + lo,
                                            between: bt.baseAddress!, factor: factor, pruning: pruning, out: o.baseAddress!)
                            forEachChunk(rows.count) { step.potentials(of: $0) }
                        }
                    }
                }
            }
        }
    }

    /// One k-means++ step's potentials over some rows: `out[i * padded + t]` = min(closest[i],
    /// ‖x_i − candidate t‖²), compared as the plain loop compares (`closest < d` keeps closest),
    /// skipping rows the bound proves unchanged (see `kMeansPlusPlusIndices`).
    private struct Step {
        let x: UnsafePointer<Double>, d: Int
        let points: PointDistances
        /// The same points read through the rows' nonzeros; `first` is the global index of row 0.
        struct Sparse { let rows: ExactSparseRows, points: SparsePoints, first: Int }
        let sparse: Sparse?
        let closest: UnsafePointer<Double>, nearest: UnsafePointer<Int32>, between: UnsafePointer<Double>
        let factor: Double, pruning: Bool
        let out: UnsafeMutablePointer<Double>

        func potentials(of rows: Range<Int>) {
            let padded = points.padded, trials = points.count
            if let sparse {
                let first = sparse.first
                sparse.rows.forEachPiece(of: (first + rows.lowerBound)..<(first + rows.upperBound)) { piece, chunk in
                    sparse.points.distances(chunk, piece, norms: sparse.rows.squaredNorms, skipping: { pruned($0 - first) }) { g, distances in
                        let i = g - first, c = closest[i], o = out + i * padded
                        for t in 0..<trials { o[t] = c < distances[t] ? c : distances[t] }
                    }
                }
                return
            }
            if points.vectorized {
                points.withTransposed { transposed in
                    cv_seed_potentials_avx2(x, rows.lowerBound, rows.upperBound, d, transposed, padded, trials,
                                            closest, nearest, between, factor, pruning ? 1 : 0, out)
                }
                return
            }
            // The same in Swift, one row at a time.
            withUnsafeTemporaryAllocation(of: Double.self, capacity: padded) { scratch in
                for i in rows where !pruned(i) {
                    let c = closest[i], o = out + i * padded
                    points.distances(x + i * d, x + i * d, into: o, scratch.baseAddress!)
                    for t in 0..<trials where c < o[t] { o[t] = c }
                }
            }
        }

        /// Whether the bound proves row i's potentials all equal its closest one; if so they are written.
        private func pruned(_ i: Int) -> Bool {
            let c = closest[i], trials = points.count
            guard pruning && (c == 0 || (c >= 1e-290 && c <= 1e300)) else { return false }
            let bound = c * factor, b = between + Int(nearest[i]) * points.padded
            guard (0..<trials).allSatisfy({ b[$0] >= bound }) else { return false }
            let o = out + i * points.padded
            for t in 0..<trials { o[t] = c }
            return true
        }
    }

    /// Runs `body` over fixed chunks of `0..<count` (512 rows; the boundaries never change a
    /// result here, each row being computed alone), in parallel when there are several.
    private static func forEachChunk(_ count: Int, _ body: (Range<Int>) -> Void) {
        let size = 512, chunks = (count + size - 1) / size
        if chunks <= 1 { body(0..<count); return }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in body((c * size)..<min(count, c * size + size)) }
    }

    static func distancesSquared(_ data: Matrix, toRow r: Int) -> [Double] {
        let n = data.rows, d = data.columns
        var out = [Double](repeating: 0, count: n)
        data.values.withUnsafeBufferPointer { x in
            let center = x.baseAddress! + r * d
            out.withUnsafeMutableBufferPointer { o in
                ParallelChunks.forEach(n) { _, range in
                    for i in range { o[i] = squaredDistance(x.baseAddress! + i * d, center, d) }
                }
            }
        }
        return out
    }
}
