extension PCA {
    /// Vectors per block (one pass applies the covariance to all of them).
    static let krylovBlock = 8
    /// Largest basis kept; beyond it the basis restarts from its best `krylovKeep` Ritz vectors.
    static let krylovMaxBasis = 64
    static let krylovKeep = 16
    /// Stop when both Ritz residuals ‖A·v − θ·v‖ are at most this times θ₁ (the axes then agree
    /// with an exact eigendecomposition to ~1e-10 over the PC2–PC3 gap).
    static let krylovTolerance = 1e-10
    /// At most this many passes (noise-like data, whose top eigenvalues nearly tie, need the most:
    /// 70–90 for 10,000 × 1,536 Gaussian noise; structured data take 4–15).
    static let krylovMaxPasses = 100
    static let krylovSeed: UInt64 = 0x5043_415F_4B52_594C

    /// Many rows and many features: block Krylov (Lanczos with full reorthogonalisation) on the
    /// covariance A = Xcᵀ·Xc, applied implicitly by `CovarianceOperator` (one pass over the rows
    /// per block of 8 vectors; the first pass also sums the squares for the total variance).
    ///
    /// Each pass: orthonormalise the new block against the basis (twice, then within itself),
    /// apply A, store both; Rayleigh–Ritz on T = Qᵀ·(A·Q) from the stored products (no extra pass);
    /// the next block is the top Ritz vectors' residuals A·y − θ·y (the same space as the next
    /// Krylov block). Deterministic: a fixed seed for the start, sums in a fixed order.
    static func blockKrylovPath(_ data: Matrix) -> PCA {
        let d = data.columns, b = krylovBlock
        var covariance = CovarianceOperator.prepared(data)
        let mean = covariance.mean
        defer {
            if covariance.sparse != nil {
                covariance.sparse = nil
                SparseRows.releaseFreedMemory()
            }
        }
        var random = SplitMix64(seed: krylovSeed)
        var basis: [[Double]] = [], products: [[Double]] = []
        var rayleigh: [[Double]] = []  // Qᵀ·A·Q, symmetric, basis.count²
        var next = (0..<b).map { _ in randomVector(d, &random) }
        var total = 0.0, passes = 0
        var best: (values: [Double], vectors: [[Double]]) = ([], [])
        while true {
            let block = orthonormalised(next, against: basis, &random)
            if block.isEmpty { break }  // the basis spans every direction: the Ritz pairs are exact
            let applied = covariance.apply(packed(block), columns: block.count, squares: passes == 0)
            passes += 1
            if let squares = applied.squares {
                total = squares.reduce(0, +)
                guard total > 0, total.isFinite else { break }
            }
            let start = basis.count
            basis += block
            products += unpacked(applied.product, columns: block.count)
            extend(&rayleigh, basis: basis, products: products, from: start)
            let ritz = ritzPairs(rayleigh, basis: basis, products: products, count: min(basis.count, krylovKeep))
            best = (ritz.values, ritz.vectors)
            var residuals: [[Double]] = []
            for i in 0..<min(b, ritz.vectors.count) {
                residuals.append(zip(ritz.products[i], ritz.vectors[i]).map { $0 - ritz.values[i] * $1 })
            }
            let norms = residuals.prefix(2).map { $0.reduce(0) { $0 + $1 * $1 }.squareRoot() }
            let converged = norms.allSatisfy { $0 <= krylovTolerance * ritz.values[0] }
            if converged || basis.count >= d || passes >= krylovMaxPasses { break }
            if basis.count + b > krylovMaxBasis {
                basis = ritz.vectors
                products = ritz.products
                rayleigh = []
                extend(&rayleigh, basis: basis, products: products, from: 0)
            }
            next = residuals
        }
        var axes: [[Double]] = [], ratios: [Double] = []
        for c in 0..<2 {
            if c < best.values.count, total > 0, total.isFinite, best.values[c] > 1e-12 * total {
                let v = best.vectors[c], norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                axes.append(oriented(v.map { $0 / norm }))
                ratios.append(best.values[c] / total)
            } else {
                axes.append(standInAxis(orthogonalTo: axes, dimension: d))
                ratios.append(0)
            }
        }
        return PCA(mean: mean, axes: axes, ratios: ratios, method: .blockKrylov(passes: passes))
    }

