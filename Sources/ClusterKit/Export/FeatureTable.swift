import Dispatch
import Foundation

/// Which per-k features `clusterview features` writes.
public enum FeatureKind: String, Sendable, CaseIterable, Equatable {
    /// Euclidean distances to the k centroids (clustering space): `k<k>_d<j>`.
    case distances
    /// The model's own probabilities, `k<k>_p<j>`: GMM's responsibilities, fuzzy c-means'
    /// memberships, else the `gmm` rule's (the mixture of the partition).
    case proba
    /// Both, distances first, per k.
    case both
}

/// Cluster features for a downstream model: for each k, a fit and, per data row, its distances to
/// the k centroids and/or its mixture probabilities, as CSV columns.
///
/// Columns: `row` (the 0-based data row of the file), then for each k in the order given
/// `k<k>_d0…k<k>_d<k−1>` and/or `k<k>_p0…k<k>_p<k−1>`, then the label column (under its own name)
/// when the file has one. Distances are computed exactly as `fit`'s `d_` columns, so they are
/// equal as text. Probabilities: for `--method gmm` the fitted mixture's responsibilities (equal to
/// `fit`'s `p_` columns); for a method that holds its own memberships (fuzzy c-means) those, equal
/// to `fit`'s `p_` columns; for k-means and soft k-means the mixture estimated from the hard partition
/// with the configured covariance type (the `gmm` membership rule).
///
/// Only centroids and mixture parameters are kept per k, and rows are formatted on demand, so memory
/// stays O(Σk·D²) beyond the data however many rows are written (fuzzy c-means' probabilities:
/// its N × k memberships per k).
public struct FeatureTable: Sendable {
    public struct Block: Sendable {
        public let k: Int
        public let centroids: Matrix
        public let mixture: GaussianMixture?
        /// The model's own memberships of the rows (N × k row-major) when it holds them and is
        /// not a mixture (fuzzy c-means): the probabilities as they are.
        public let memberships: [Double]?
    }

    public let data: PreparedData
    public let kind: FeatureKind
    public let blocks: [Block]
    /// Each block's centroids laid out for the distances of many rows at once (empty for proba).
    private let centroidDistances: [PointDistances]

    init(data: PreparedData, kind: FeatureKind, blocks: [Block], vectorized: Bool = PointDistances.vectorizedByDefault) {
        self.data = data
        self.kind = kind
        self.blocks = blocks
        centroidDistances = kind == .proba ? [] : blocks.map { b in
            b.centroids.values.withUnsafeBufferPointer { c in
                PointDistances(count: b.k, columns: b.centroids.columns, vectorized: vectorized) { c.baseAddress! + $0 * b.centroids.columns }
            }
        }
    }

    /// The most rows for which several ks are fitted at once.
    static let concurrentRowLimit = 65_536

    /// Fits every k in `ks` with `settings` (its `k` is ignored). `progress` as in `Sweep.run`;
    /// returning false cancels (nil). Throws when a k cannot be fitted or, for probabilities, when
    /// the mixture is degenerate (the first such k in the order given).
    ///
    /// Design note: each k is a fit of its own, seeded alike, so on small data the ks run
    /// concurrently (largest first, so the last one to start is short) and the table is the same as
    /// fitted one after another. Up from `concurrentRowLimit` rows each fit is parallel inside
    /// (row chunks) and two at once would only double the working memory, so they run in turn. `progress` is called from the workers, one call at a time, with `completed` the
    /// number of ks finished so far.
    public static func fit(data: PreparedData, settings: ModelSettings, ks: [Int], kind: FeatureKind,
                           progress: (Sweep.Progress) -> Bool = { _ in true }) throws -> FeatureTable? {
        if case .rows = settings.initMethod, Set(ks).count > 1 {
            throw ModelError("--init rows: fixes one k; features over several ks need k-means++ or random")
        }
        let order = ks.indices.sorted { ks[$0] != ks[$1] ? ks[$0] > ks[$1] : $0 < $1 }
        var outcomes = [Result<Block, Error>?](repeating: nil, count: ks.count)
        let lock = NSLock()
        var completed = 0, cancelled = false
        // One call at a time; false from any call stops every worker at its next step.
        func report(_ k: Int, _ iteration: Int?) -> Bool {
            lock.lock(); defer { lock.unlock() }
            if cancelled { return false }
            cancelled = !progress(Sweep.Progress(completed: completed, total: ks.count, k: k, iteration: iteration))
            return !cancelled
        }
        withoutActuallyEscaping(report) { report in
            outcomes.withUnsafeMutableBufferPointer { out in
                let base = out.baseAddress!
                let fitOne = { (n: Int) in
                    let i = order[n]
                    base[i] = Result { try fitBlock(data: data, settings: settings, k: ks[i], kind: kind, report: report) }
                    lock.lock(); completed += 1; lock.unlock()
                }
                if data.matrix.rows <= concurrentRowLimit {
                    DispatchQueue.concurrentPerform(iterations: order.count, execute: fitOne)
                } else {
                    for n in order.indices { fitOne(n) }
                }
            }
        }
        if cancelled { return nil }
        return FeatureTable(data: data, kind: kind, blocks: try outcomes.map { try $0!.get() })
    }

