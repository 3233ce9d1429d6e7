import CKernels

/// The nearest-centroid assignment of every row: the E-step of Lloyd's algorithm.
struct Assignment {
    /// Whether this CPU runs the AVX2 kernel (`CKernels`), checked once (whatever the cap: tests
    /// compare every kernel the CPU runs; `preferredKernel` follows `KernelLevel.active`).
    static let hasAVX2 = KernelLevel.cpu >= .avx2
    /// Whether this CPU runs the AVX-512 certified expanded-form kernel, checked once.
    static let hasAVX512 = KernelLevel.cpu >= .avx512

    /// The three implementations of the same assignment (same labels, same inertia bits, same sums).
    enum Kernel: CaseIterable {
        /// This file's Swift loop: SSE2, any x86-64 (or other) CPU.
        case swift
        /// `cv_assign_avx2`: the same direct Σ (x_f − c_f)², eight centroids per instruction.
        case direct
        /// `cv_assign_direct_avx512`: the same direct form, eight centroids per instruction. Needs AVX-512F.
        case directAVX512
        /// `cv_assign_expanded_avx512`: ‖c‖² − 2x·c with FMA as a certified filter, then the direct
        /// form only for the winner (or for near ties). Needs AVX-512F.
        case expanded

        var isAvailable: Bool {
            switch self {
            case .swift: return true
            case .direct: return Assignment.hasAVX2
            case .directAVX512, .expanded: return Assignment.hasAVX512
            }
        }
    }

    /// The fastest kernel `KernelLevel.active` allows for D columns and k clusters (the Swift loop
    /// under `CLUSTERVIEW_KERNELS=portable` and off x86-64), from single-thread timings of
    /// the kernels on the same rows on this project's AVX-512 machine (AMD EPYC). The direct
    /// kernels cost ~D × ⌈k/8⌉ (blocks of 8 centroids); the expanded one a fixed share per row
    /// (‖x‖², the filter, the winner's direct value) plus ~D × ⌈k/16⌉ fused products.
    /// Expanded / AVX-512 direct: D = 64: k = 4: 0.61, k = 8: 0.83, k = 32: 0.59; D = 32: k = 8:
    /// 1.21, k = 16: 0.86, k = 32: 0.75; D = 16: k = 10: 1.32, k = 32: 1.08, k = 64: 0.96; D = 8:
    /// k = 8: 2.0, k = 32: 1.29; D = 4, k = 64: 1.60; D = 2, k = 64: 2.0.
    /// AVX-512 direct / AVX2 direct: 0.76 at 1M × 8, k = 8.
    static func preferredKernel(columns d: Int, clusters k: Int) -> Kernel {
        switch KernelLevel.active {
        case .avx512: return d >= 64 || (d >= 32 && k > 8) || (d >= 16 && k >= 64) ? .expanded : .directAVX512
        case .avx2: return .direct
        case .portable: return .swift
        }
    }

    var labels: [Int32]
    /// Σ squared distance of each row to its centroid.
    var inertia: Double
    /// With `sums: true`: the per-cluster sums and counts under `labels`, exactly as
    /// `ClusterSums.compute(data, labels:, k:)` would give them (the next M-step's input).
    var sums: ClusterSums?

    /// Ties go to the lowest cluster index, as scikit-learn's strict `<` comparison.
    ///
    /// Design note: centroids are transposed to D × k (padded to a multiple of 8; padding lanes are
    /// set to +∞ after the sum) so eight clusters are compared at once in SIMD registers, and two
    /// rows share each centroid load. Each distance is still the plain Σ (x_f − c_f)², summed in
    /// feature order, never the ‖x‖² − 2x·c + ‖c‖² expansion, so no precision is lost far from
    /// the origin. With `sums`, the rows of each chunk are added to their new cluster's sum while
    /// they are in cache (one pass over the data per Lloyd iteration instead of two), in the same
    /// chunks and order as `ClusterSums.compute`, so the sums are the same bits.
    ///
    /// Every kernel (`Kernel`) returns these same labels, inertia bits and sums: the C kernels do
    /// the same operations in the same order (AVX2, AVX-512), and the expanded one uses
    /// ‖c‖² − 2x·c only to rule clusters out with a proven error bound, then computes Σ (x_f − c_f)²
    /// for what is left (see assign_expanded.c). `kernel: nil` picks the fastest for the CPU and
    /// the shape (`preferredKernel`); tests compare them all against this Swift loop.
    ///
    /// `vectorized: true`: the AVX2 kernel, `false`: this Swift loop (SSE2, the x86-64 baseline).
    static func compute(_ data: Matrix, _ centroids: Matrix, sums accumulate: Bool = false,
                        vectorized: Bool) -> Assignment {
        compute(data, centroids, sums: accumulate, kernel: vectorized ? .direct : .swift)
    }

