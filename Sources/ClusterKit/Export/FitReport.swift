/// The results of a fit, formatted as `clusterview fit` prints them (the stable CSV/JSON contract).
///
/// Only what an output prints is computed: the JSON needs the fit alone; the CSV its distances and
/// own memberships; the membership context (a mixture estimated from the partition, `linear`'s
/// ranges: O(N·k·D + k·D³)) is built only for extra rules and saved models.
public struct FitReport: Sendable {
    public let data: PreparedData
    public let model: ClusterModel
    public let settings: ModelSettings
    public let bootstrap: Bootstrap?
    /// The init as the user wrote it (`rows:` with file row indices).
    public let initDescription: String
    /// `settings.beta` was chosen by `--beta auto` (the JSON says so with `"beta_auto": true`).
    public var betaAuto = false

    public init(data: PreparedData, model: ClusterModel, settings: ModelSettings, bootstrap: Bootstrap? = nil,
                initDescription: String? = nil) {
        self.initDescription = initDescription ?? settings.initMethod.description
        self.data = data
        self.model = model
        self.settings = settings
        self.bootstrap = bootstrap
    }

    /// Every membership rule for this fit; built on each call (see the type's note), so keep it.
    public var context: MembershipContext {
        MembershipContext(data: data, model: model, settings: settings, bootstrap: bootstrap)
    }

    /// `row,cluster,p_0…,d_0…` and then, per extra rule, `<rule>_0…`: one line per kept row.
    /// `p` is the method's own membership (k-means: softmax with β; soft: its responsibilities;
    /// GMM: its responsibilities; `ClusteringAlgorithm.ownMemberships`); `d` the Euclidean
    /// distances in the clustering space.
    public func csv(extraRules: [MembershipRule] = [], includeLabel: Bool = false) -> String {
        var all = ByteBuffer()
        writeCSV(extraRules: extraRules, includeLabel: includeLabel) { all.append(bytes: $0) }
        return all.text
    }

    /// The text of `csv(extraRules:includeLabel:)`, handed to `emit` in chunks of rows (formatted
    /// in parallel, in row order), so memory stays small however many rows there are.
    public func writeCSV(extraRules: [MembershipRule] = [], includeLabel: Bool = false,
                         rowsPerChunk: Int = ChunkedRows.defaultRowsPerChunk, _ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let k = model.k, d = data.matrix.columns
        var header = ["row", "cluster"] + (0..<k).map { "p_\($0)" } + (0..<k).map { "d_\($0)" }
        for rule in extraRules { header += (0..<k).map { "\(rule.rawValue)_\($0)" } }
        let withLabel = includeLabel && data.dataset.labelName != nil
        if withLabel, let name = data.dataset.labelName { header.append(csvField(name)) }
        var head = ByteBuffer(capacity: 256)
        head.append(header.joined(separator: ","))
        head.append(byte: 10)
        try head.withBytes(emit)

        let context = extraRules.isEmpty ? nil : self.context
        let own: [Double]? = model.ownMemberships()
        let labels = model.labels, rowIndices = data.dataset.rowIndices, beta = settings.beta
        let centroids = model.centroids
        let comma = UInt8(ascii: ",")
        try data.matrix.values.withUnsafeBufferPointer { x in
            try centroids.values.withUnsafeBufferPointer { c in
                try ChunkedRows.write(rows: data.matrix.rows, rowsPerChunk: rowsPerChunk, format: { rows, out in
                    var distances = [Double](repeating: 0, count: k), softmax = distances
                    for i in rows {
                        let row = x.baseAddress! + i * d
                        out.append(rowIndices[i]); out.append(byte: comma)
                        out.append(Int(labels[i]))
                        for j in 0..<k { distances[j] = squaredDistance(row, c.baseAddress! + j * d, d).squareRoot() }
                        if let r = own {
                            r.withUnsafeBufferPointer { out.append(values: $0.baseAddress! + i * k, k) }
                        } else {
                            distances.withUnsafeBufferPointer { dp in
                                softmax.withUnsafeMutableBufferPointer { MembershipKernels.softmax(distances: dp.baseAddress!, beta: beta, into: $0.baseAddress!, k) }
                            }
                            out.append(values: softmax)
                        }
                        out.append(values: distances)
                        if let context {
                            let point = Array(UnsafeBufferPointer(start: row, count: d))
                            for rule in extraRules {
                                let values = context.values(rule, for: point) ?? Array(repeating: .nan, count: k)
                                for v in values { out.append(byte: comma); if !v.isNaN { out.append(v) } }
                            }
                        }
                        if withLabel { out.append(byte: comma); out.append(csvField(data.dataset.label(of: i) ?? "")) }
                        out.append(byte: 10)
                    }
                }, emit: emit)
            }
        }
    }

