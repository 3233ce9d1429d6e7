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
    /// GMM: its responsibilities); `d` the Euclidean distances in the clustering space.
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
        let gmmResponsibilities: [Double]? = model.gaussianMixture?.responsibilities()
        let labels = model.labels, rowIndices = data.dataset.rowIndices, beta = settings.beta
        let centroids = model.centroids
        let comma = UInt8(ascii: ",")
        try data.matrix.values.withUnsafeBufferPointer { x in
            try centroids.values.withUnsafeBufferPointer { c in
                try ChunkedRows.write(rows: data.matrix.rows, rowsPerChunk: rowsPerChunk, format: { rows, out in
                    var distances = [Double](repeating: 0, count: k)
                    for i in rows {
                        let row = x.baseAddress! + i * d
                        out.append(rowIndices[i]); out.append(byte: comma)
                        out.append(Int(labels[i]))
                        for j in 0..<k { distances[j] = squaredDistance(row, c.baseAddress! + j * d, d).squareRoot() }
                        if let r = gmmResponsibilities {
                            for j in 0..<k { out.append(byte: comma); out.append(r[i * k + j]) }
                        } else {
                            for p in MembershipFormulas.softmax(distances: distances, beta: beta) { out.append(byte: comma); out.append(p) }
                        }
                        for v in distances { out.append(byte: comma); out.append(v) }
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
        let n = data.matrix.rows, k = model.k
        var sizes = [Double](repeating: 0, count: k)
        for l in model.labels { sizes[Int(l)] += 1 }
        let gmm = model.gaussianMixture
        var pairs: [(String, String)] = [
            ("method", JSONText.string(model.method.rawValue)),
            ("k", String(k)),
            ("n_iter", String(model.iteration)),
            ("converged", model.converged ? "true" : "false"),
            ("inertia", JSONText.number(model.inertia)),
            ("lower_bound", gmm.map { JSONText.number($0.lowerBound) } ?? "null"),
            ("mean_log_likelihood", gmm.map { JSONText.number($0.meanLogLikelihood) } ?? "null"),
            ("bic", gmm.map { JSONText.number($0.bic) } ?? "null"),
            ("aic", gmm.map { JSONText.number($0.aic) } ?? "null"),
            ("centroids", JSONText.array(model.centroids)),
            ("weights", JSONText.array(gmm?.weights ?? sizes.map { $0 / Double(max(n, 1)) })),
            ("covariance_type", gmm.map { JSONText.string($0.configuration.covarianceType.rawValue) } ?? "null"),
            ("covariances", gmm.map { JSONText.nested($0.covariances.nestedValue) } ?? "null"),
            ("labels", JSONText.array(model.labels.map(Int.init))),
            ("row_indices", JSONText.array(data.dataset.rowIndices)),
            ("dropped_rows", JSONText.array(data.dataset.dropped.map(\.rowIndex))),
            ("features", "[" + data.dataset.featureNames.map(JSONText.string).joined(separator: ",") + "]"),
            ("standardize", data.standardized ? "true" : "false"),
            ("scaler", JSONText.object([("mean", JSONText.array(data.scaler.mean)), ("scale", JSONText.array(data.scaler.scale))])),
            ("beta", JSONText.number(settings.beta)),
            ("init", JSONText.string(initDescription)),
            ("seed", String(settings.seed)),
            ("tol", JSONText.number(settings.effectiveTolerance)),
            ("max_iter", String(settings.effectiveMaxIterations)),
        ]
        if let codes = data.dataset.labelCodes {
            pairs.append(("ari", JSONText.number(adjustedRandIndex(codes, model.labels.map(Int.init)))))
        }
        return JSONText.object(pairs, indent: true) + "\n"
    }
}

/// A CSV field, quoted when it holds a delimiter, quote or line break (RFC 4180).
public func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

import Foundation