    /// One k's centroids (and mixture when probabilities are asked for); throws CancellationError
    /// when `report` says stop.
    private static func fitBlock(data: PreparedData, settings: ModelSettings, k: Int, kind: FeatureKind,
                                 report: (Int, Int?) -> Bool) throws -> Block {
        var s = settings
        s.k = k
        guard report(k, 0) else { throw CancellationError() }
        let fitted: ClusterModel?
        do {
            fitted = try ClusterModel.fitted(data.matrix, s) { state in report(k, state.iteration) }
        } catch {
            throw ModelError("k = \(k): \(error)")
        }
        guard let model = fitted else { throw CancellationError() }
        var mixture: GaussianMixture?
        var memberships: [Double]?
        if kind != .distances {
            if let g = model.gaussianMixture {
                mixture = g.compacted()
            } else if let own = model.ownMemberships() {
                memberships = own
            } else {
                do {
                    mixture = try GaussianMixture(data: data.matrix, configuration: s.gmmConfiguration, labels: model.labels).compacted()
                } catch {
                    throw ModelError("k = \(k): the mixture estimated from the partition is degenerate: \(error)")
                }
            }
        }
        return Block(k: k, centroids: model.centroids, mixture: mixture, memberships: memberships)
    }

    public var header: String {
        var names = ["row"]
        for b in blocks {
            if kind != .proba { names += (0..<b.k).map { "k\(b.k)_d\($0)" } }
            if kind != .distances { names += (0..<b.k).map { "k\(b.k)_p\($0)" } }
        }
        if let label = data.dataset.labelName { names.append(csvField(label)) }
        return names.joined(separator: ",")
    }

    /// The CSV line of kept row `i` (no line break).
    public func line(_ i: Int) -> String {
        var out = ByteBuffer(capacity: 1024)
        format(i..<(i + 1), into: &out)
        out.removeLast()
        return out.text
    }

    /// The lines of kept rows `rows`, each ending with a line break.
    ///
    /// Design note: a chunk's distances are computed first, block by block, by `PointDistances`
    /// (the bits of `squaredDistance`, as `fit`'s d_ columns), then the rows are written.
    func format(_ rows: Range<Int>, into out: inout ByteBuffer) {
        let d = data.matrix.columns, comma = UInt8(ascii: ",")
        let stride = centroidDistances.reduce(0) { $0 + $1.padded }
        var squared = [Double](repeating: 0, count: rows.count * stride)
        data.matrix.values.withUnsafeBufferPointer { x in
            squared.withUnsafeMutableBufferPointer { sq in
                var offset = 0
                for points in centroidDistances {
                    points.distances(x.baseAddress!, rows, into: sq.baseAddress! + offset, stride: stride)
                    offset += points.padded
                }
            }
            for i in rows {
                let row = x.baseAddress! + i * d
                let r = i - rows.lowerBound
                out.append(data.dataset.rowIndices[i])
                var offset = 0
                for (n, b) in blocks.enumerated() {
                    if kind != .proba {
                        let base = r * stride + offset
                        for j in 0..<b.k {
                            out.append(byte: comma)
                            out.append(squared[base + j].squareRoot())
                        }
                        offset += centroidDistances[n].padded
                    }
                    if kind != .distances, let m = b.mixture {
                        for p in m.eStepResponsibilities(of: row) { out.append(byte: comma); out.append(p) }
                    } else if kind != .distances, let u = b.memberships {
                        for j in 0..<b.k { out.append(byte: comma); out.append(u[i * b.k + j]) }
                    }
                }
                if data.dataset.labelName != nil { out.append(byte: comma); out.append(csvField(data.dataset.label(of: i) ?? "")) }
                out.append(byte: 10)
            }
        }
    }

    /// The whole CSV (header first, every line ending with a line break) as bytes, in chunks of
    /// rows formatted in parallel and handed to `emit` in order (`ChunkPipeline`).
    ///
    /// Chunks hold about 1 MB of text (at ~20 bytes a value), so a wide table (digits at
    /// k = 50…500: 2,750 values a row) still splits into many chunks for the cores to share, and
    /// the chunks in flight stay small.
    public func writeBytes(_ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var head = ByteBuffer(capacity: 1 << 12)
        head.append(header)
        head.append(byte: 10)
        try head.withBytes(emit)
        let values = blocks.reduce(1) { $0 + (kind == .both ? 2 : 1) * $1.k }
        let rowsPerChunk = max(1, min(ChunkedRows.defaultRowsPerChunk, (1 << 20) / (20 * values)))
        try ChunkPipeline.write(rows: data.matrix.rows, rowsPerChunk: rowsPerChunk,
                                     format: { [self] rows, out in format(rows, into: &out) }, emit: emit)
    }

    /// `writeBytes` as text, for tests and small outputs.
    public func writeCSV(chunkRows: Int = 256, _ write: (String) throws -> Void) rethrows {
        try writeBytes { try write(String(decoding: $0, as: UTF8.self)) }
    }
}

extension GaussianMixture {
    /// The responsibilities of one point by the E-step's own formula, exp(lp_j − logΣexp lp), so a
    /// data row gets exactly the bits of `responsibilities()` (the `gmm` rule normalises by the
    /// largest term instead and may differ in the last bit).
    func eStepResponsibilities(of point: [Double]) -> [Double] {
        point.withUnsafeBufferPointer { eStepResponsibilities(of: $0.baseAddress!) }
    }

    func eStepResponsibilities(of point: UnsafePointer<Double>) -> [Double] {
        let lp = EStep.weightedLogProbabilities(point, d: data.columns, logWeights: weights.map { log($0) },
                                                means: means, precisions: precisions)
        let lse = logSumExp(lp)
        return lp.map { exp($0 - lse) }
    }
}