    /// One JSON object: the fitted model in the clustering space.
    public func json() -> String {
        var all = ByteBuffer(capacity: 1 << 16)
        writeJSON { all.append(bytes: $0) }
        return all.text
    }

    /// The text of `json()`, handed to `emit` in pieces: the per-row arrays (labels, row indices)
    /// are formatted in parallel chunks straight into the output, never as one String.
    ///
    /// Design note: `json()` used to build every value as a String and join them, which copied
    /// the ~9 MB of a million rows' labels and row indices four times; the bytes are the same.
    public func writeJSON(rowsPerChunk: Int = 1 << 16, _ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let n = data.matrix.rows, k = model.k
        let labels = model.labels
        var sizes = [Double](repeating: 0, count: k)
        for l in labels { sizes[Int(l)] += 1 }
        let gmm = model.gaussianMixture
        var json = JSONDocument()
        json.field("method"); json.out.appendJSON(model.method.rawValue)
        json.field("k"); json.out.append(k)
        json.field("n_iter"); json.out.append(model.iteration)
        json.field("converged"); json.out.appendJSON(model.converged)
        json.field("inertia"); json.out.appendJSON(model.inertia)
        json.field("lower_bound"); json.out.appendJSON(gmm?.lowerBound)
        json.field("mean_log_likelihood"); json.out.appendJSON(gmm?.meanLogLikelihood)
        json.field("bic"); json.out.appendJSON(gmm?.bic)
        json.field("aic"); json.out.appendJSON(gmm?.aic)
        json.field("centroids"); json.out.appendJSON(model.centroids)
        json.field("weights"); json.out.appendJSON(gmm?.weights ?? sizes.map { $0 / Double(max(n, 1)) })
        json.field("covariance_type")
        if let gmm { json.out.appendJSON(gmm.configuration.covarianceType.rawValue) } else { json.out.append("null") }
        json.field("covariances")
        if let gmm { json.out.appendJSON(nested: gmm.covariances.nestedValue) } else { json.out.append("null") }
        // The per-row arrays go straight to `emit`, after what is written so far.
        json.field("labels")
        try json.out.withBytes(emit)
        json.out.removeAll()
        try labels.withUnsafeBufferPointer { l in
            try JSONText.writeIntegerArray(count: l.count, rowsPerChunk: rowsPerChunk, { Int(l[$0]) }, emit)
        }
        json.field("row_indices")
        try json.out.withBytes(emit)
        json.out.removeAll()
        try data.dataset.rowIndices.withUnsafeBufferPointer { r in
            try JSONText.writeIntegerArray(count: r.count, rowsPerChunk: rowsPerChunk, { r[$0] }, emit)
        }
        json.field("dropped_rows"); json.out.appendJSON(data.dataset.dropped.map(\.rowIndex))
        json.field("features"); json.out.appendJSON(data.dataset.featureNames)
        json.field("standardize"); json.out.appendJSON(data.standardized)
        json.field("scaler")
        json.out.append("{\"mean\":"); json.out.appendJSON(data.scaler.mean)
        json.out.append(",\"scale\":"); json.out.appendJSON(data.scaler.scale)
        json.out.append("}")
        json.field("beta"); json.out.appendJSON(settings.beta)
        json.field("init"); json.out.appendJSON(initDescription)
        json.field("seed"); json.out.append(Int(settings.seed))
        json.field("tol"); json.out.appendJSON(settings.effectiveTolerance)
        json.field("max_iter"); json.out.append(settings.effectiveMaxIterations)
        // Written only when asked, so output without --normalize or --beta auto stays as it was.
        if betaAuto { json.field("beta_auto"); json.out.appendJSON(true) }
        // Only for a method fitted with m (fuzzy c-means): its m, and Bezdek's indices of its memberships.
        if settings.method.fitsWithFuzziness { json.field("fuzziness"); json.out.appendJSON(settings.fuzziness) }
        if let u = model.fuzzyPartition {
            json.field("partition_coefficient"); json.out.appendJSON(FuzzyPartition.coefficient(u))
            json.field("partition_entropy"); json.out.appendJSON(FuzzyPartition.entropy(u))
        }
        if data.normalization != .none { json.field("normalize"); json.out.appendJSON(data.normalization.rawValue) }
        if let codes = data.dataset.labelCodes {
            json.field("ari"); json.out.appendJSON(adjustedRandIndex(codes, labels))
        }
        json.finish()
        try json.out.withBytes(emit)
    }
}

/// A CSV field, quoted when it holds a delimiter, quote or line break (RFC 4180).
public func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

import Foundation
