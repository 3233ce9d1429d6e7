import Foundation

extension SavedModel {
    /// The model as a JSON document (format `clusterview-model/1`), ending with a line break.
    ///
    /// One top-level key a line, in the documented order, each value compact in the `.encoder`
    /// dialect of the JSON writer (as `JSONEncoder` first wrote these files; doubles in shortest
    /// round-trip form): readable, diff-friendly, and read back bit for bit.
    public func json() -> String {
        func numbers(_ v: [Double]) -> JSONValue { .array(v.map(JSONValue.number)) }
        func numbers(_ m: Matrix) -> JSONValue { .array((0..<m.rows).map { numbers(m.row($0)) }) }
        func numbers(_ c: Covariances) -> JSONValue {
            switch c {
            case .full(let ms): return .array(ms.map(numbers))
            case .tied(let m), .diag(let m): return numbers(m)
            case .spherical(let v): return numbers(v)
            }
        }
        func string(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        func int(_ i: Int) -> JSONValue { .number(Double(i)) }
        var pairs: [(String, JSONValue)] = [
            ("format", .string(Self.formatTag)),
            ("columns", .array(columns.map(JSONValue.string))),
            ("label", string(label)),
            ("source", string(source)),
            ("n_samples", int(sampleCount)),
            ("standardize", .bool(standardized)),
            ("scaler", .object([("mean", numbers(scaler.mean)), ("scale", numbers(scaler.scale))])),
            ("method", .string(method.rawValue)),
            ("k", int(k)),
            ("beta", .number(beta)),
            ("fuzziness", .number(fuzziness)),
            ("iteration", int(iteration)),
            ("converged", .bool(converged)),
            ("inertia", inertia.map(JSONValue.number) ?? .null),
            ("centroids", numbers(centroids)),
            ("weights", numbers(weights)),
            ("covariance_type", .string(covarianceType.rawValue)),
        ]
        if method.isGaussianMixture {
            pairs.append(("covariances", mixture.map { numbers($0.covariances) } ?? .null))
            pairs.append(("mixture", .null))
        } else {
            pairs.append(("covariances", .null))
            pairs.append(("mixture", mixture.map { m in
                .object([("covariances", numbers(m.covariances)), ("means", numbers(m.means)), ("weights", numbers(m.weights))])
            } ?? .null))
        }
        pairs += [
            ("linear_ranges", .array(linearRanges.map { numbers([$0.lowerBound, $0.upperBound]) })),
            ("options", .object([
                ("init", .string(options.initDescription)), ("max_iter", int(options.maxIterations)),
                ("reg_covar", .number(options.regCovar)), ("seed", int(Int(options.seed))), ("tol", .number(options.tolerance)),
            ])),
            ("bootstrap", bootstrap.map { b in
                .object([("centroid_sets", .array(b.matchedCentroids.map(numbers))), ("runs", int(b.runs)),
                         ("seed", int(Int(options.seed)))])
            } ?? .null),
        ]
        if densityFloor > 0 { pairs.append(("density_floor", .number(densityFloor))) }
        if normalization != .none { pairs.append(("normalize", .string(normalization.rawValue))) }
        var json = JSONDocument(dialect: .encoder)
        for (key, value) in pairs { json.field(key); json.out.appendJSON(value, .encoder) }
        json.finish()
        return json.out.text
    }

    /// Reads a saved model. `source` names the file in messages.
    ///
    /// Refuses, with a one-line `SavedModelError`: text that is not JSON, a document without the
    /// `format` tag or with another version, a missing key, a wrong shape (e.g. centroids that are
    /// not k × D), a non-finite or out-of-range number, and covariances that are not symmetric
    /// positive definite. Unknown extra keys are ignored (later minor additions stay readable).
    ///
    /// Also refused, as a model from a stranger might hold them: a document larger than its
    /// declared shape can take (`sizeProblem(bytes:shape:)`, before parsing), scales that are zero,
    /// subnormal or not finite (z-scores would overflow), weights that are all zero or do not sum
    /// to 1, and centroids, means or variances too large for distances to stay finite
    /// (`ValueRange.limit`).
    public init(json bytes: [UInt8], source: String) throws {
        if let problem = bytes.withUnsafeBytes({ b in Self.sizeProblem(bytes: b.count) { Self.declaredShape(of: b) } }) {
            throw SavedModelError(source: source, problem)
        }
        let root: JSONValue
        do {
            root = try JSONValue.parse(bytes)
        } catch let error as JSONSyntaxError {
            throw SavedModelError(source: source, "damaged model: not valid JSON (line \(error.line), column \(error.column): \(error.message))")
        }
        guard case .object = root else { throw SavedModelError(source: source, "not a clusterview model (not a JSON object)") }
        guard let formatValue = root["format"] else {
            throw SavedModelError(source: source, "not a clusterview model (no \"format\" key)")
        }
        guard case .string(let format) = formatValue else {
            throw SavedModelError(source: source, "damaged model: \"format\" must be a string")
        }
        guard format == Self.formatTag else {
            if format.hasPrefix("clusterview-model/") {
                throw SavedModelError(source: source, "model format '\(format)' is not supported; this clusterview reads \(Self.formatTag)")
            }
            throw SavedModelError(source: source, "not a clusterview model (format '\(format)')")
        }
        let r = ModelReader(source: source)

        let columns = try r.strings(root["columns"], "columns")
        guard !columns.isEmpty else { throw r.damaged("'columns' is empty") }
        guard Set(columns).count == columns.count else { throw r.damaged("'columns' names a column twice") }
        let d = columns.count
        let label = try r.optionalString(root["label"], "label")
        let source = try r.optionalString(root["source"], "source")
        let n = try r.int(root["n_samples"], "n_samples", minimum: 1)
        let standardized = try r.bool(root["standardize"], "standardize")
        let scalerObject = try r.object(root["scaler"], "scaler")
        let scaler = StandardScaler(mean: try r.vector(scalerObject["mean"], "scaler.mean", count: d),
                                    scale: try r.vector(scalerObject["scale"], "scaler.scale", count: d, positive: true))
        for (f, s) in scaler.scale.enumerated() where s < Double.leastNormalMagnitude {
            throw r.damaged("'scaler.scale[\(f)]' is \(s), too small to divide by (at least \(Double.leastNormalMagnitude))")
        }
        let methodName = try r.string(root["method"], "method")
        guard let method = ClusteringMethod(rawValue: methodName) else {
            throw r.damaged("unknown method '\(methodName)' (\(ClusteringMethod.names))")
        }
        let k = try r.int(root["k"], "k", minimum: 1)
        let beta = try r.number(root["beta"], "beta")
        guard beta >= 0 else { throw r.damaged("'beta' must be ≥ 0") }
        let fuzziness = try r.number(root["fuzziness"], "fuzziness")
        guard fuzziness > 1 else { throw r.damaged("'fuzziness' must be greater than 1") }
        let iteration = try r.int(root["iteration"], "iteration", minimum: 0)
        let converged = try r.bool(root["converged"], "converged")
        let inertia: Double? = root["inertia"] == nil || root["inertia"] == .null ? nil : try r.number(root["inertia"], "inertia")
        let limit = ValueRange.limit(rows: n, columns: d)
        let centroids = try r.matrix(root["centroids"], "centroids", rows: k, columns: d, limit: limit)
        let weights = try r.weights(root["weights"], "weights", count: k)
        let typeName = try r.string(root["covariance_type"], "covariance_type")
        guard let covarianceType = CovarianceType(rawValue: typeName) else {
            throw r.damaged("unknown covariance_type '\(typeName)' (full, tied, diag, spherical)")
        }

        let mixture: Mixture?
        if method.isGaussianMixture {
            let c = try r.covariances(root["covariances"], "covariances", type: covarianceType, k: k, d: d, limit: limit * limit)
            mixture = Mixture(weights: weights, means: centroids, covariances: c)
        } else if let m = root["mixture"], m != .null {
            let o = try r.object(m, "mixture")
            mixture = Mixture(weights: try r.weights(o["weights"], "mixture.weights", count: k),
                              means: try r.matrix(o["means"], "mixture.means", rows: k, columns: d, limit: limit),
                              covariances: try r.covariances(o["covariances"], "mixture.covariances", type: covarianceType,
                                                             k: k, d: d, limit: limit * limit))
        } else {
            mixture = nil
        }

        let ranges = try r.array(root["linear_ranges"], "linear_ranges")
        guard ranges.count == k else { throw r.damaged("'linear_ranges' must hold k = \(k) pairs, not \(ranges.count)") }
        let linearRanges = try ranges.enumerated().map { j, pair -> ClosedRange<Double> in
            let v = try r.vector(pair, "linear_ranges[\(j)]", count: 2, nonNegative: true)
            guard v[0] <= v[1] else { throw r.damaged("'linear_ranges[\(j)]' must be [min, max] with min ≤ max") }
            return v[0]...v[1]
        }

        let o = try r.object(root["options"], "options")
        let options = Options(
            initDescription: try r.string(o["init"], "options.init"),
            seed: UInt32(try r.int(o["seed"], "options.seed", minimum: 0, maximum: Int(UInt32.max))),
            maxIterations: try r.int(o["max_iter"], "options.max_iter", minimum: 0),
            tolerance: try r.number(o["tol"], "options.tol", nonNegative: true),
            regCovar: try r.number(o["reg_covar"], "options.reg_covar", nonNegative: true))

        var bootstrap: Bootstrap?
        if let b = root["bootstrap"], b != .null {
            let bo = try r.object(b, "bootstrap")
            let sets = try r.array(bo["centroid_sets"], "bootstrap.centroid_sets")
            guard !sets.isEmpty else { throw r.damaged("'bootstrap.centroid_sets' is empty") }
            if let runs = bo["runs"], runs != .null {
                let count = try r.int(runs, "bootstrap.runs", minimum: 1)
                guard count == sets.count else {
                    throw r.damaged("'bootstrap.runs' is \(count) but 'bootstrap.centroid_sets' holds \(sets.count) sets")
                }
            }
            bootstrap = Bootstrap(matchedCentroids: try sets.enumerated().map { i, set in
                try r.matrix(set, "bootstrap.centroid_sets[\(i)]", rows: k, columns: d, limit: limit)
            })
        }

        self.init(columns: columns, label: label, source: source, sampleCount: n, standardized: standardized,
                  scaler: scaler, method: method, beta: beta, fuzziness: fuzziness, iteration: iteration,
                  converged: converged, centroids: centroids, weights: weights, covarianceType: covarianceType,
                  mixture: mixture, linearRanges: linearRanges, options: options, bootstrap: bootstrap, inertia: inertia)
        if let floor = root["density_floor"], floor != .null {
            densityFloor = try r.number(floor, "density_floor", nonNegative: true)
            guard densityFloor == 0 || method.isGaussianMixture else { throw r.damaged("'density_floor' is for GMM models only") }
        }
        if let value = root["normalize"], value != .null {
            let name = try r.string(value, "normalize")
            guard let normalization = RowNormalization(rawValue: name) else {
                throw r.damaged("unknown normalize '\(name)' (none, l2)")
            }
            self.normalization = normalization
        }
        do {
            _ = try gaussianMixture()
        } catch {
            let which = method.isGaussianMixture ? "covariances" : "mixture.covariances"
            throw r.damaged("'\(which)' are not positive definite")
        }
    }

    /// Reads a saved model from its text.
    public init(json text: String, source: String) throws { try self.init(json: Array(text.utf8), source: source) }
}

/// Typed reads of a model document with messages that name the key and the expected shape.
private struct ModelReader {
    let source: String

