import CKernels
@testable import ClusterKit

/// The C kernels (CKernels), reached through ClusterKit's own dispatch, against the plain Swift
/// (or plain C) path they must equal: random shapes around the register blocks, values from a
/// palette of the hard cases (exact ties, ±1e300, the largest double, subnormals, ±0, ±∞, NaN) and
/// raw bit patterns. What each kernel promises (see Tests/ClusterKitTests/*KernelTests.swift):
/// - assignment (AVX2, AVX-512 direct, AVX-512 expanded): the Swift loop's labels, inertia bits and
///   cluster sums, with and without sums;
/// - `PointDistances` (k-means++'s and the tables' distances): `squaredDistance`'s bits;
/// - k-means++ (pair distances, pruned potentials, column sums): the plain loop's rows;
/// - the diagonal GMM product (AVX2+FMA): the plain C path's bits, NaN markers included, and every
///   entry it keeps within its documented error bound of the direct Σ (x − μ)²·p;
/// - the byte scan: a plain byte loop's line breaks and quote flag.
func fuzzKernels(_ bytes: [UInt8]) {
    guard bytes.count >= 6 else { return }
    var input = FuzzValues(bytes)
    let shape = KernelFuzzShape(&input)
    fuzzScan(bytes, offset: Int(bytes[5] % 8))
    let data = Matrix(rows: shape.n, columns: shape.d, values: (0..<(shape.n * shape.d)).map { _ in input.value(finite: shape.finite) })
    var centroids = Matrix(rows: shape.k, columns: shape.d)
    for j in 0..<shape.k {
        // Centroids copied from rows (some twice) make exact ties; the rest come from the palette.
        let row = shape.centroidsFromRows ? Int(input.byte()) % shape.n : -1
        for f in 0..<shape.d { centroids[j, f] = row >= 0 ? data[row, f] : input.value(finite: shape.finite) }
    }
    let what = "n=\(shape.n) d=\(shape.d) k=\(shape.k)"
    fuzzAssignment(data, centroids, what)
    fuzzPointDistances(data, centroids, what)
    // At most 6 seeds: the potentials kernel's lanes (2 + ⌊ln k⌋ trials) are all used by then, and
    // every further seed only repeats the same step.
    let seeds = min(shape.k, 6)
    if shape.finite, shape.n >= seeds { fuzzKMeansPlusPlus(data, k: seeds, seed: UInt32(bytes[4]), what) }
    fuzzDiagonalGaussians(data, means: centroids, &input, what)
}

/// n rows, d columns and k clusters from the first bytes, kept small enough (n·d·k ≤ 4 000) for
/// thousands of runs a second, and ranging over every block edge (8 and 16 centroids, 8 features,
/// 2 and 8 rows) and each of the assignment kernels' preferred shapes (d ≥ 64, k > 32).
struct KernelFuzzShape {
    let n: Int, d: Int, k: Int
    /// Only finite values (k-means++ runs on prepared, finite data only).
    let finite: Bool
    let centroidsFromRows: Bool

    init(_ input: inout FuzzValues) {
        let b = (0..<5).map { _ in input.byte() }
        d = 1 + Int(b[1]) % 72
        k = 1 + Int(b[2]) % 40
        let wanted = 1 + Int(b[0]) + (b[3] & 0x80 != 0 ? Int(b[3] & 0x7F) * 16 : 0)
        n = max(1, min(wanted, 4_000 / (d * k)))
        finite = b[4] & 1 == 1
        centroidsFromRows = b[4] & 2 == 2
    }
}

/// Doubles and bytes read from the input in turn, starting again from its beginning when it runs
/// out (so a short input still fills a large matrix, with repeats: more ties).
struct FuzzValues {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func byte() -> UInt8 {
        guard !bytes.isEmpty else { return 0 }
        defer { position += 1 }
        return bytes[position % bytes.count]
    }

