import CKernels

/// The nonzeros of a mostly-zero matrix, row by row (compressed sparse rows), in the chunks the
/// covariance operator sums over: what the projection's passes read when the data are images
/// (pixel files are 80–95 % zeros), so each pass costs the nonzeros rather than N·D.
///
/// Design notes: built in the same pass as the column sums (`CovarianceOperator.prepared`), and
/// only when a sample of rows says it will pay: at most a quarter of the sampled cells nonzero,
/// and each chunk gives up (keeping only its sums) past a third, so the copy is never more than
/// half the size of the data and usually a tenth. It lives only while the projection is fitted.
struct SparseRows {
    /// The projection's chunks keep their values as they are.
    typealias Chunk = SparseChunk<Double>

    var chunks: [Chunk]
    /// Rows with a nonzero in each column.
    var nonzerosPerColumn: [Int]

    /// Try the sparse form when at most this share of a row sample is nonzero.
    static let sampledDensityLimit = 0.25
    /// A chunk denser than this gives up its sparse form (the dense passes are then used).
    static let chunkDensityLimit = 1.0 / 3.0
    /// Rows sampled to decide.
    static let sampleRows = 1_024

    /// The share of nonzeros in a strided sample of rows; 1 when the sparse form cannot hold the
    /// data (no rows, or more columns than the kernel's 32-bit column indices reach).
    static func sampledDensity(_ data: Matrix) -> Double {
        let n = data.rows, d = data.columns
        guard n > 0, d > 0, d <= Int(Int32.max) else { return 1 }
        let step = max(1, n / sampleRows)
        var nonzeros = 0, cells = 0
        data.values.withUnsafeBufferPointer { x in
            for i in stride(from: 0, to: n, by: step) {
                let row = x.baseAddress! + i * d
                for f in 0..<d where row[f] != 0 { nonzeros += 1 }
                cells += d
            }
        }
        return Double(nonzeros) / Double(cells)
    }

    /// Hands freed sparse chunks' pages back to the system (the projection's, the seeding's).
    /// Their chunks are a few megabytes each, below glibc's mmap threshold once it has risen, so
    /// `free` keeps them in the heap and the process's peak memory later (the data plus a
    /// bootstrap resample) would carry them too.
    static func releaseFreedMemory() {
        cv_pca_release_freed_memory()
    }
}

/// Rows `rows` of a matrix: row r's nonzeros are `values[k]` at `columns[k]` for k in
/// `rowStart[r - rows.lowerBound] ..< rowStart[r - rows.lowerBound + 1]`, columns increasing.
/// `Value` is `Double` (`SparseRows`), or a narrower type where every value is known to fit it
/// exactly (k-means++'s integer pixels: `Initialization.ExactSparseRows`), to hold less memory.
struct SparseChunk<Value> {
    var rows: Range<Int>
    var rowStart: [Int]
    var columns: [Int32]
    var values: [Value]
}
