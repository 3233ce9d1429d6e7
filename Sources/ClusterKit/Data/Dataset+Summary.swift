extension Dataset {
    /// One line about rows left out, e.g. `dropped 2 rows with missing values (lines 5, 273)`;
    /// `nil` when none were. At most five line numbers are listed, then `…`.
    public var droppedSummary: String? {
        guard !dropped.isEmpty else { return nil }
        let lines = dropped.prefix(5).map { String($0.line) }.joined(separator: ", ")
        let more = dropped.count > 5 ? ", …" : ""
        let rows = dropped.count == 1 ? "1 row" : "\(dropped.count) rows"
        let word = dropped.count == 1 ? "line" : "lines"
        return "dropped \(rows) with missing values (\(word) \(lines)\(more))"
    }

    /// One line about filled values, e.g. `filled 3 missing values with column means`; `nil` when none were.
    public var imputedSummary: String? {
        guard imputedCount > 0 else { return nil }
        return "filled \(imputedCount) missing value\(imputedCount == 1 ? "" : "s") with column means"
    }
}
