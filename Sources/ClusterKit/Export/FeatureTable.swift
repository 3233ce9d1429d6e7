import Foundation

/// Which per-k features `clusterview features` writes.
public enum FeatureKind: String, Sendable, CaseIterable, Equatable {
    /// Euclidean distances to the k centroids (clustering space): `k<k>_d<j>`.
    case distances
    /// The `gmm` rule's probabilities: `k<k>_p<j>`.
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
/// `fit`'s `p_` columns); for k-means and soft k-means the mixture estimated from the hard partition
/// with the configured covariance type (the `gmm` membership rule).
///
/// Only centroids and mixture parameters are kept per k, and rows are formatted on demand, so memory
/// stays O(Σk·D²) beyond the data however many rows are written.
public struct FeatureTable: Sendable {
    public struct Block: Sendable {
        public let k: Int
        public let centroids: Matrix
        public let mixture: GaussianMixture?
    }

    public let data: PreparedData
    public let kind: FeatureKind
    public let blocks: [Block]

    /// Fits every k in `ks` with `settings` (its `k` is ignored). `progress` as in `Sweep.run`;
    /// returning false cancels (nil). Throws when a k cannot be fitted or, for probabilities, when
    /// the mixture is degenerate.
    public static func fit(data: PreparedData, settings: ModelSettings, ks: [Int], kind: FeatureKind,
                           progress: (Sweep.Progress) -> Bool = { _ in true }) throws -> FeatureTable? {
        if case .rows = settings.initMethod, Set(ks).count > 1 {
            throw ModelError("--init rows: fixes one k; features over several ks need k-means++ or random")
        }
        var blocks: [Block] = []
        for (i, k) in ks.enumerated() {
            var s = settings
            s.k = k
            guard progress(Sweep.Progress(completed: i, total: ks.count, k: k, iteration: 0)) else { return nil }
            var cancelled = false
            let model: ClusterModel
            do {
                model = try ClusterModel.initial(data.matrix, s).run { state in
                    cancelled = !progress(Sweep.Progress(completed: i, total: ks.count, k: k, iteration: state.iteration))
                    return !cancelled
                }
            } catch {
                throw ModelError("k = \(k): \(error)")
            }
            if cancelled { return nil }
            var mixture: GaussianMixture?
            if kind != .distances {
                if let g = model.gaussianMixture {
                    mixture = g.compacted()
                } else {
                    do {
                        mixture = try GaussianMixture(data: data.matrix, configuration: s.gmmConfiguration, labels: model.labels).compacted()
                    } catch {
                        throw ModelError("k = \(k): the mixture estimated from the partition is degenerate: \(error)")
                    }
                }
            }
            blocks.append(Block(k: k, centroids: model.centroids, mixture: mixture))
        }
        return FeatureTable(data: data, kind: kind, blocks: blocks)
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
    func format(_ rows: Range<Int>, into out: inout ByteBuffer) {
        let d = data.matrix.columns, comma = UInt8(ascii: ",")
        data.matrix.values.withUnsafeBufferPointer { x in
            for i in rows {
                let row = x.baseAddress! + i * d
                out.append(data.dataset.rowIndices[i])
                for b in blocks {
                    if kind != .proba {
                        b.centroids.values.withUnsafeBufferPointer { c in
                            for j in 0..<b.k {
                                out.append(byte: comma)
                                out.append(squaredDistance(row, c.baseAddress! + j * d, d).squareRoot())
                            }
                        }
                    }
                    if kind != .distances, let m = b.mixture {
                        for p in m.eStepResponsibilities(of: row) { out.append(byte: comma); out.append(p) }
                    }
                }
                if data.dataset.labelName != nil { out.append(byte: comma); out.append(csvField(data.dataset.label(of: i) ?? "")) }
                out.append(byte: 10)
            }
        }
    }

    /// The whole CSV (header first, every line ending with a line break) as bytes, in chunks of
    /// rows formatted in parallel and handed to `emit` in order.
    public func writeBytes(_ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var head = ByteBuffer(capacity: 1 << 12)
        head.append(header)
        head.append(byte: 10)
        try head.withBytes(emit)
        try ChunkedRows.write(rows: data.matrix.rows, format: { rows, out in format(rows, into: &out) }, emit: emit)
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