    /// One value: a selector byte picks a hard case, a small integer or eighth (ties; exact
    /// arithmetic) or a raw bit pattern. `finite`: NaN and ±∞ become 0.
    mutating func value(finite: Bool = false) -> Double {
        let selector = byte()
        let sign: Double = selector & 0x80 != 0 ? -1 : 1
        let v: Double
        switch selector & 0x7F {
        case 0: v = .nan
        case 1: v = .infinity
        case 2: v = 1e300
        case 3: v = .greatestFiniteMagnitude
        case 4: v = Double(bitPattern: UInt64(byte()) << 8 | UInt64(byte()))  // a subnormal
        case 5: v = .leastNormalMagnitude * Double(byte())
        case 6: v = 1e154 * (1 + Double(byte()) / 256)  // its square is near the largest double
        case 7: v = 1e-160 * Double(byte())  // its square underflows
        case 8...11:
            var raw: UInt64 = 0
            for _ in 0..<8 { raw = raw << 8 | UInt64(byte()) }
            v = Double(bitPattern: raw)
        case 12...15: v = 1e8 + Double(byte())  // far from the origin, close together
        case 16...63: v = Double(byte() % 9)
        default: v = Double(byte()) / 8 - 16
        }
        let signed = sign * v
        return finite && !signed.isFinite ? 0 : signed
    }
}

/// Equal bits, or both NaN (a NaN's payload is not part of any kernel's promise).
func fuzzSame(_ a: Double, _ b: Double) -> Bool {
    a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
}

func fuzzSame(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { fuzzSame($0, $1) }
}

func fuzzAssignment(_ data: Matrix, _ centroids: Matrix, _ what: String) {
    let plain = Assignment.compute(data, centroids, sums: true, kernel: .swift)
    fuzzCheck(plain.labels.allSatisfy { $0 >= 0 && Int($0) < centroids.rows }, "swift labels out of range \(what)")
    for kernel in Assignment.Kernel.allCases where kernel != .swift && kernel.isAvailable {
        let fast = Assignment.compute(data, centroids, sums: true, kernel: kernel)
        fuzzCheck(fast.labels == plain.labels, "\(kernel) labels \(what)")
        fuzzCheck(fuzzSame(fast.inertia, plain.inertia), "\(kernel) inertia \(fast.inertia) vs \(plain.inertia) \(what)")
        fuzzCheck(fuzzSame(fast.sums!.sums, plain.sums!.sums) && fast.sums!.counts == plain.sums!.counts,
                  "\(kernel) sums \(what)")
        let bare = Assignment.compute(data, centroids, sums: false, kernel: kernel)
        fuzzCheck(bare.labels == plain.labels && fuzzSame(bare.inertia, plain.inertia) && bare.sums == nil,
                  "\(kernel) without sums \(what)")
    }
    // The preferred kernel for the shape (what fit runs) is one of those.
    fuzzCheck(Assignment.compute(data, centroids).labels == plain.labels, "preferred kernel labels \(what)")
}

func fuzzPointDistances(_ data: Matrix, _ points: Matrix, _ what: String) {
    guard PointDistances.hasAVX2 else { return }
    let n = data.rows, d = data.columns, count = points.rows
    data.values.withUnsafeBufferPointer { xb in
        points.values.withUnsafeBufferPointer { pb in
            let x = xb.baseAddress!, p = pb.baseAddress!
            let table = PointDistances(count: count, columns: d, vectorized: true) { p + $0 * d }
            var out = [Double](repeating: 0, count: n * table.padded)
            table.distances(x, 0..<n, into: &out)
            var o0 = [Double](repeating: 0, count: table.padded), o1 = o0
            let r1 = (n - 1) / 2
            table.distances(x, x + r1 * d, into: &o0, &o1)
            for t in 0..<count {
                for i in 0..<n {
                    let expected = squaredDistance(x + i * d, p + t * d, d)
                    fuzzCheck(fuzzSame(out[i * table.padded + t], expected), "pair distance row \(i) point \(t) \(what)")
                }
                fuzzCheck(fuzzSame(o0[t], squaredDistance(x, p + t * d, d)), "two-row distance, row 0, point \(t) \(what)")
                fuzzCheck(fuzzSame(o1[t], squaredDistance(x + r1 * d, p + t * d, d)), "two-row distance, row \(r1), point \(t) \(what)")
            }
        }
    }
}