    func damaged(_ message: String) -> SavedModelError { SavedModelError(source: source, "damaged model: \(message)") }

    func present(_ v: JSONValue?, _ path: String) throws -> JSONValue {
        guard let v else { throw damaged("the key '\(path)' is missing") }
        return v
    }

    func object(_ v: JSONValue?, _ path: String) throws -> JSONValue {
        let v = try present(v, path)
        guard case .object = v else { throw damaged("'\(path)' must be an object") }
        return v
    }

    func array(_ v: JSONValue?, _ path: String) throws -> [JSONValue] {
        guard case .array(let items) = try present(v, path) else { throw damaged("'\(path)' must be an array") }
        return items
    }

    func string(_ v: JSONValue?, _ path: String) throws -> String {
        guard case .string(let s) = try present(v, path) else { throw damaged("'\(path)' must be a string") }
        return s
    }

    func optionalString(_ v: JSONValue?, _ path: String) throws -> String? {
        guard let v, v != .null else { return nil }
        return try string(v, path)
    }

    func strings(_ v: JSONValue?, _ path: String) throws -> [String] {
        try array(v, path).enumerated().map { try string($1, "\(path)[\($0)]") }
    }

    func bool(_ v: JSONValue?, _ path: String) throws -> Bool {
        guard case .bool(let b) = try present(v, path) else { throw damaged("'\(path)' must be true or false") }
        return b
    }

