import Foundation

/// The CSV lines `MembershipReport.appendCSV` writes for query rows, written straight into bytes:
/// the same bytes, without a `MembershipAnswer`, an array or a `String` per row.
///
/// Everything that does not depend on the row is prepared once: the rule names as bytes, the
/// source's quoted prefix (`<stdin>:` or `"a,b.csv:`), the GMM's log weights, the cosine rule's
/// scaled means and their norms. Per row, the distances are computed once and every
/// distance-based rule is derived from them; the GMM's weighted log densities are computed once
/// for both the hard cluster and the `gmm` rule.
///
/// Design note: each formula is the one `MembershipContext.answer(for:rules:)` applies (same
/// operations in the same order on the same numbers), so the doubles have the same bits; the
/// tests compare the bytes with `MembershipReport.appendCSV` on random models and points.
struct MembershipCSVRows: @unchecked Sendable {
    let context: MembershipContext
    let rules: [MembershipRule]
    let k: Int
    let dimension: Int
    let centroids: [Double]
    /// Centroids in z-score units, only when the clustering space is not already standardised.
    let zCentroids: [Double]?
    /// The mixture's parts the E-step reads (held apart: a copy of the whole mixture per row
    /// would retain every one of its arrays).
    let mixtureMeans: Matrix?
    let mixturePrecisions: PrecisionFactors?
    let mixtureColumns: Int
    let logWeights: [Double]
    let scaler: StandardScaler
    let standardized: Bool
    let beta: Double
    let fuzzyExponent: Double
    let densityFloor: Double
    let linearRanges: [ClosedRange<Double>]
    let wantsLogDensities: Bool
    /// The hard cluster is the mixture's most probable component (GMM), not the nearest centroid.
    let clusterFromMixture: Bool
    /// Each centroid divided by the power of two at its largest magnitude, and that vector's norm.
    let cosineMeans: [Double]
    let cosineNorms: [Double]
    /// `,distance,` and `,<rule>,` as bytes: what follows the source on each line.
    let ruleFields: [[UInt8]]
    /// What precedes and follows the line number in the CSV field of `source:line`.
    let sourcePrefix: [UInt8]
    let sourceSuffix: [UInt8]

    init(context: MembershipContext, rules: [MembershipRule], source: String) {
        self.context = context
        self.rules = rules
        k = context.k
        dimension = context.centroids.columns
        centroids = context.centroids.values
        zCentroids = context.standardized ? nil : context.zCentroids.values
        mixtureMeans = context.mixture?.means
        mixturePrecisions = context.mixture?.precisions
        mixtureColumns = context.mixture?.data.columns ?? 0
        scaler = context.scaler
        standardized = context.standardized
        beta = context.beta
        fuzzyExponent = 2 / (context.fuzziness - 1)
        densityFloor = context.densityFloor
        linearRanges = context.linearRanges
        wantsLogDensities = context.mixture != nil && (context.method == .gmm || rules.contains(.gmm))
        logWeights = context.mixture?.weights.map { log($0) } ?? []
        clusterFromMixture = context.method == .gmm && context.mixture != nil
        var means: [Double] = [], norms: [Double] = []
        for j in 0..<context.k {
            let m = MembershipFormulas.scaledByPowerOfTwo(context.centroids.row(j))
            var mn = 0.0
            for f in m.indices { mn += m[f] * m[f] }
            means += m
            norms.append(mn.squareRoot())
        }
        cosineMeans = means
        cosineNorms = norms
        ruleFields = (["distance"] + rules.map(\.rawValue)).map { Array(",\($0),".utf8) }
        // csvField quotes the whole `source:line`; the line's digits never change whether it does.
        let quoted = Array(csvField(source + ":0").utf8)
        if quoted == Array((source + ":0").utf8) {
            sourcePrefix = Array((source + ":").utf8)
            sourceSuffix = []
        } else {
            sourcePrefix = Array(quoted.dropLast(2))   // drops `0"`
            sourceSuffix = [UInt8(ascii: "\"")]
        }
    }

    /// Work space for one chunk of rows (k or D numbers each), allocated once per chunk.
    struct Scratch {
        var point: [Double]
        var zPoint: [Double]
        var scaled: [Double]
        var distances: [Double]
        var zDistances: [Double]
        var values: [Double]

