/// What to do with a missing value in a chosen feature column.
public enum Imputation: String, Sendable, CaseIterable {
    /// Drop the row and record it in `Dataset.dropped`.
    case none
    /// Fill with the mean of the column's finite values; counted in `Dataset.imputedCount`.
    case mean
}

/// How `Dataset.load(csv:source:options:)` reads a file.
///
/// Every field has a "work it out" default, so `LoadOptions()` suits a typical CSV with a header,
/// numeric features and a trailing text label.
public struct LoadOptions: Sendable, Equatable {
    /// Field separator; `nil` sniffs among `,`, `;` and tab.
    public var delimiter: UInt8?
    /// Feature columns by header name, in this order; `nil` takes every numeric column except the label.
    public var columns: [String]?
    /// Label column by name (it may be numeric; it is then not a feature); `nil` takes the last text column, if any.
    public var label: String?
    /// Missing values in chosen features: `.none` drops the row, `.mean` fills it.
    public var impute: Imputation
    /// `,` is the decimal mark (`2,25` is 2.25); the delimiter is then never sniffed as `,`.
    public var decimalComma: Bool

    public init(delimiter: UInt8? = nil, columns: [String]? = nil, label: String? = nil, impute: Imputation = .none,
                decimalComma: Bool = false) {
        self.delimiter = delimiter
        self.columns = columns
        self.label = label
        self.impute = impute
        self.decimalComma = decimalComma
    }
}
