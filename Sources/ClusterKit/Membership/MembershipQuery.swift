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
        if method.isGaussianMixture, let m = mixture {
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
    ///
    /// The distances are computed once and shared by the distance-based rules (the same formulas
    /// `values(_:for:)` applies to the same distances, so the same bits).
    public func answer(for point: [Double], rules: [MembershipRule]) -> MembershipAnswer {
        let d = distances(of: point)
        var cluster = 0
        if method.isGaussianMixture && mixture != nil {
            cluster = hardCluster(of: point)
        } else {
            for j in d.indices.dropFirst() where d[j] < d[cluster] { cluster = j }
        }
        return MembershipAnswer(distances: d, cluster: cluster, rules: rules.map { rule in
            switch rule {
            case .softmax: return .init(rule: rule, values: MembershipFormulas.softmax(distances: d, beta: beta))
            case .linear: return .init(rule: rule, values: MembershipFormulas.linear(distances: d, ranges: linearRanges))
            case .fuzzy: return .init(rule: rule, values: MembershipFormulas.fuzzy(distances: d, fuzziness: fuzziness))
            default: return .init(rule: rule, values: values(rule, for: point))
            }
        })
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
        var out = ByteBuffer()
        out.append(Self.csvHeader(k: k))
        for (q, query) in queries.enumerated() { Self.appendCSV(query, number: q, k: k, to: &out) }
        return out.text
    }

    /// `query,source,rule,cluster,v_0,…,v_{k-1}` and a line break.
    public static func csvHeader(k: Int) -> String {
        (["query", "source", "rule", "cluster"] + (0..<k).map { "v_\($0)" }).joined(separator: ",") + "\n"
    }

    /// The CSV lines of query number `number`: its distances, then one line per rule.
    public static func appendCSV(_ query: Query, number: Int, k: Int, to out: inout ByteBuffer) {
        let comma = UInt8(ascii: ","), cluster = query.answer.cluster
        let source = csvField(query.source)
        func head(_ rule: String) {
            out.append(number); out.append(byte: comma)
            out.append(source); out.append(byte: comma)
            out.append(rule); out.append(byte: comma)
            out.append(cluster)
        }
        head("distance")
        for v in query.answer.distances { out.append(byte: comma); out.append(v) }
        out.append(byte: 10)
        for r in query.answer.rules {
            head(r.rule.rawValue)
            if let values = r.values {
                for v in values { out.append(byte: comma); out.append(v) }
            } else {
                for _ in 0..<k { out.append(byte: comma) }
            }
            out.append(byte: 10)
        }
    }

    public func json() -> String {
        let objects = queries.enumerated().map { q, query in Self.jsonObject(query, number: q) }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    /// One query as the JSON array's element (indented, no separator).
    public static func jsonObject(_ query: Query, number q: Int) -> String {
        var pairs: [(String, String)] = [
            ("query", String(q)), ("source", JSONText.string(query.source)),
            ("point", JSONText.array(query.rawPoint)), ("distances", JSONText.array(query.answer.distances)),
            ("cluster", String(query.answer.cluster)),
        ]
        for r in query.answer.rules { pairs.append((r.rule.rawValue, r.values.map(JSONText.array) ?? "null")) }
        return "  " + JSONText.object(pairs)
    }
}
