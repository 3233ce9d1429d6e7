/// What a model says about one point: its distance to every centroid, its hard cluster, and the
/// k values of each chosen rule (in the order asked; nil where the rule has nothing to say, e.g.
/// `bootstrap` not computed).
public struct MembershipAnswer: Sendable, Equatable {
    public struct RuleValues: Sendable, Equatable {
        public var rule: MembershipRule
        public var values: [Double]?
    }

    public var distances: [Double]
    public var cluster: Int
    public var rules: [RuleValues]

    public func values(_ rule: MembershipRule) -> [Double]? {
        rules.first { $0.rule == rule }?.values ?? nil
    }
}

extension MembershipContext {
    /// The hard cluster of `point` (clustering space): the most probable component for GMM
    /// (first of ties, as the E-step's labels), else the nearest centroid (lowest index of ties).
    public func hardCluster(of point: [Double]) -> Int {
        if method == .gmm, let m = mixture {
            let lp = m.weightedLogProbabilities(of: point)
            if densityFloor > 0 { return DensityFloor.hardCluster(weightedLogDensities: lp, floor: densityFloor) }
            var best = 0
            for j in lp.indices.dropFirst() where lp[j] > lp[best] { best = j }
            return best
        }
        let d = distances(of: point)
        var best = 0
        for j in d.indices.dropFirst() where d[j] < d[best] { best = j }
        return best
    }

    /// Distances, hard cluster and every rule in `rules` for one point in the clustering space.
    public func answer(for point: [Double], rules: [MembershipRule]) -> MembershipAnswer {
        MembershipAnswer(distances: distances(of: point), cluster: hardCluster(of: point),
                         rules: rules.map { .init(rule: $0, values: values($0, for: point)) })
    }
}

/// The answers to a list of queries, formatted as `clusterview membership` prints them.
///
/// CSV: header `query,source,rule,cluster,v_0,…,v_{k-1}`; per query one line with rule `distance`
/// (the Euclidean distances to the centroids in the clustering space) and then one line per chosen
/// rule; `query` counts queries from 0; `source` says where the point came from; a rule with no
/// answer has empty values. JSON: an array with one object per query holding `query`, `source`,
/// `point` (as given, in the file's units), `distances`, `cluster` and one array per rule keyed by
/// the rule's name (`null` when it has no answer).
public struct MembershipReport: Sendable, Equatable {
    public struct Query: Sendable, Equatable {
        /// Where the point came from, e.g. `--point 2`, `new.csv:7`, `row 12`.
        public var source: String
        /// The point in the data file's own units.
        public var rawPoint: [Double]
        public var answer: MembershipAnswer

        public init(source: String, rawPoint: [Double], answer: MembershipAnswer) {
            self.source = source
            self.rawPoint = rawPoint
            self.answer = answer
        }
    }

    public var k: Int
    public var rules: [MembershipRule]
    public var queries: [Query]

    public init(k: Int, rules: [MembershipRule], queries: [Query]) {
        self.k = k
        self.rules = rules
        self.queries = queries
    }

    public func csv() -> String {
        var lines = [(["query", "source", "rule", "cluster"] + (0..<k).map { "v_\($0)" }).joined(separator: ",")]
        for (q, query) in queries.enumerated() {
            let head = [String(q), csvField(query.source)]
            let cluster = String(query.answer.cluster)
            lines.append((head + ["distance", cluster] + query.answer.distances.map { "\($0)" }).joined(separator: ","))
            for r in query.answer.rules {
                let values = r.values?.map { "\($0)" } ?? Array(repeating: "", count: k)
                lines.append((head + [r.rule.rawValue, cluster] + values).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() -> String {
        let objects = queries.enumerated().map { q, query -> String in
            var pairs: [(String, String)] = [
                ("query", String(q)), ("source", JSONText.string(query.source)),
                ("point", JSONText.array(query.rawPoint)), ("distances", JSONText.array(query.answer.distances)),
                ("cluster", String(query.answer.cluster)),
            ]
            for r in query.answer.rules { pairs.append((r.rule.rawValue, r.values.map(JSONText.array) ?? "null")) }
            return "  " + JSONText.object(pairs)
        }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }
}