    private static func randomVector(_ d: Int, _ random: inout SplitMix64) -> [Double] {
        (0..<d).map { _ in 2 * random.unit() - 1 }
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        a.withUnsafeBufferPointer { p in
            b.withUnsafeBufferPointer { q in
                var s = 0.0
                for f in 0..<p.count { s += p[f] * q[f] }
                return s
            }
        }
    }

    /// `v` − Σ (q·v) q over `basis`, in place.
    private static func removeProjections(_ v: inout [Double], on basis: [[Double]]) {
        for q in basis {
            let p = dot(q, v)
            v.withUnsafeMutableBufferPointer { w in
                q.withUnsafeBufferPointer { u in for f in 0..<w.count { w[f] -= p * u[f] } }
            }
        }
    }

    /// The vectors made orthonormal to `basis` and to each other (Gram–Schmidt, each projection
    /// removed twice: once is not enough in floating point). A vector that nearly vanishes (its
    /// direction is already in the basis) is replaced by a random one; when even that vanishes the
    /// basis spans everything and the vector is dropped.
    private static func orthonormalised(_ vectors: [[Double]], against basis: [[Double]],
                                        _ random: inout SplitMix64) -> [[Double]] {
        var accepted: [[Double]] = []
        for original in vectors {
            var candidate = original
            for attempt in 0..<3 {
                if attempt > 0 { candidate = randomVector(original.count, &random) }
                let before = candidate.reduce(0) { $0 + $1 * $1 }.squareRoot()
                for _ in 0..<2 {
                    removeProjections(&candidate, on: basis)
                    removeProjections(&candidate, on: accepted)
                }
                let after = candidate.reduce(0) { $0 + $1 * $1 }.squareRoot()
                if after > 1e-10 * before, after.isFinite {
                    accepted.append(candidate.map { $0 / after })
                    break
                }
            }
        }
        return accepted
    }

    /// Vectors (b of length D) as the kernel's D × b row-major block, and back.
    private static func packed(_ vectors: [[Double]]) -> [Double] {
        let b = vectors.count, d = vectors[0].count
        var out = [Double](repeating: 0, count: d * b)
        for (j, v) in vectors.enumerated() { for f in 0..<d { out[f * b + j] = v[f] } }
        return out
    }

    private static func unpacked(_ block: [Double], columns b: Int) -> [[Double]] {
        let d = block.count / b
        return (0..<b).map { j in (0..<d).map { block[$0 * b + j] } }
    }

    /// Adds rows and columns `start...` to T = Qᵀ·A·Q, each entry the mean of q_i·(A q_j) and
    /// q_j·(A q_i) (equal in exact arithmetic; the mean keeps T exactly symmetric).
    private static func extend(_ t: inout [[Double]], basis: [[Double]], products: [[Double]], from start: Int) {
        let m = basis.count
        for i in t.indices { t[i] += [Double](repeating: 0, count: m - start) }
        t += (start..<m).map { _ in [Double](repeating: 0, count: m) }
        for j in start..<m {
            for i in 0...j {
                let v = 0.5 * (dot(basis[i], products[j]) + dot(basis[j], products[i]))
                t[i][j] = v
                t[j][i] = v
            }
        }
    }

    /// The top `count` Ritz values (decreasing), Ritz vectors Q·s and their products (A·Q)·s.
    private static func ritzPairs(_ t: [[Double]], basis: [[Double]], products: [[Double]], count: Int)
        -> (values: [Double], vectors: [[Double]], products: [[Double]])
    {
        let m = basis.count, d = basis[0].count
        let (values, s) = symmetricEigen(Matrix(t))
        var vectors: [[Double]] = [], images: [[Double]] = []
        for c in 0..<count {
            var v = [Double](repeating: 0, count: d), av = [Double](repeating: 0, count: d)
            for k in 0..<m {
                let w = s[c, k]
                basis[k].withUnsafeBufferPointer { q in
                    products[k].withUnsafeBufferPointer { aq in
                        for f in 0..<d {
                            v[f] += w * q[f]
                            av[f] += w * aq[f]
                        }
                    }
                }
            }
            vectors.append(v)
            images.append(av)
        }
        return (Array(values.prefix(count)), vectors, images)
    }
}
