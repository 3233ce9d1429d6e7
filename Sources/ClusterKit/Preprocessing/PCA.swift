/// A two-component principal-component projection for display.
///
/// Three ways to the same two axes, chosen by shape (see `init(fitting:)`); each gives what
/// scikit-learn's `PCA(2)` gives up to rounding: the same components (signs by its convention, the
/// largest-magnitude loading of each component positive) and the same variance shares.
/// Edge cases: on the Gram and block-Krylov paths, a component the data do not determine (one
/// row, identical rows, rows on a line) is a unit axis orthogonal to the other, with share 0; the
/// covariance path keeps its old answers (Jacobi's axes of a zero matrix; one feature: a zero PC2).
public struct PCA: Sendable, Equatable {
    public var mean: [Double]
    /// 2 × D, unit rows.
    public var components: Matrix
    /// Share of the total variance along each of the two axes.
    public var explainedVarianceRatio: [Double]
    /// Which way the axes were found.
    public var method: Method

    public enum Method: Sendable, Equatable {
        /// The D × D covariance and its full eigendecomposition (cyclic Jacobi): few features.
        case covariance
        /// The N × N Gram matrix of the centred rows and its eigendecomposition: few rows, many features.
        case gram
        /// Block Krylov on the covariance applied implicitly; `passes` over the rows (besides the mean's).
        case blockKrylov(passes: Int)
    }

    /// Up to this many features, the covariance path (the exact path of old; every narrow file's
    /// picture keeps its bits). Its cost is N·D²/2 + the Jacobi's ~10·D³: 5 ms at D = 64.
    static let covarianceMaxFeatures = 64
    /// Up to this many rows (with more features than `covarianceMaxFeatures`), the Gram path:
    /// N²·D/2 + Jacobi on N × N, below one block-Krylov pass's cost at these N.
    static let gramMaxRows = 64

    /// Fits the first two principal components of `data` (N × D, N ≥ 0).
    ///
    /// Design notes: the full D × D eigendecomposition is O(D³) (2,000 × 784 took 47 s); so only
    /// narrow data take it. Few rows take the Gram matrix (its size is N, whatever D). Everything
    /// else takes block Krylov (`PCA+BlockKrylov.swift`): a handful of passes over the rows, memory
    /// O(D · 64), never a D × D matrix nor a copy of the data.
    public init(fitting data: Matrix) {
        if data.columns <= Self.covarianceMaxFeatures {
            self = Self.covariancePath(data)
        } else if data.rows <= Self.gramMaxRows {
            self = Self.gramPath(data)
        } else {
            self = Self.blockKrylovPath(data)
        }
    }

    init(mean: [Double], axes: [[Double]], ratios: [Double], method: Method) {
        var components = Matrix(rows: 2, columns: mean.count)
        for (c, axis) in axes.prefix(2).enumerated() { for f in axis.indices { components[c, f] = axis[f] } }
        self.mean = mean
        self.components = components
        self.explainedVarianceRatio = ratios
        self.method = method
    }

    /// The column means summed row after row: the order the exact and Gram paths were fixed with
    /// (the Krylov path's chunked sums are `CovarianceOperator.columnMeans`).
    static func rowOrderMeans(_ data: Matrix) -> [Double] {
        let n = data.rows, d = data.columns
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for f in 0..<d { mean[f] += data.values[i * d + f] } }
        for f in 0..<d { mean[f] /= Double(max(n, 1)) }
        return mean
    }

    /// The exact path: covariance accumulated in one pass, then `symmetricEigen` (unchanged since
    /// the first release: every picture of narrow data depends on its bits).
    static func covariancePath(_ data: Matrix) -> PCA {
        let n = data.rows, d = data.columns
        let mean = rowOrderMeans(data)
        var cov = Matrix(rows: d, columns: d)
        var diff = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for f in 0..<d { diff[f] = data.values[i * d + f] - mean[f] }
            for p in 0..<d { for q in p..<d { cov.values[p * d + q] += diff[p] * diff[q] } }
        }
        for p in 0..<d { for q in p..<d { cov[p, q] /= Double(max(n - 1, 1)); cov[q, p] = cov[p, q] } }
        let (values, vectors) = symmetricEigen(cov)
        let total = values.reduce(0) { $0 + max($1, 0) }
        var axes: [[Double]] = []
        var ratios = [0.0, 0.0]
        for c in 0..<min(2, d) {
            axes.append(oriented(vectors.row(c)))
            ratios[c] = total > 0 ? max(values[c], 0) / total : 0
        }
        return PCA(mean: mean, axes: axes, ratios: ratios, method: .covariance)
    }

    /// `axis` or its negation, whichever has its largest-magnitude entry (the first of equals)
    /// positive: scikit-learn's `svd_flip(u_based_decision=False)`, which its `PCA` applies.
    static func oriented(_ axis: [Double]) -> [Double] {
        if let big = axis.indices.max(by: { abs(axis[$0]) < abs(axis[$1]) }), axis[big] < 0 { return axis.map { -$0 } }
        return axis
    }

    /// A unit axis e_f orthogonal to `axes` (unit, orthogonal to each other): the first f whose
    /// remainder after removing `axes` is not negligible, normalised. For components the data do
    /// not determine (no variance left), as the covariance path's Jacobi would give on a zero matrix.
    static func standInAxis(orthogonalTo axes: [[Double]], dimension d: Int) -> [Double] {
        for f in 0..<d {
            var e = [Double](repeating: 0, count: d)
            e[f] = 1
            for a in axes { let p = a[f]; for g in 0..<d { e[g] -= p * a[g] } }
            let norm = e.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0.5 { return oriented(e.map { $0 / norm }) }
        }
        return [Double](repeating: 0, count: d)
    }

    /// The (x, y) coordinates of a point on the first two components.
    public func project(_ point: [Double]) -> (x: Double, y: Double) {
        var x = 0.0, y = 0.0
        for f in point.indices {
            let t = point[f] - mean[f]
            x += t * components[0, f]
            y += t * components[1, f]
        }
        return (x, y)
    }

    /// The point of the PCA plane through the mean at plane coordinates (x, y).
    public func point(atPlane x: Double, _ y: Double) -> [Double] {
        mean.indices.map { mean[$0] + x * components[0, $0] + y * components[1, $0] }
    }
}
