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
/// Design note: each rule's values come from its one implementation in `MembershipKernels`, the
/// same that `MembershipContext.answer(for:rules:)` reaches through `MembershipFormulas`, here
/// called on this object's scratch memory; the distances, clustering point and hard cluster are
/// computed by the same operations as the context's. The tests compare the bytes with
/// `MembershipReport.appendCSV` on random models and points.
struct MembershipCSVRows: @unchecked Sendable {
    let context: MembershipContext
    let k: Int
    let dimension: Int
    /// Everything the rows read, as plain memory: no array is retained or released per row.
    let tables: Tables
    /// The mixture's parts the E-step reads (held apart: a copy of the whole mixture per row
    /// would retain every one of its arrays).
    let mixtureMeans: Matrix?
    let mixturePrecisions: PrecisionFactors?
    let mixtureColumns: Int
    let logWeights: [Double]
    /// The weighted log densities are needed (the hard cluster of a GMM, or the gmm rule).
    let wantsLogDensities: Bool
    /// The hard cluster is the mixture's most probable component (GMM), not the nearest centroid.
    let clusterFromMixture: Bool
    let standardized: Bool
    let normalization: RowNormalization
    let beta: Double
    let fuzziness: Double
    let densityFloor: Double
    let hasLinearRanges: Bool

    init(context: MembershipContext, rules: [MembershipRule], source: String) {
        self.context = context
        k = context.k
        dimension = context.centroids.columns
        let mixture = context.mixture
        mixtureMeans = mixture?.means
        mixturePrecisions = mixture?.precisions
        mixtureColumns = mixture?.data.columns ?? 0
        logWeights = mixture?.weights.map { log($0) } ?? []
        clusterFromMixture = context.method.isGaussianMixture && mixture != nil
        wantsLogDensities = mixture != nil && (context.method.isGaussianMixture || rules.contains(.gmm))
        standardized = context.standardized
        normalization = context.normalization
        beta = context.beta
        fuzziness = context.fuzziness
        densityFloor = context.densityFloor
        hasLinearRanges = context.linearRanges.count == context.k
        tables = Tables(context: context, rules: rules, source: source)
    }

    /// The constants of every row, copied once into memory this object owns.
    final class Tables: @unchecked Sendable {
        let centroids: UnsafeMutablePointer<Double>
        /// Centroids in z-score units (the clustering centroids when already standardised).
        let zCentroids: UnsafeMutablePointer<Double>
        /// Each centroid divided by the power of two at its largest magnitude, and that vector's
        /// norm (`MembershipKernels.cosineMeans`).
        let cosineMeans: UnsafeMutablePointer<Double>
        let cosineNorms: UnsafeMutablePointer<Double>
        /// The `linear` rule's lower ends and spans (upper − lower) per cluster.
        let linearLower: UnsafeMutablePointer<Double>
        let linearSpan: UnsafeMutablePointer<Double>
        let scalerMean: UnsafeMutablePointer<Double>
        let scalerScale: UnsafeMutablePointer<Double>
        let rules: UnsafeMutablePointer<MembershipRule>
        let ruleCount: Int
        /// `,distance,` then `,<rule>,` per rule, back to back: what follows the source on each line.
        let fields: UnsafeMutablePointer<UInt8>
        let fieldStart: UnsafeMutablePointer<Int>
        let fieldLength: UnsafeMutablePointer<Int>
        /// What precedes and follows the line number in the CSV field of `source:line`.
        let sourcePrefix: UnsafeMutablePointer<UInt8>
        let sourcePrefixCount: Int
        let sourceSuffix: UnsafeMutablePointer<UInt8>
        let sourceSuffixCount: Int

        init(context: MembershipContext, rules: [MembershipRule], source: String) {
            let k = context.k
            centroids = Self.copy(context.centroids.values)
            zCentroids = Self.copy(context.zCentroids.values)
            let cosine = MembershipKernels.cosineMeans(context.centroids)
            cosineMeans = Self.copy(cosine.means)
            cosineNorms = Self.copy(cosine.norms)
            let linear = MembershipKernels.linearBounds(context.linearRanges)
            linearLower = Self.copy(linear.lower)
            linearSpan = Self.copy(linear.span)
            scalerMean = Self.copy(context.scaler.mean)
            scalerScale = Self.copy(context.scaler.scale)
            self.rules = Self.copy(rules)
            ruleCount = rules.count
            let pieces = (["distance"] + rules.map(\.rawValue)).map { Array(",\($0),".utf8) }
            fields = Self.copy(pieces.flatMap { $0 })
            fieldLength = Self.copy(pieces.map(\.count))
            fieldStart = Self.copy(pieces.indices.map { i in pieces[..<i].reduce(0) { $0 + $1.count } })
            // csvField quotes the whole `source:line`; the line's digits never change whether it does.
            let quoted = Array(csvField(source + ":0").utf8)
            let prefix: [UInt8], suffix: [UInt8]
            if quoted == Array((source + ":0").utf8) {
                prefix = Array((source + ":").utf8)
                suffix = []
            } else {
                prefix = Array(quoted.dropLast(2))   // drops `0"`
                suffix = [UInt8(ascii: "\"")]
            }
            sourcePrefix = Self.copy(prefix)
            sourcePrefixCount = prefix.count
            sourceSuffix = Self.copy(suffix)
            sourceSuffixCount = suffix.count
        }

        deinit {
            for p in [centroids, zCentroids, cosineMeans, cosineNorms, linearLower, linearSpan, scalerMean, scalerScale] {
                p.deallocate()
            }
            rules.deallocate()
            fields.deallocate()
            fieldStart.deallocate()
            fieldLength.deallocate()
            sourcePrefix.deallocate()
            sourceSuffix.deallocate()
        }

