/// A dense row-major matrix of doubles: `rows × columns` values in `values`.
///
/// A value type over a copy-on-write array, so states in an algorithm's history share their data.
public struct Matrix: Sendable, Equatable, Hashable {
    public var rows: Int
    public var columns: Int
    public var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "a \(rows)×\(columns) matrix needs \(rows * columns) values")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.init(rows: rows, columns: columns, values: Array(repeating: value, count: rows * columns))
    }

    /// Builds a matrix from nested rows; all rows must have the same length.
    public init(_ nested: [[Double]]) {
        let columns = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == columns }, "ragged rows")
        self.init(rows: nested.count, columns: columns, values: nested.flatMap { $0 })
    }

    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    @inline(__always)
    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    public func row(_ i: Int) -> [Double] {
        Array(values[(i * columns)..<((i + 1) * columns)])
    }

    public var nested: [[Double]] { (0..<rows).map { row($0) } }

    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }

    /// The rows at the given positions, in that order.
    public func selectingRows(_ indices: [Int]) -> Matrix {
        let d = columns
        let out = [Double](unsafeUninitializedCapacity: indices.count * d) { buffer, count in
            values.withUnsafeBufferPointer { v in
                for (r, i) in indices.enumerated() {
                    precondition(i >= 0 && i < rows, "row \(i) out of 0..<\(rows)")
                    (buffer.baseAddress! + r * d).initialize(from: v.baseAddress! + i * d, count: d)
                }
            }
            count = indices.count * d
        }
        return Matrix(rows: indices.count, columns: columns, values: out)
    }
}

extension Dataset {
    /// The features as a matrix (`count × dimension`).
    public var matrix: Matrix { Matrix(rows: count, columns: dimension, values: values) }
}

@inline(__always)
func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
    var s0 = 0.0, s1 = 0.0
    var j = 0
    while j + 1 < n {
        let d0 = a[j] - b[j], d1 = a[j + 1] - b[j + 1]
        s0 += d0 * d0
        s1 += d1 * d1
        j += 2
    }
    if j < n { let d = a[j] - b[j]; s0 += d * d }
    return s0 + s1
}

/// Squared Euclidean distance between two equal-length vectors.
public func squaredDistance(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    return a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in squaredDistance(pa.baseAddress!, pb.baseAddress!, a.count) }
    }
}