    func number(_ v: JSONValue?, _ path: String, nonNegative: Bool = false) throws -> Double {
        let v = try present(v, path)
        guard case .number(let x) = v else {
            throw damaged(v == .null ? "'\(path)' is null, not a finite number" : "'\(path)' must be a number")
        }
        guard x.isFinite else { throw damaged("'\(path)' is not a finite number") }
        if nonNegative && x < 0 { throw damaged("'\(path)' must be ≥ 0") }
        return x
    }

    func int(_ v: JSONValue?, _ path: String, minimum: Int, maximum: Int = Int(Int32.max)) throws -> Int {
        let x = try number(v, path)
        guard x == x.rounded(), x >= Double(minimum), x <= Double(maximum) else {
            throw damaged("'\(path)' must be a whole number from \(minimum) to \(maximum)")
        }
        return Int(x)
    }

    func vector(_ v: JSONValue?, _ path: String, count: Int, nonNegative: Bool = false, positive: Bool = false) throws -> [Double] {
        let items = try array(v, path)
        guard items.count == count else { throw damaged("'\(path)' must hold \(count) numbers, not \(items.count)") }
        return try items.enumerated().map { i, item in
            let x = try number(item, "\(path)[\(i)]", nonNegative: nonNegative)
            if positive && !(x > 0) { throw damaged("'\(path)[\(i)]' must be > 0") }
            return x
        }
    }

