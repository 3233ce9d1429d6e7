/// A numeric table ready for clustering: the chosen feature columns of a file, row-major.
///
/// Shapes: `values.count == count * dimension`; `rowIndices`, `lineNumbers` and (when present)
/// `labelCodes` have `count` entries. Rows dropped for missing values are not in `values`; their
/// file positions are in `dropped`, so `rowIndices` has gaps where they were.
public struct Dataset: Sendable, Equatable {
    /// The name used in messages: the path as given, or `<stdin>`.
    public var source: String
    /// Feature column names, in the order of `values`' columns.
    public var featureNames: [String]
    /// Row-major `count × dimension` feature values; all finite.
    public var values: [Double]
    public var count: Int
    public var dimension: Int
    /// For each kept row, its 0-based index among the file's data rows (header excluded).
    public var rowIndices: [Int]
    /// For each kept row, the 1-based physical line where it starts in the file.
    public var lineNumbers: [Int]
    /// The label column's name, when the file has one (or `--label` chose one).
    public var labelName: String?
    /// For each kept row, an index into `labelNames`, or -1 where the label is empty.
    public var labelCodes: [Int]?
    /// Distinct label values in order of first appearance.
    public var labelNames: [String]
    /// Rows left out because a chosen feature was empty, NA, NaN or infinite.
    public var dropped: [DroppedRow]
    /// How many missing values `--impute mean` filled (0 when not imputing).
    public var imputedCount: Int
    /// Set when the rows are a uniform sample of the input (`--sample`): how many rows were drawn
    /// from how many, for "sample 200,000 of 48,213,771 rows". Nil when every row was read.
    public var sample: SampleSummary?

    public init(source: String, featureNames: [String], values: [Double], count: Int, dimension: Int,
                rowIndices: [Int]? = nil, lineNumbers: [Int]? = nil, labelName: String? = nil,
                labelCodes: [Int]? = nil, labelNames: [String] = [], dropped: [DroppedRow] = [],
                imputedCount: Int = 0, sample: SampleSummary? = nil) {
        precondition(values.count == count * dimension, "values must hold count × dimension numbers")
        self.source = source
        self.featureNames = featureNames
        self.values = values
        self.count = count
        self.dimension = dimension
        self.rowIndices = rowIndices ?? Array(0..<count)
        self.lineNumbers = lineNumbers ?? self.rowIndices.map { $0 + 2 }
        self.labelName = labelName
        self.labelCodes = labelCodes
        self.labelNames = labelNames
        self.dropped = dropped
        self.imputedCount = imputedCount
        self.sample = sample
    }

    /// The features of kept row `i` (0-based position in `values`, not the file's row index).
    public func row(_ i: Int) -> ArraySlice<Double> {
        values[(i * dimension)..<((i + 1) * dimension)]
    }

    /// The label text of kept row `i`, if any.
    public func label(of i: Int) -> String? {
        guard let codes = labelCodes, codes[i] >= 0 else { return nil }
        return labelNames[codes[i]]
    }
}

/// A data row that was left out, with where it is in the file.
public struct DroppedRow: Sendable, Equatable {
    /// 0-based data-row index in the file.
    public var rowIndex: Int
    /// 1-based physical line.
    public var line: Int
    public init(rowIndex: Int, line: Int) {
        self.rowIndex = rowIndex
        self.line = line
    }
}
