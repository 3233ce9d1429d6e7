import Foundation

/// Model quality against k, for choosing k: one fit per k with the same settings.
///
/// Per k: the configured method is fitted to convergence (its inertia, silhouette and ARI), and a
/// Gaussian mixture with the same covariance type, init method and seed (and the mixture's default
/// tolerance and iteration limit unless they are given) is fitted for the mean log-likelihood, BIC
/// and AIC (for `--method gmm` that is the model itself). With a seed and
/// k-means++ or random init, each fit is scikit-learn's for `random_state=seed`, so the BIC/AIC
/// equal `GaussianMixture(n_components=k, random_state=seed).fit(X).bic(X)`.
///
/// For a method whose memberships are its own fuzzy partition (fuzzy c-means), each k also gets
/// Bezdek's partition coefficient and partition entropy of those memberships (`FuzzyPartition`),
/// as columns that appear only then: the other methods' outputs stay as they were, and their
/// soft memberships are not what their fit optimised (k-means' softmax depends on an arbitrary β).
///
/// Marks: `elbowK` is the k where the inertia curve bends most, the largest drop in slope
/// (I(k_{i−1}) − I(k_i))/(k_i − k_{i−1}) − (I(k_i) − I(k_{i+1}))/(k_{i+1} − k_i) over interior ks
/// (for an evenly spaced range, the largest second difference divided by the step); it needs three
/// ks. `bestBICK` is the k of the lowest BIC. Ties go to the smaller k.
public struct Sweep: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var k: Int
        /// Σ squared distance of each row to its cluster's centroid (GMM: its component's mean).
        public var inertia: Double
        public var iterations: Int
        public var converged: Bool
        /// The mixture's mean log-likelihood per row (scikit-learn's `score`); nil if EM failed.
        public var meanLogLikelihood: Double?
        public var bic: Double?
        public var aic: Double?
        /// Mean silhouette of the hard labels (nil when undefined: fewer than 2 clusters in use).
        public var silhouette: Double?
        /// Adjusted Rand index of the hard labels against the file's labels, when it has them.
        public var ari: Double?
        /// Why the mixture has no numbers at this k (e.g. a collapsed component).
        public var mixtureFailure: String?
        /// Bezdek's partition coefficient and entropy of the model's fuzzy partition (nil when it has none).
        public var partitionCoefficient: Double?
        public var partitionEntropy: Double?
    }

    /// Where a running sweep is; the callback's answer decides whether it goes on.
    public struct Progress: Sendable, Equatable {
        /// ks finished so far, out of `total`.
        public var completed: Int
        public var total: Int
        /// The k being fitted and its iteration (nil between ks).
        public var k: Int
        public var iteration: Int?
    }

    public var points: [Point]
    public var elbowK: Int?
    public var bestBICK: Int?

    public init(points: [Point]) {
        self.points = points
        elbowK = Sweep.elbow(points)
        var best: Point?
        for p in points { if let b = p.bic, b < (best?.bic ?? .infinity) { best = p } }
        bestBICK = best?.k
    }

    /// Fits every k in `ks` (in that order) with `settings` (its `k` is ignored). `truth` gives the
    /// label code of each row (−1 missing) for ARI. `silhouetteSampleLimit`: full silhouette up to
    /// that many rows, a seeded sample above. `progress` is called before every iteration and after
    /// each k; returning false cancels and `run` returns nil. Throws when a k cannot be fitted
    /// (e.g. more clusters than rows, or `rows:` init).
    public static func run(data: Matrix, settings: ModelSettings, ks: [Int], truth: [Int]? = nil,
                           silhouetteSampleLimit: Int = 10_000,
                           progress: (Progress) -> Bool = { _ in true }) throws -> Sweep? {
        if case .rows = settings.initMethod, Set(ks).count > 1 {
            throw ModelError("--init rows: fixes one k; a sweep over several ks needs k-means++ or random")
        }
        var points: [Point] = []
        for (i, k) in ks.enumerated() {
            var s = settings
            s.k = k
            guard progress(Progress(completed: i, total: ks.count, k: k, iteration: 0)) else { return nil }
            let fitted: ClusterModel?
            do {
                fitted = try ClusterModel.fitted(data, s) { state in
                    progress(Progress(completed: i, total: ks.count, k: k, iteration: state.iteration))
                }
            } catch {
                throw ModelError("k = \(k): \(error)")
            }
            guard let model = fitted else { return nil }
            var point = Point(k: k, inertia: model.inertia, iterations: model.iteration, converged: model.converged)
            do {
                let mixture: GaussianMixture
                if let g = model.gaussianMixture {
                    mixture = g
                } else {
                    // The mixture's own defaults (tol 1e-3, 100 iterations) unless given explicitly.
                    var g = s
                    g.method = GaussianMixture.method
                    mixture = try GaussianMixture(data: data, configuration: g.gmmConfiguration).run()
                }
                point.meanLogLikelihood = mixture.meanLogLikelihood
                point.bic = mixture.bic
                point.aic = mixture.aic
            } catch {
                point.mixtureFailure = "\(error)"
            }
            point.silhouette = silhouetteScore(data, labels: model.labels, sampleLimit: silhouetteSampleLimit, seed: s.seed)
            if let truth { point.ari = adjustedRandIndex(truth, model.labels.map(Int.init)) }
            if let u = model.fuzzyPartition {
                point.partitionCoefficient = FuzzyPartition.coefficient(u)
                point.partitionEntropy = FuzzyPartition.entropy(u)
            }
            points.append(point)
            guard progress(Progress(completed: i + 1, total: ks.count, k: k, iteration: nil)) else { return nil }
        }
        return Sweep(points: points)
    }

    static func elbow(_ points: [Point]) -> Int? {
        guard points.count >= 3 else { return nil }
        var best: (bend: Double, k: Int)?
        for i in 1..<(points.count - 1) {
            let a = points[i - 1], b = points[i], c = points[i + 1]
            let before = (a.inertia - b.inertia) / Double(b.k - a.k)
            let after = (b.inertia - c.inertia) / Double(c.k - b.k)
            let bend = before - after
            if bend.isFinite, bend > (best?.bend ?? -.infinity) { best = (bend, b.k) }
        }
        return best?.k
    }

    /// Whether the fuzzy partition's columns are written (fuzzy c-means).
    var hasFuzzyPartition: Bool { points.contains { $0.partitionCoefficient != nil } }

    /// CSV: `k,inertia,mean_log_likelihood,bic,aic,silhouette,ari,n_iter,converged,mark` (empty where
    /// undefined; `mark` is `elbow`, `best_bic` or `elbow best_bic`), with
    /// `partition_coefficient,partition_entropy` after `ari` for a fuzzy partition.
    public func csv() -> String {
        let fuzzy = hasFuzzyPartition
        var lines = ["k,inertia,mean_log_likelihood,bic,aic,silhouette,ari,"
                     + (fuzzy ? "partition_coefficient,partition_entropy," : "") + "n_iter,converged,mark"]
        for p in points {
            var fields = [String(p.k), "\(p.inertia)", opt(p.meanLogLikelihood), opt(p.bic), opt(p.aic),
                          opt(p.silhouette), opt(p.ari)]
            if fuzzy { fields += [opt(p.partitionCoefficient), opt(p.partitionEntropy)] }
            fields += [String(p.iterations), p.converged ? "true" : "false", marks(p.k)]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// JSON: `{"points": [{k, inertia, mean_log_likelihood, bic, aic, silhouette, ari, n_iter, converged}…],
    /// "elbow_k", "best_bic_k"}` with `null` where undefined; `partition_coefficient` and
    /// `partition_entropy` after `ari` for a fuzzy partition.
    public func json() -> String {
        let fuzzy = hasFuzzyPartition
        let rows = points.map { p in
            var pairs = [
                ("k", String(p.k)), ("inertia", JSONText.number(p.inertia)),
                ("mean_log_likelihood", p.meanLogLikelihood.map(JSONText.number) ?? "null"),
                ("bic", p.bic.map(JSONText.number) ?? "null"), ("aic", p.aic.map(JSONText.number) ?? "null"),
                ("silhouette", p.silhouette.map(JSONText.number) ?? "null"),
                ("ari", p.ari.map(JSONText.number) ?? "null"),
            ]
            if fuzzy {
                pairs += [("partition_coefficient", p.partitionCoefficient.map(JSONText.number) ?? "null"),
                          ("partition_entropy", p.partitionEntropy.map(JSONText.number) ?? "null")]
            }
            pairs += [("n_iter", String(p.iterations)), ("converged", p.converged ? "true" : "false")]
            return "    " + JSONText.object(pairs)
        }
        return "{\n  \"points\": [\n" + rows.joined(separator: ",\n") + "\n  ],\n"
            + "  \"elbow_k\": \(elbowK.map(String.init) ?? "null"),\n"
            + "  \"best_bic_k\": \(bestBICK.map(String.init) ?? "null")\n}\n"
    }

    /// An aligned text table for a terminal, with the marks in the last column.
    public func table() -> String {
        let fuzzy = hasFuzzyPartition
        let header = ["k", "inertia", "loglik", "BIC", "AIC", "silhouette", "ARI"] + (fuzzy ? ["PC", "PE"] : []) + ["iter", ""]
        var rows = [header]
        for p in points {
            rows.append([String(p.k), fmt(p.inertia), fmt(p.meanLogLikelihood), fmt(p.bic), fmt(p.aic),
                         fmt(p.silhouette), fmt(p.ari)]
                        + (fuzzy ? [fmt(p.partitionCoefficient), fmt(p.partitionEntropy)] : [])
                        + [String(p.iterations) + (p.converged ? "" : "*"), tableMarks(p.k)])
        }
        let widths = (0..<header.count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        var out = rows.map { row in
            row.enumerated().map { c, cell in
                c == header.count - 1 ? cell : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ").trimmingTrailingSpaces
        }
        if points.contains(where: { !$0.converged }) { out.append("* did not converge within the iteration limit") }
        if fuzzy { out.append("PC: partition coefficient (1/k to 1, higher is crisper); PE: partition entropy (0 to ln k, lower is crisper)") }
        for p in points where p.mixtureFailure != nil { out.append("k=\(p.k): no mixture: \(p.mixtureFailure!)") }
        return out.joined(separator: "\n") + "\n"
    }

    private func markList(_ k: Int) -> [String] {
        (k == elbowK ? ["elbow"] : []) + (k == bestBICK ? ["best_bic"] : [])
    }

    private func marks(_ k: Int) -> String { markList(k).joined(separator: " ") }

    private func tableMarks(_ k: Int) -> String {
        let m = markList(k).map { $0 == "best_bic" ? "best BIC" : $0 }
        return m.isEmpty ? "" : "<- " + m.joined(separator: ", ")
    }

    private func opt(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }

    private func fmt(_ v: Double?) -> String {
        guard let v else { return "-" }
        if v == 0 { return "0" }
        let magnitude = abs(v)
        if magnitude >= 1e6 || magnitude < 1e-3 { return String(format: "%.4g", v) }
        let decimals = max(0, 4 - Int(floor(log10(magnitude))))
        return String(format: "%.\(min(decimals, 4))f", v)
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self[...]
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