        static func copy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
            values.withUnsafeBufferPointer { if let base = $0.baseAddress { p.initialize(from: base, count: values.count) } }
            return p
        }
    }

    /// Work space for one chunk of rows.
    struct Scratch {
        let block: UnsafeMutablePointer<Double>
        var point: UnsafeMutablePointer<Double> { block }
        let zPoint: UnsafeMutablePointer<Double>
        let scaled: UnsafeMutablePointer<Double>
        let distances: UnsafeMutablePointer<Double>
        let zDistances: UnsafeMutablePointer<Double>
        let values: UnsafeMutablePointer<Double>

        init(k: Int, dimension n: Int) {
            block = .allocate(capacity: 3 * n + 3 * k)
            block.initialize(repeating: 0, count: 3 * n + 3 * k)
            zPoint = block + n
            scaled = block + 2 * n
            distances = block + 3 * n
            zDistances = distances + k
            values = distances + 2 * k
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
    func write(_ rows: QueryRows, range: Range<Int>, firstNumber: Int, to out: inout ByteBuffer) -> TooFar? {
        let scratch = Scratch(k: k, dimension: dimension)
        defer { scratch.block.deallocate() }
        return rows.values.withUnsafeBufferPointer { raw in
            rows.lines.withUnsafeBufferPointer { lines in
                for i in range {
                    if let failure = writeRow(raw.baseAddress! + i * dimension, line: lines[i], number: firstNumber + i,
                                              scratch: scratch, out: &out) {
                        return TooFar(row: i, largest: failure)
                    }
                }
                return nil
            }
        }
    }

    /// One query's lines; returns the largest coordinate magnitude instead when it is too far.
    @inline(__always)
    private func writeRow(_ raw: UnsafePointer<Double>, line: Int, number: Int, scratch s: Scratch,
                          out: inout ByteBuffer) -> Double? {
        let k = self.k, n = dimension, t = tables
        let x = s.point, c = t.centroids
        // The clustering-space point, as `clusteringPoint(fromRaw:)`.
        if normalization == .l2 {
            for f in 0..<n { x[f] = raw[f] }
            RowNormalization.normalizeL2(x, count: n)
            if standardized { for f in 0..<n { x[f] = MembershipKernels.z(x[f], t.scalerMean[f], t.scalerScale[f]) } }
        } else if standardized {
            for f in 0..<n { x[f] = MembershipKernels.z(raw[f], t.scalerMean[f], t.scalerScale[f]) }
        } else {
            for f in 0..<n { x[f] = raw[f] }
        }
        // ValueRange.checkQuery: every squared distance must be finite.
        for j in 0..<k {
            var sum = 0.0
            for f in 0..<n { let e = x[f] - c[j * n + f]; sum += e * e }
            guard sum.isFinite else { return UnsafeBufferPointer(start: x, count: n).map(abs).max() ?? 0 }
        }
        let d = s.distances
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
        out.reserve(22 + t.sourcePrefixCount + t.sourceSuffixCount + 21)
        out.append(number)
        out.append(byte: UInt8(ascii: ","))
        out.append(bytes: t.sourcePrefix, count: t.sourcePrefixCount)
        out.append(line)
        out.append(bytes: t.sourceSuffix, count: t.sourceSuffixCount)
        let headLength = out.count - headStart
        let v = s.values
        for r in 0...t.ruleCount {
            out.reserve(headLength + t.fieldLength[r] + 21)
            if r > 0 { out.appendCopy(from: headStart, count: headLength) }
            out.append(bytes: t.fields + t.fieldStart[r], count: t.fieldLength[r])
            out.append(cluster)
            guard r > 0 else {
                out.append(values: d, k)
                out.append(byte: 10)
                continue
            }
            switch t.rules[r - 1] {
            case .softmax:
                MembershipKernels.softmax(distances: d, beta: beta, into: v, k)
                out.append(values: v, k)
            case .fuzzy:
                MembershipKernels.fuzzy(distances: d, fuzziness: fuzziness, into: v, k)
                out.append(values: v, k)
            case .linear:
                if hasLinearRanges {
                    MembershipKernels.linear(distances: d, lower: t.linearLower, span: t.linearSpan, into: v, k)
                    out.append(values: v, k)
                } else {
                    out.appendEmpty(k)
                }
            case .gmm:
                if let lp = logDensities {
                    MembershipKernels.gmm(weightedLogDensities: lp, floor: densityFloor, into: v, k)
                    out.append(values: v, k)
                } else {
                    out.appendEmpty(k)
                }
            case .inversePower:
                // Standardised: the z-scored point and centroids are the clustering ones.
                var zd = UnsafePointer(d)
                if !standardized && context.dimension > 1 {
                    MembershipKernels.zDistances(x, n, mean: t.scalerMean, scale: t.scalerScale, zCentroids: t.zCentroids,
                                                 scratch: s.zPoint, into: s.zDistances, k)
                    zd = UnsafePointer(s.zDistances)
                }
                MembershipKernels.inversePower(zDistances: zd, dimension: context.dimension, into: v, k)
                out.append(values: v, k)
            case .cosine:
                MembershipKernels.cosine(x, n, means: t.cosineMeans, norms: t.cosineNorms, scratch: s.scaled, into: v, k)
                out.append(values: v, k)
            case .bootstrap:
                if let values = context.bootstrap?.membership(of: Array(UnsafeBufferPointer(start: x, count: n))) {
                    out.append(values: values)
                } else {
                    out.appendEmpty(k)
                }
            }
            out.append(byte: 10)
        }
        return nil
    }
}