    static func compute(_ data: Matrix, _ centroids: Matrix, sums accumulate: Bool = false,
                        kernel: Kernel? = nil) -> Assignment {
        let n = data.rows, d = data.columns, k = centroids.rows
        let kernel = kernel ?? preferredKernel(columns: d, clusters: k)
        let vectorized = kernel != .swift
        // The expanded kernel's packed centroids, ‖c_j‖² and error-bound terms, built once here.
        let expandedPadded = kernel == .expanded ? cv_expanded_padded(k) : 0
        let (packed, norms, bounds) = {
            var packed = [Double](repeating: 0, count: expandedPadded * d)
            var norms = [Double](repeating: 0, count: expandedPadded)
            var bounds = [Double](repeating: 0, count: expandedPadded)
            if kernel == .expanded { cv_expanded_pack(centroids.values, k, d, &packed, &norms, &bounds) }
            return (packed, norms, bounds)
        }()
        let lanes = 8, padded = (k + lanes - 1) / lanes * lanes
        var transposed = [Double](repeating: .greatestFiniteMagnitude, count: d * padded)
        for j in 0..<k { for f in 0..<d { transposed[f * padded + j] = centroids[j, f] } }
        // Padding lanes are forced to +∞ after the sum: a row at ±1.8e308 is at distance 0 from a
        // padding centroid at the largest double, and must never be assigned to a cluster ≥ k.
        let lastBlock = padded - lanes
        let padding = SIMD8<Int64>(0, 1, 2, 3, 4, 5, 6, 7) .>= SIMD8<Int64>(repeating: Int64(k - lastBlock))
        var labels = [Int32](repeating: 0, count: n)
        let partial: [(Double, ClusterSums?)] = data.values.withUnsafeBufferPointer { x in
            transposed.withUnsafeBufferPointer { ct in
                labels.withUnsafeMutableBufferPointer { out in
                    let xb = x.baseAddress!, cb = UnsafeRawPointer(ct.baseAddress!), ob = out.baseAddress!
                    return ParallelChunks.map(n) { range -> (Double, ClusterSums?) in
                        if kernel == .expanded {
                            // The cluster sums are added in the kernel, row by row while each row is in cache.
                            var s = [Double](repeating: 0, count: accumulate ? k * d : 0)
                            var c = [Double](repeating: 0, count: accumulate ? k : 0)
                            let sum = s.withUnsafeMutableBufferPointer { sb in
                                c.withUnsafeMutableBufferPointer { cb in
                                    cv_assign_expanded_avx512(xb, range.lowerBound, range.upperBound, d, centroids.values, k,
                                                              packed, norms, bounds, ct.baseAddress!, padded, ob,
                                                              accumulate ? sb.baseAddress : nil, accumulate ? cb.baseAddress : nil)
                                }
                            }
                            return (sum, accumulate ? ClusterSums(sums: s, counts: c) : nil)
                        }
                        if vectorized {
                            let sum = kernel == .directAVX512
                                ? cv_assign_direct_avx512(xb, range.lowerBound, range.upperBound, d, ct.baseAddress!, padded, k, ob)
                                : cv_assign_avx2(xb, range.lowerBound, range.upperBound, d, ct.baseAddress!, padded, k, ob)
                            guard accumulate else { return (sum, nil) }
                            var s = [Double](repeating: 0, count: k * d), c = [Double](repeating: 0, count: k)
                            cv_cluster_sums_avx2(xb, range.lowerBound, range.upperBound, d, ob, &s, &c)
                            return (sum, ClusterSums(sums: s, counts: c))
                        }
                        var sum = 0.0
                        var i = range.lowerBound
                        // Two rows at a time: each centroid column is loaded once for both.
                        while i + 1 < range.upperBound {
                            let r0 = xb + i * d, r1 = r0 + d
                            var best0 = Double.infinity, best1 = Double.infinity, j0 = 0, j1 = 0
                            var block = 0
                            while block < padded {
                                var a0 = SIMD8<Double>(repeating: 0), a1 = SIMD8<Double>(repeating: 0)
                                var c = cb + block * 8
                                for f in 0..<d {
                                    let column = c.loadUnaligned(as: SIMD8<Double>.self)
                                    let t0 = SIMD8<Double>(repeating: r0[f]) - column
                                    let t1 = SIMD8<Double>(repeating: r1[f]) - column
                                    a0 += t0 * t0
                                    a1 += t1 * t1
                                    c += padded * 8
                                }
                                if block == lastBlock {
                                    a0.replace(with: .infinity, where: padding)
                                    a1.replace(with: .infinity, where: padding)
                                }
                                let (m0, l0) = smallestLane(a0), (m1, l1) = smallestLane(a1)
                                if m0 < best0 { best0 = m0; j0 = block + l0 }
                                if m1 < best1 { best1 = m1; j1 = block + l1 }
                                block += lanes
                            }
                            ob[i] = Int32(j0)
                            ob[i + 1] = Int32(j1)
                            sum += best0
                            sum += best1
                            i += 2
                        }
                        if i < range.upperBound {
                            let row = xb + i * d
                            var best = Double.infinity, bestJ = 0
                            var block = 0
                            while block < padded {
                                var acc = SIMD8<Double>(repeating: 0)
                                var c = cb + block * 8
                                for f in 0..<d {
                                    let t = SIMD8<Double>(repeating: row[f]) - c.loadUnaligned(as: SIMD8<Double>.self)
                                    acc += t * t
                                    c += padded * 8
                                }
                                if block == lastBlock { acc.replace(with: .infinity, where: padding) }
                                let (m, l) = smallestLane(acc)
                                if m < best { best = m; bestJ = block + l }
                                block += lanes
                            }
                            ob[i] = Int32(bestJ)
                            sum += best
                        }
                        guard accumulate else { return (sum, nil) }
                        return (sum, ClusterSums.chunk(xb, labels: UnsafePointer(ob), range, d: d, k: k))
                    }
                }
            }
        }
        var inertia = 0.0
        for p in partial { inertia += p.0 }
        return Assignment(labels: labels, inertia: inertia,
                          sums: accumulate ? ClusterSums.combine(partial.map { $0.1! }) : nil)
    }

