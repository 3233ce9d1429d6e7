import CKernels

/// A few points (k-means++'s candidates, a table's centroids) laid out for squared distances from
/// many rows at once.
///
/// Every distance has the bits of `squaredDistance(_:_:_:)` (even and odd features summed apart, in
/// feature order, then added): the AVX2 kernel (`cv_pair_distances_avx2`, where the CPU has it)
/// puts different points in the SIMD lanes, never different terms of one sum; elsewhere the Swift
/// function itself runs. Tests compare the two.
struct PointDistances {
    /// Whether this CPU runs the AVX2 kernel, checked once (whatever the cap: for tests).
    static let hasAVX2 = KernelLevel.cpu >= .avx2
    /// Whether the AVX2 kernel runs when a caller does not say: `KernelLevel.active` allows it.
    static var vectorizedByDefault: Bool { KernelLevel.active >= .avx2 }

    let count: Int
    let columns: Int
    /// `count` rounded up to a multiple of 8: the stride of `distances`' output rows.
    let padded: Int
    /// The points transposed, `columns` × `padded` (padding points are zero; their distances are
    /// written but mean nothing).
    private var transposed: [Double]
    /// The points row-major, for the Swift path.
    private var points: [Double]
    let vectorized: Bool

    /// `point(t)` is the address of point t's `columns` values.
    init(count: Int, columns: Int, vectorized: Bool = vectorizedByDefault, point: (Int) -> UnsafePointer<Double>) {
        self.count = count
        self.columns = columns
        self.vectorized = vectorized
        padded = max(8, (count + 7) / 8 * 8)
        transposed = [Double](repeating: 0, count: vectorized ? columns * padded : 0)
        points = [Double](repeating: 0, count: vectorized ? 0 : count * columns)
        for t in 0..<count {
            let p = point(t)
            if vectorized {
                for f in 0..<columns { transposed[f * padded + t] = p[f] }
            } else {
                for f in 0..<columns { points[t * columns + f] = p[f] }
            }
        }
    }

    /// Squared distances of rows `rows` of `x` (row-major, `columns` wide) to every point:
    /// `out[(i − rows.lowerBound) * stride + t]` (`stride` ≥ `padded`; `padded` values a row written).
    func distances(_ x: UnsafePointer<Double>, _ rows: Range<Int>, into out: UnsafeMutablePointer<Double>, stride: Int? = nil) {
        let stride = stride ?? padded
        precondition(stride >= padded)
        if vectorized {
            transposed.withUnsafeBufferPointer { pt in
                cv_pair_distances_avx2(x, rows.lowerBound, rows.upperBound, columns, pt.baseAddress!, padded, out, stride)
            }
        } else {
            points.withUnsafeBufferPointer { p in
                for i in rows {
                    let o = out + (i - rows.lowerBound) * stride, r = x + i * columns
                    for t in 0..<count { o[t] = squaredDistance(r, p.baseAddress! + t * columns, columns) }
                }
            }
        }
    }

    /// The transposed points (`columns` × `padded`) for a C kernel; only when `vectorized`.
    func withTransposed<R>(_ body: (UnsafePointer<Double>) -> R) -> R {
        precondition(vectorized)
        return transposed.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// Squared distances of two rows anywhere (`r1` may be `r0`) to every point: `o0[t]`, `o1[t]`
    /// (`padded` values each written).
    func distances(_ r0: UnsafePointer<Double>, _ r1: UnsafePointer<Double>,
                   into o0: UnsafeMutablePointer<Double>, _ o1: UnsafeMutablePointer<Double>) {
        if vectorized {
            transposed.withUnsafeBufferPointer { pt in
                cv_two_rows_distances_avx2(r0, r1, columns, pt.baseAddress!, padded, o0, o1)
            }
        } else {
            points.withUnsafeBufferPointer { p in
                for t in 0..<count {
                    o0[t] = squaredDistance(r0, p.baseAddress! + t * columns, columns)
                    o1[t] = squaredDistance(r1, p.baseAddress! + t * columns, columns)
                }
            }
        }
    }
}
