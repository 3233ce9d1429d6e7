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
                    var distances = [Double](repeating: 0, count: k)
                    for i in rows {
                        let row = x.baseAddress! + i * d
                        out.append(rowIndices[i]); out.append(byte: comma)
                        out.append(Int(labels[i]))
                        for j in 0..<k { distances[j] = squaredDistance(row, c.baseAddress! + j * d, d).squareRoot() }
                        if let r = own {
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
        var pairs: [(String, JSONValue)] = [
            ("method", .text(JSONText.string(model.method.rawValue))),
            ("k", .text(String(k))),
            ("n_iter", .text(String(model.iteration))),
            ("converged", .text(model.converged ? "true" : "false")),
            ("inertia", .text(JSONText.number(model.inertia))),
            ("lower_bound", .text(gmm.map { JSONText.number($0.lowerBound) } ?? "null")),
            ("mean_log_likelihood", .text(gmm.map { JSONText.number($0.meanLogLikelihood) } ?? "null")),
            ("bic", .text(gmm.map { JSONText.number($0.bic) } ?? "null")),
            ("aic", .text(gmm.map { JSONText.number($0.aic) } ?? "null")),
            ("centroids", .text(JSONText.array(model.centroids))),
            ("weights", .text(JSONText.array(gmm?.weights ?? sizes.map { $0 / Double(max(n, 1)) }))),
            ("covariance_type", .text(gmm.map { JSONText.string($0.configuration.covarianceType.rawValue) } ?? "null")),
            ("covariances", .text(gmm.map { JSONText.nested($0.covariances.nestedValue) } ?? "null")),
            ("labels", .labels),
            ("row_indices", .rowIndices),
            ("dropped_rows", .text(JSONText.array(data.dataset.dropped.map(\.rowIndex)))),
            ("features", .text("[" + data.dataset.featureNames.map(JSONText.string).joined(separator: ",") + "]")),
            ("standardize", .text(data.standardized ? "true" : "false")),
            ("scaler", .text(JSONText.object([("mean", JSONText.array(data.scaler.mean)),
                                              ("scale", JSONText.array(data.scaler.scale))]))),
            ("beta", .text(JSONText.number(settings.beta))),
            ("init", .text(JSONText.string(initDescription))),
            ("seed", .text(String(settings.seed))),
            ("tol", .text(JSONText.number(settings.effectiveTolerance))),
            ("max_iter", .text(String(settings.effectiveMaxIterations))),
        ]
        // Written only when asked, so output without --normalize or --beta auto stays as it was.
        if betaAuto { pairs.append(("beta_auto", .text("true"))) }
        // Only for a method fitted with m (fuzzy c-means): its m, and Bezdek's indices of its memberships.
        if settings.method.fitsWithFuzziness { pairs.append(("fuzziness", .text(JSONText.number(settings.fuzziness)))) }
        if let u = model.fuzzyPartition {
            pairs.append(("partition_coefficient", .text(JSONText.number(FuzzyPartition.coefficient(u)))))
            pairs.append(("partition_entropy", .text(JSONText.number(FuzzyPartition.entropy(u)))))
        }
        if data.normalization != .none {
            pairs.append(("normalize", .text(JSONText.string(data.normalization.rawValue))))
        }
        if let codes = data.dataset.labelCodes {
            pairs.append(("ari", .text(JSONText.number(adjustedRandIndex(codes, labels)))))
        }
        // `JSONText.object(pairs, indent: true) + "\n"`, written as it goes.
        var out = ByteBuffer(capacity: 1 << 12)
        out.append("{\n  ")
        for (i, (key, value)) in pairs.enumerated() {
            if i > 0 { out.append(",\n  ") }
            out.append(JSONText.string(key))
            out.append(": ")
            switch value {
            case .text(let text):
                out.append(text)
            case .labels:
                try out.withBytes(emit)
                out.removeAll()
                try labels.withUnsafeBufferPointer { l in
                    try Self.writeIntegerArray(count: l.count, rowsPerChunk: rowsPerChunk, { Int(l[$0]) }, emit)
                }
            case .rowIndices:
                try out.withBytes(emit)
                out.removeAll()
                try data.dataset.rowIndices.withUnsafeBufferPointer { r in
                    try Self.writeIntegerArray(count: r.count, rowsPerChunk: rowsPerChunk, { r[$0] }, emit)
                }
            }
        }
        out.append("\n}\n")
        try out.withBytes(emit)
    }

    /// A value of the JSON object: text already, or a per-row array written in chunks.
    private enum JSONValue {
        case text(String)
        case labels
        case rowIndices
    }

    /// `JSONText.array` of `count` integers (`[a,b,…]`), formatted in parallel chunks in order.
    private static func writeIntegerArray(count: Int, rowsPerChunk: Int, _ value: (Int) -> Int,
                                          _ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let open: [UInt8] = [UInt8(ascii: "[")], close: [UInt8] = [UInt8(ascii: "]")]
        try open.withUnsafeBytes(emit)
        try ChunkedRows.write(rows: count, rowsPerChunk: max(1, rowsPerChunk), format: { rows, out in
            // Row indices mostly count up by one and labels are mostly one digit: the next index's
            // text is the previous one's incremented in place (no division per digit).
            var text: [UInt8] = []
            var previous = -2
            for i in rows {
                if i > 0 { out.append(byte: UInt8(ascii: ",")) }
                let v = value(i)
                if v >= 0 && v < 10 {
                    out.append(byte: UInt8(ascii: "0") + UInt8(v))
                } else if v == previous &+ 1 && v > 10 {
                    var k = text.count - 1
                    while k >= 0 && text[k] == UInt8(ascii: "9") { text[k] = UInt8(ascii: "0"); k -= 1 }
                    if k >= 0 { text[k] += 1 } else { text.insert(UInt8(ascii: "1"), at: 0) }
                    text.withUnsafeBytes { out.append(bytes: $0) }
                } else {
                    text = Array(String(v).utf8)
                    out.append(v)
                }
                previous = v
            }
        }, emit: emit)
        try close.withUnsafeBytes(emit)
    }
}

/// A CSV field, quoted when it holds a delimiter, quote or line break (RFC 4180).
public func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

import Foundation
