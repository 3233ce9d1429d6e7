/// The results of a fit, formatted as `clusterview fit` prints them (the stable CSV/JSON contract).
public struct FitReport: Sendable {
    public let data: PreparedData
    public let model: ClusterModel
    public let settings: ModelSettings
    public let context: MembershipContext
    /// The init as the user wrote it (`rows:` with file row indices).
    public let initDescription: String

    public init(data: PreparedData, model: ClusterModel, settings: ModelSettings, bootstrap: Bootstrap? = nil,
                initDescription: String? = nil) {
        self.initDescription = initDescription ?? settings.initMethod.description
        self.data = data
        self.model = model
        self.settings = settings
        self.context = MembershipContext(data: data, model: model, settings: settings, bootstrap: bootstrap)
    }

    /// `row,cluster,p_0…,d_0…` and then, per extra rule, `<rule>_0…`: one line per kept row.
    /// `p` is the method's own membership (k-means: softmax with β; soft: its responsibilities;
    /// GMM: its responsibilities); `d` the Euclidean distances in the clustering space.
    public func csv(extraRules: [MembershipRule] = [], includeLabel: Bool = false) -> String {
        let k = model.k
        var header = ["row", "cluster"] + (0..<k).map { "p_\($0)" } + (0..<k).map { "d_\($0)" }
        for rule in extraRules { header += (0..<k).map { "\(rule.rawValue)_\($0)" } }
        if includeLabel, let name = data.dataset.labelName { header.append(csvField(name)) }
        var lines = [header.joined(separator: ",")]
        lines.reserveCapacity(data.matrix.rows + 1)
        let own = ownMembership()
        for i in 0..<data.matrix.rows {
            let point = data.matrix.row(i)
            var fields = [String(data.dataset.rowIndices[i]), String(model.labels[i])]
            fields += own[(i * k)..<((i + 1) * k)].map { "\($0)" }
            fields += context.distances(of: point).map { "\($0)" }
            for rule in extraRules {
                fields += (context.values(rule, for: point) ?? Array(repeating: .nan, count: k)).map { $0.isNaN ? "" : "\($0)" }
            }
            if includeLabel, data.dataset.labelName != nil { fields.append(csvField(data.dataset.label(of: i) ?? "")) }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Own memberships of every row (n × k); for GMM the fit's own responsibilities.
    public func ownMembership() -> [Double] {
        if case .gmm(let g) = model { return g.responsibilities() }
        return (0..<data.matrix.rows).flatMap { context.ownMembership(of: data.matrix.row($0)) }
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