    /// k weights ≥ 0 summing to 1 (within 1e-6, as a fitted model's shares and mixture weights do).
    func weights(_ v: JSONValue?, _ path: String, count: Int) throws -> [Double] {
        let w = try vector(v, path, count: count, nonNegative: true)
        let sum = w.reduce(0, +)
        guard sum > 0 else { throw damaged("'\(path)' are all zero") }
        guard abs(sum - 1) <= 1e-6 else { throw damaged("'\(path)' sum to \(sum), not 1") }
        return w
    }

    func matrix(_ v: JSONValue?, _ path: String, rows: Int, columns: Int, limit: Double = .infinity) throws -> Matrix {
        let items = try array(v, path)
        guard items.count == rows else { throw damaged("'\(path)' must be \(rows) × \(columns) numbers, not \(items.count) rows") }
        var values: [Double] = []
        values.reserveCapacity(rows * columns)
        for (i, row) in items.enumerated() {
            guard case .array(let cells) = row, cells.count == columns else {
                throw damaged("'\(path)' must be \(rows) × \(columns) numbers (row \(i) is not \(columns) numbers)")
            }
            for (j, cell) in cells.enumerated() {
                // The common case without building the cell's name (millions of cells in a wide model).
                if case .number(let x) = cell, x.isFinite, abs(x) <= limit { values.append(x); continue }
                let x = try number(cell, "\(path)[\(i)][\(j)]")
                guard abs(x) <= limit else {
                    throw damaged("'\(path)[\(i)][\(j)]' is \(x), too large for distances to stay finite (at most \(ValueRange.short(limit)))")
                }
                values.append(x)
            }
        }
        return Matrix(rows: rows, columns: columns, values: values)
    }

    /// Covariances in scikit-learn's shapes; matrices must be symmetric and variances positive
    /// (positive definiteness is checked when the mixture is rebuilt).
    func covariances(_ v: JSONValue?, _ path: String, type: CovarianceType, k: Int, d: Int, limit: Double) throws -> Covariances {
        func symmetric(_ m: Matrix, _ where_: String) throws -> Matrix {
            for a in 0..<d {
                guard m[a, a] > 0 else { throw damaged("'\(where_)' has a variance ≤ 0 on its diagonal") }
                for b in 0..<a {
                    let scale = max(abs(m[a, b]), (m[a, a] * m[b, b]).squareRoot())
                    guard abs(m[a, b] - m[b, a]) <= 1e-9 * scale else { throw damaged("'\(where_)' is not symmetric") }
                }
            }
            return m
        }
        switch type {
        case .full:
            let items = try array(v, path)
            guard items.count == k else { throw damaged("'\(path)' must be k × D × D = \(k) × \(d) × \(d) numbers, not \(items.count) matrices") }
            return .full(try items.enumerated().map { j, item in
                try symmetric(try matrix(item, "\(path)[\(j)]", rows: d, columns: d, limit: limit), "\(path)[\(j)]")
            })
        case .tied:
            return .tied(try symmetric(try matrix(v, path, rows: d, columns: d, limit: limit), path))
        case .diag:
            let m = try matrix(v, path, rows: k, columns: d, limit: limit)
            guard m.values.allSatisfy({ $0 > 0 }) else { throw damaged("'\(path)' must hold variances > 0") }
            return .diag(m)
        case .spherical:
            let s = try vector(v, path, count: k, positive: true)
            if let big = s.firstIndex(where: { $0 > limit }) {
                throw damaged("'\(path)[\(big)]' is \(s[big]), too large for distances to stay finite")
            }
            return .spherical(s)
        }
    }
}