        init(k: Int, dimension: Int) {
            point = [Double](repeating: 0, count: dimension)
            zPoint = point
            scaled = point
            distances = [Double](repeating: 0, count: k)
            zDistances = distances
            values = distances
        }
    }

    /// A query whose distances would overflow (see `ValueRange.checkQuery`): its row and the
    /// largest magnitude of its clustering-space coordinates.
    struct TooFar: Error {
        var row: Int
        var largest: Double
    }

    /// Appends the lines of `rows[range]`, numbered from `firstNumber + range.lowerBound`.
    /// Stops at the first row `ValueRange.checkQuery` refuses and returns it (the lines written
    /// before it are then meaningless to the caller).
    func write(_ rows: QueryRows, range: Range<Int>, firstNumber: Int, to out: OutputBytes) -> TooFar? {
        var scratch = Scratch(k: k, dimension: dimension)
        return rows.values.withUnsafeBufferPointer { raw in
            rows.lines.withUnsafeBufferPointer { lines in
                for i in range {
                    if let failure = writeRow(raw.baseAddress! + i * dimension, line: lines[i], number: firstNumber + i,
                                              scratch: &scratch, out: out) {
                        return TooFar(row: i, largest: failure)
                    }
                }
                return nil
            }
        }
    }

    /// One query's lines; returns the largest coordinate magnitude instead when it is too far.
    @inline(__always)
    private func writeRow(_ raw: UnsafePointer<Double>, line: Int, number: Int, scratch s: inout Scratch,
                          out: OutputBytes) -> Double? {
        let k = self.k, n = dimension
        return s.point.withUnsafeMutableBufferPointer { xb in
            let x = xb.baseAddress!
            // The clustering-space point, as `clusteringPoint(fromRaw:)`.
            if standardized {
                for f in 0..<n { x[f] = scaler.z(raw[f], f) }
            } else {
                for f in 0..<n { x[f] = raw[f] }
            }
            return centroids.withUnsafeBufferPointer { cb -> Double? in
                let c = cb.baseAddress!
                // ValueRange.checkQuery: every squared distance must be finite.
                for j in 0..<k {
                    var sum = 0.0
                    for f in 0..<n { let t = x[f] - c[j * n + f]; sum += t * t }
                    guard sum.isFinite else { return UnsafeBufferPointer(start: x, count: n).map(abs).max() ?? 0 }
                }
                s.distances.withUnsafeMutableBufferPointer { db in
                    let d = db.baseAddress!
                    for j in 0..<k { d[j] = MembershipFormulas.distance(x, c + j * n, n) }
                    // The weighted log densities, once, for the hard cluster and the gmm rule.
                    var logDensities: [Double]?
                    if wantsLogDensities {
                        logDensities = EStep.weightedLogProbabilities(x, d: mixtureColumns, logWeights: logWeights,
                                                                      means: mixtureMeans!, precisions: mixturePrecisions!)
                    }
                    var cluster = 0
                    if clusterFromMixture, let lp = logDensities {
                        if densityFloor > 0 {
                            cluster = DensityFloor.hardCluster(weightedLogDensities: lp, floor: densityFloor)
                        } else {
                            for j in 1..<Swift.max(k, 1) where lp[j] > lp[cluster] { cluster = j }
                        }
                    } else {
                        for j in 1..<Swift.max(k, 1) where d[j] < d[cluster] { cluster = j }
                    }
                    // `number,source` once; each line repeats it.
                    let headStart = out.count
                    out.reserve(40 + sourcePrefix.count + sourceSuffix.count)
                    out.append(number)
                    out.append(byte: UInt8(ascii: ","))
                    out.append(sourcePrefix)
                    out.append(line)
                    out.append(sourceSuffix)
                    let headLength = out.count - headStart
                    var first = true
                    func lineStart(_ field: Int) {
                        out.reserve(headLength + ruleFields[field].count + 21 + k * (ShortestDouble.maxLength + 1) + 1)
                        if first { first = false } else { out.appendCopy(from: headStart, count: headLength) }
                        out.append(ruleFields[field])
                        out.append(cluster)
                    }
                    lineStart(0)
                    out.append(values: UnsafeBufferPointer(start: d, count: k))
                    out.append(byte: 10)
                    for (r, rule) in rules.enumerated() {
                        lineStart(r + 1)
                        s.values.withUnsafeMutableBufferPointer { vb in
                            let v = vb.baseAddress!
                            switch rule {
                            case .softmax:
                                for j in 0..<k { v[j] = beta == 0 ? 0 : -beta * d[j] }
                                Self.softmaxOfLogs(v, k)
                                out.append(values: UnsafeBufferPointer(start: v, count: k))
                            case .fuzzy:
                                Self.powerRule(d, exponent: fuzzyExponent, into: v, k)
                                out.append(values: UnsafeBufferPointer(start: v, count: k))
                            case .linear:
                                let ranges = linearRanges
                                guard ranges.count == k else { out.appendEmpty(k); return }
                                for j in 0..<k {
                                    let span = ranges[j].upperBound - ranges[j].lowerBound
                                    v[j] = span > 0 ? Swift.min(1, Swift.max(0, 1 - (d[j] - ranges[j].lowerBound) / span)) : 1
                                }
                                out.append(values: UnsafeBufferPointer(start: v, count: k))
                            case .gmm:
                                guard let lp = logDensities else { out.appendEmpty(k); return }
                                if densityFloor > 0 {
                                    out.append(values: DensityFloor.probabilities(weightedLogDensities: lp, floor: densityFloor))
                                } else {
                                    for j in 0..<k { v[j] = lp[j] }
                                    Self.softmaxOfLogs(v, k)
                                    out.append(values: UnsafeBufferPointer(start: v, count: k))
                                }
                            case .inversePower:
                                if context.dimension <= 1 {
                                    for j in 0..<k { v[j] = 1 / Double(k) }
                                } else if let zc = zCentroids {
                                    // Not standardised: z-score the point and measure to the z-scored centroids.
                                    s.zPoint.withUnsafeMutableBufferPointer { zb in
                                        s.zDistances.withUnsafeMutableBufferPointer { zdb in
                                            let z = zb.baseAddress!, zd = zdb.baseAddress!
                                            for f in 0..<n { z[f] = scaler.z(x[f], f) }
                                            zc.withUnsafeBufferPointer { zcb in
                                                for j in 0..<k { zd[j] = MembershipFormulas.distance(z, zcb.baseAddress! + j * n, n) }
                                            }
                                            Self.powerRule(zd, exponent: Double(context.dimension - 1), into: v, k)
                                        }
                                    }
                                } else {
                                    // Standardised: the z-scored point and centroids are the clustering ones.
                                    Self.powerRule(d, exponent: Double(context.dimension - 1), into: v, k)
                                }
                                out.append(values: UnsafeBufferPointer(start: v, count: k))
                            case .cosine:
                                cosine(x, into: v, scratch: &s.scaled)
                                out.append(values: UnsafeBufferPointer(start: v, count: k))
                            case .bootstrap:
                                guard let values = context.bootstrap?.membership(of: Array(UnsafeBufferPointer(start: x, count: n))) else {
                                    out.appendEmpty(k); return
                                }
                                out.reserve(values.count * (ShortestDouble.maxLength + 1) + 1)
                                out.append(values: values)
                            }
                        }
                        out.append(byte: 10)
                    }
                }
                return nil
            }
        }
    }

