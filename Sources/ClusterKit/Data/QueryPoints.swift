/// New points to ask a model about, in the training file's own units and columns.
public enum QueryPoints {
    /// One point written as `X1,X2,…` (one number per column, in the model's column order).
    /// Throws `ModelError` naming the columns when the count is wrong or a value is not a finite number.
    public static func parse(_ text: String, columns: [String]) throws -> [Double] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingASCIISpaces }
        guard parts.count == columns.count else {
            throw ModelError("--point \(text): expected \(columns.count) numbers (\(columns.joined(separator: ", "))), got \(parts.count)")
        }
        return try parts.enumerated().map { j, part in
            let bytes = Array(part.utf8)
            let value: Double? = bytes.isEmpty ? nil : bytes.withUnsafeBufferPointer { FastFloat.parse($0.baseAddress!, $0.count) }
            guard let value, value.isFinite else {
                throw ModelError("--point \(text): '\(part)' is not a finite number (column '\(columns[j])')")
            }
            return value
        }
    }

    /// The rows of a query CSV, whose header names the model's columns in any order.
    ///
    /// Every model column must be present, and no other column except the training file's label
    /// (which is ignored), so a held-out part of the training file works as it is. Errors name the
    /// missing and extra columns; a row with a missing value is an error at its line (a query cannot
    /// be answered without all its coordinates). Returns each row's 1-based line and its values in
    /// the model's column order.
    public static func load(csv bytes: [UInt8], source: String, columns: [String], label: String?,
                            delimiter: UInt8? = nil) throws -> [(line: Int, point: [Double])] {
        let dataset = try rows(csv: bytes, source: source, columns: columns, label: label, delimiter: delimiter)
        return (0..<dataset.count).map { (dataset.lineNumbers[$0], Array(dataset.row($0))) }
    }

    /// `load`'s rows as one table (`values` in the model's column order, `lineNumbers`), without
    /// an array per row: what a streamed query file is answered from.
    static func rows(csv bytes: [UInt8], source: String, columns: [String], label: String?,
                     delimiter: UInt8? = nil) throws -> Dataset {
        let layout = try bytes.withUnsafeBufferPointer { try CSVLayout.detect($0, source: source, delimiter: delimiter) }
        guard layout.hasHeader else {
            throw DataError(file: source, line: 1, "no header row: the first line must name the columns ("
                + columns.joined(separator: ", ") + ")")
        }
        let missing = columns.filter { !layout.names.contains($0) }
        let extra = layout.names.filter { !columns.contains($0) && $0 != label }
        if !missing.isEmpty || !extra.isEmpty {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing column" + (missing.count > 1 ? "s " : " ") + missing.map { "'\($0)'" }.joined(separator: ", ")) }
            if !extra.isEmpty { parts.append("extra column" + (extra.count > 1 ? "s " : " ") + extra.map { "'\($0)'" }.joined(separator: ", ")) }
            throw DataError(file: source, parts.joined(separator: "; ") + " (the model's columns: " + columns.joined(separator: ", ") + ")")
        }
        let hasLabel = label.map { layout.names.contains($0) } ?? false
        let dataset = try Dataset.load(csv: bytes, source: source, options: LoadOptions(
            delimiter: layout.delimiter, columns: columns, label: hasLabel ? label : nil))
        if let first = dataset.dropped.first {
            throw DataError(file: source, line: first.line, "a query row with a missing or non-finite value")
        }
        return dataset
    }
}

extension Substring {
    var trimmingASCIISpaces: String {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