func fuzzKMeansPlusPlus(_ data: Matrix, k: Int, seed: UInt32, _ what: String) {
    var r0 = NumPyRandomState(seed: seed)
    let expected = Initialization.kMeansPlusPlusIndices(data, k: k, random: &r0, vectorized: false, pruning: false)
    fuzzCheck(expected.allSatisfy { (0..<data.rows).contains($0) }, "k-means++ rows out of range \(what)")
    for vectorized in PointDistances.hasAVX2 ? [false, true] : [false] {
        for (pruning, block) in [(true, nil), (false, nil), (true, 3 + Int(seed) % 50)] where vectorized || pruning {
            var r1 = NumPyRandomState(seed: seed)
            let got = Initialization.kMeansPlusPlusIndices(data, k: k, random: &r1, vectorized: vectorized,
                                                            pruning: pruning, blockRows: block)
            fuzzCheck(got == expected, "k-means++ vectorized=\(vectorized) pruning=\(pruning) block=\(block.map(String.init) ?? "-") \(got) vs \(expected) \(what)")
        }
    }
}

func fuzzDiagonalGaussians(_ data: Matrix, means: Matrix, _ input: inout FuzzValues, _ what: String) {
    let k = means.rows, d = means.columns, n = data.rows
    // Variances from the palette too (1e−300 gives precisions near 1e300); non-positive ones are 1.
    let variances = Matrix(rows: k, columns: d, values: (0..<(k * d)).map { _ in
        let v = abs(input.value())
        return v > 0 && v.isFinite ? v : 1
    })
    guard let precisions = try? PrecisionFactors(.diag(variances), k: k, d: d, means: means),
          let expansion = precisions.expansion else { return }
    var fast = [Double](repeating: 0, count: n * k), plain = fast
    data.values.withUnsafeBufferPointer { x in
        fast.withUnsafeMutableBufferPointer { expansion.mahalanobis(x.baseAddress!, rows: n, into: $0.baseAddress!) }
        plain.withUnsafeMutableBufferPointer { expansion.mahalanobis(x.baseAddress!, rows: n, into: $0.baseAddress!, portable: true) }
    }
    for e in 0..<(n * k) where fast[e].bitPattern != plain[e].bitPattern {
        fuzzCheck(false, "GMM kernel entry \(e): \(fast[e]) vs plain C \(plain[e]) \(what)")
    }
    // A kept entry is within the guard's bound of the direct form: the expanded form's rounding,
    // ≲ 2(d+3)ε(a + c) ≤ 2(d+3)ε·limit·max(m, 1), plus the direct form's own, doubled for slack.
    // Only where nothing overflows (underflow costs less than ε absolute, which max(m, 1) covers).
    for i in 0..<n {
        for j in 0..<k where plain[i * k + j].isFinite {
            var direct = 0.0, scale = 0.0
            for f in 0..<d {
                let s = precisions.diagonal[j, f], p = s * s, x = data[i, f], mu = means[j, f]
                direct += (x - mu) * (x - mu) * p
                scale += x * x * p + mu * mu * p
            }
            guard direct.isFinite, scale < 1e300 else { continue }
            let m = plain[i * k + j]
            let bound = 2 * (2 * Double(d + 3) * DiagonalExpansion.limit + Double(d + 3)) * Double.ulpOfOne * max(direct, 1)
            fuzzCheck(abs(m - direct) <= bound, "GMM entry row \(i) component \(j): \(m) vs direct \(direct) (bound \(bound)) \(what)")
        }
    }
}

/// The byte scan at an odd start, as the loader calls it, against one byte at a time.
func fuzzScan(_ bytes: [UInt8], offset: Int) {
    bytes.withUnsafeBufferPointer { all in
        let part = UnsafeBufferPointer(rebasing: all[min(offset, all.count)...])
        guard !part.isEmpty else { return }
        let got = ByteScan.scanPart(part)
        let plain = ck_scan_bytes_plain(part.baseAddress!, part.count)
        let breaks = part.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        let quote = part.contains(UInt8(ascii: "\""))
        fuzzCheck(got.breaks == breaks && got.quote == quote, "scan: \(got) vs \(breaks) breaks, quote \(quote)")
        fuzzCheck(Int(plain.breaks) == breaks && (plain.sawQuote != 0) == quote
                  && (plain.sawHighByte != 0) == part.contains { $0 >= 0x80 }, "plain scan")
    }
}