    /// `MembershipFormulas.cosine(x, means: centroids)` with the means scaled beforehand.
    @inline(__always)
    private func cosine(_ x: UnsafePointer<Double>, into v: UnsafeMutablePointer<Double>, scratch: inout [Double]) {
        let n = dimension
        scratch.withUnsafeMutableBufferPointer { xb in
            let xs = xb.baseAddress!
            var largest = 0.0
            for f in 0..<n { largest = Swift.max(largest, abs(x[f])) }
            if largest > 0, largest.isFinite {
                let power = Double(sign: .plus, exponent: largest.exponent, significand: 1)
                for f in 0..<n { xs[f] = x[f] / power }
            } else {
                for f in 0..<n { xs[f] = x[f] }
            }
            var xn = 0.0
            for f in 0..<n { xn += xs[f] * xs[f] }
            xn = xn.squareRoot()
            cosineMeans.withUnsafeBufferPointer { mb in
                for j in 0..<k {
                    let m = mb.baseAddress! + j * n
                    var dot = 0.0
                    for f in 0..<n { dot += xs[f] * m[f] }
                    let denominator = xn * cosineNorms[j]
                    v[j] = denominator > 0 ? Swift.min(1, Swift.max(-1, dot / denominator)) : 0
                }
            }
        }
    }