    /// The smallest lane and its index, the lowest index of ties (strict `<` in lane order).
    @inline(__always)
    private static func smallestLane(_ v: SIMD8<Double>) -> (Double, Int) {
        var best = v[0], lane = 0
        for l in 1..<8 where v[l] < best { best = v[l]; lane = l }
        return (best, lane)
    }
}

/// Per-cluster sums and counts of rows under hard labels, combined in a fixed order.
struct ClusterSums: Sendable, Equatable {
    var sums: [Double]   // k × D
    var counts: [Double] // k

    static func compute(_ data: Matrix, labels: [Int32], k: Int) -> ClusterSums {
        let n = data.rows, d = data.columns
        let partials: [ClusterSums] = data.values.withUnsafeBufferPointer { x in
            labels.withUnsafeBufferPointer { l in
                ParallelChunks.map(n) { range in chunk(x.baseAddress!, labels: l.baseAddress!, range, d: d, k: k) }
            }
        }
        return combine(partials)
    }

    /// The sums of the rows in `range` (row order).
    @inline(__always)
    static func chunk(_ x: UnsafePointer<Double>, labels l: UnsafePointer<Int32>, _ range: Range<Int>, d: Int, k: Int) -> ClusterSums {
        var s = [Double](repeating: 0, count: k * d), c = [Double](repeating: 0, count: k)
        s.withUnsafeMutableBufferPointer { sb in
            for i in range {
                let j = Int(l[i])
                c[j] += 1
                let target = sb.baseAddress! + j * d, row = x + i * d
                for f in 0..<d { target[f] += row[f] }
            }
        }
        return ClusterSums(sums: s, counts: c)
    }

    /// Per-chunk partial sums added in chunk order.
    static func combine(_ partials: [ClusterSums]) -> ClusterSums {
        var total = partials[0]
        for p in partials.dropFirst() {
            for i in total.sums.indices { total.sums[i] += p.sums[i] }
            for j in total.counts.indices { total.counts[j] += p.counts[j] }
        }
        return total
    }

    /// Each cluster's sum divided by its count, or its row of `old` where the count is 0. For the
    /// soft methods (soft k-means, fuzzy c-means) `counts` holds each cluster's total weight
    /// Σ_i w_ij and `sums` Σ_i w_ij x_i, so these are the weighted means. (k-means multiplies by
    /// 1 / count instead, as scikit-learn, and keeps its own loop.)
    func weightedMeans(keeping old: Matrix) -> Matrix {
        let k = counts.count, d = old.columns
        var means = old
        for j in 0..<k where counts[j] > 0 {
            for f in 0..<d { means[j, f] = sums[j * d + f] / counts[j] }
        }
        return means
    }
}

/// The population variance of each column, averaged: scikit-learn's scale for k-means `tol`.
func meanColumnVariance(_ data: Matrix) -> Double {
    let n = data.rows, d = data.columns
    guard n > 0, d > 0 else { return 0 }
    return ColumnMoments(data, scaled: false).squares.reduce(0) { $0 + $1 / Double(n) } / Double(d)
}