    /// `softmaxOfLogs` in place over `count` values.
    @inline(__always)
    static func softmaxOfLogs(_ v: UnsafeMutablePointer<Double>, _ count: Int) {
        guard count > 0 else { return }
        // Sequence.max(): the first value, replaced by each later one it is less than.
        var m = v[0]
        for j in 1..<count where m < v[j] { m = v[j] }
        if m == -.infinity {
            for j in 0..<count { v[j] = 1 / Double(count) }
            return
        }
        if m == .infinity {
            var ties = 0
            for j in 0..<count where v[j] == .infinity { ties += 1 }
            for j in 0..<count { v[j] = v[j] == .infinity ? 1 / Double(ties) : 0 }
            return
        }
        var s = 0.0
        for j in 0..<count { v[j] = exp(v[j] - m); s += v[j] }
        for j in 0..<count { v[j] /= s }
    }

    /// `MembershipFormulas.powerRule` of `count` distances into `v`.
    @inline(__always)
    static func powerRule(_ d: UnsafePointer<Double>, exponent e: Double, into v: UnsafeMutablePointer<Double>, _ count: Int) {
        for j in 0..<count {
            let x = d[j]
            if x == 0 { v[j] = .infinity; continue }
            guard x.isFinite else { v[j] = -.infinity; continue }
            let w = -e * log(x)
            v[j] = w.isNaN ? -.infinity : w
        }
        softmaxOfLogs(v, count)
    }
}

/// A growable run of output bytes with direct appends: room is reserved once per line, then
/// numbers are written into it without a bounds check or a buffer-pointer call each.
final class OutputBytes: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 20) {
        self.capacity = Swift.max(capacity, 256)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    func removeAll() { count = 0 }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = Swift.max(capacity * 2, count + extra)
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        new.update(from: base, count: count)
        base.deallocate()
        base = new
        capacity = grown
    }

    @inline(__always)
    func append(byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ bytes: [UInt8]) {
        reserve(bytes.count)
        bytes.withUnsafeBufferPointer { (base + count).update(from: $0.baseAddress!, count: $0.count) }
        count += bytes.count
    }

    /// Appends a copy of `count` bytes already written at `offset`.
    @inline(__always)
    func appendCopy(from offset: Int, count length: Int) {
        reserve(length)
        (base + count).update(from: base + offset, count: length)
        count += length
    }

    /// An integer in decimal, as `String(v)`.
    @inline(__always)
    func append(_ v: Int) {
        reserve(21)
        if v < 0 { base[count] = UInt8(ascii: "-"); count += 1 }
        var magnitude = v.magnitude, digits = 0
        repeat { digits += 1; magnitude /= 10 } while magnitude > 0
        magnitude = v.magnitude
        var at = count + digits - 1
        repeat {
            base[at] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            at -= 1
        } while magnitude > 0
        count += digits
    }

    /// Bytes past a number's text that `ShortestDouble.write` may store into (whole-word
    /// stores): kept free after the last number.
    static let formatterScratch = 32

    /// `,v` for each value.
    @inline(__always)
    func append(values: UnsafeBufferPointer<Double>) {
        reserve(values.count * (ShortestDouble.maxLength + 1) + Self.formatterScratch)
        var at = count
        for v in values {
            base[at] = UInt8(ascii: ",")
            at += 1 + ShortestDouble.write(v, to: base + at + 1)
        }
        count = at
    }

    func append(values: [Double]) {
        values.withUnsafeBufferPointer { append(values: $0) }
    }

    /// `k` empty fields: a rule with no answer.
    func appendEmpty(_ k: Int) {
        reserve(k)
        for _ in 0..<k { base[count] = UInt8(ascii: ","); count += 1 }
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}
