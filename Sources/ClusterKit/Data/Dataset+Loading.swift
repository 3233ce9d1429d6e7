extension Dataset {
    /// Reads a CSV or TSV file's bytes into a dataset of its chosen numeric columns.
    ///
    /// `source` is the name for messages (the path as given, or `<stdin>`). The file is checked for
    /// valid UTF-8, its delimiter sniffed unless given, a header detected (see `CSVLayout`) and the
    /// columns chosen: `options.columns` by name, else every numeric column except the label; the
    /// label is `options.label`, else the last text column. Rows with a missing chosen value are
    /// dropped (recorded in `dropped`) or, with `.mean`, filled. Throws `DataError` located in the file.
    public static func load(csv bytes: [UInt8], source: String, options: LoadOptions = LoadOptions()) throws -> Dataset {
        try bytes.withUnsafeBufferPointer { try load(buffer: $0, source: source, options: options) }
    }

    /// `load(csv:source:options:)` over bytes the caller holds (say, a memory-mapped file).
    public static func load(csvBuffer buffer: UnsafeBufferPointer<UInt8>, source: String,
                            options: LoadOptions = LoadOptions()) throws -> Dataset {
        try load(buffer: buffer, source: source, options: options)
    }

    /// The load itself.
    ///
    /// Design note: a column's kind is settled by all its values, yet which columns to parse as
    /// numbers depends on the kinds. The read therefore uses the kinds guessed from the first
    /// values (right for nearly every file) while it counts every column's text and missing
    /// cells; only when the whole columns then choose differently is the file read a second time.
    static func load(buffer buf: UnsafeBufferPointer<UInt8>, source: String, options: LoadOptions) throws -> Dataset {
        let scan = ByteScan.run(buf)
        if let bad = scan.firstInvalidUTF8 {
            throw DataError(file: source, line: scan.line(of: bad, in: buf), "invalid UTF-8")
        }
        let layout = try CSVLayout.detect(buf, source: source, delimiter: options.delimiter, decimalComma: options.decimalComma)
        return try readChoosingColumns(layout: layout, options: options, source: source) { layout, actions in
            try CSVReader.read(buf, layout: layout, source: source, actions: actions, scan: scan)
        }
    }

    /// Reads with the columns guessed from `layout`, chooses the columns from what the read saw
    /// (every value), reads again (with the layout's kinds now settled) only when that choice
    /// differs from the guess, and builds the dataset: the whole-buffer load and the chunked load
    /// (`ChunkedLoad`) differ only in `read`.
    static func readChoosingColumns(layout: CSVLayout, options: LoadOptions, source: String,
                                    read: (CSVLayout, [ColumnAction]) throws -> CSVReadResult) throws -> Dataset {
        var layout = layout
        // A guess that fails (say, no numeric column by the first values) is decided after the read.
        let guess = try? ColumnChoice(layout: layout, options: options, source: source)
        let guessedActions = guess?.actions(fieldCount: layout.fieldCount)
            ?? [ColumnAction](repeating: .count, count: layout.fieldCount)
        var result = try read(layout, guessedActions)
        let verdicts = result.census.map { ColumnVerdict($0, rows: result.rowCount) }
        layout.kinds = verdicts.map(\.kind)
        let choice = try ColumnChoice(layout: layout, options: options, source: source)
        try ColumnChoice.checkFeatures(choice.features, verdicts: verdicts, census: result.census, rows: result.rowCount,
                                       names: layout.names, options: options, source: source)
        let actions = choice.actions(fieldCount: layout.fieldCount)
        if actions != guessedActions {
            result = try read(layout, actions)
        }
        return try Dataset(read: &result, layout: layout, choice: choice, source: source, impute: options.impute)
    }

    /// The dataset from a finished read: moves the arrays out, then drops or fills missing values.
    /// `rowIndices` are the rows' indices among the file's data rows (0, 1, 2, … unless sampled).
    init(read: inout CSVReadResult, layout: CSVLayout, choice: ColumnChoice, source: String, impute: Imputation,
         rowIndices: [Int]? = nil) throws {
        let rowCount = read.rowCount
        // Moved out, not shared, so the in-place edits below never copy tens of megabytes.
        self.init(
            source: source, featureNames: choice.features.map { layout.names[$0] },
            values: take(&read.numbers), count: rowCount, dimension: choice.features.count,
            rowIndices: rowIndices ?? Array(0..<rowCount), lineNumbers: take(&read.rowLines),
            labelName: choice.label.map { layout.names[$0] },
            labelCodes: choice.label == nil ? nil : take(&read.textCodes[0]),
            labelNames: choice.label == nil ? [] : read.textNames[0])
        // The census knows whether any feature cell was missing or text (the only NaNs), which
        // spares a scan of the whole matrix in the usual case of none.
        let complete = choice.features.allSatisfy { read.census.indices.contains($0) && read.census[$0].missing == 0 && read.census[$0].texts == 0 }
        if !complete {
            switch impute {
            case .none: dropRowsWithMissingValues()
            case .mean: try fillMissingWithMeans()
            }
        }
        if count == 0 {
            throw DataError(file: source, "no usable rows: all \(rowCount) rows have missing values")
        }
    }

    /// Removes rows holding a NaN, records them in `dropped`, and renumbers label codes so that
    /// `labelNames` keeps only labels of kept rows, still in order of first appearance.
    mutating func dropRowsWithMissingValues() {
        let d = dimension
        // Most files have nothing to drop: a read-only scan avoids touching the other arrays.
        guard values.contains(where: { $0.isNaN }) else { return }
        var kept = 0
        var keptLabels = [Int]()
        var lost: [DroppedRow] = []
        values.withUnsafeMutableBufferPointer { v in
            for r in 0..<count {
                var complete = true
                for k in 0..<d where v[r * d + k].isNaN { complete = false; break }
                if !complete {
                    lost.append(DroppedRow(rowIndex: rowIndices[r], line: lineNumbers[r]))
                    continue
                }
                if kept != r {
                    for k in 0..<d { v[kept * d + k] = v[r * d + k] }
                    rowIndices[kept] = rowIndices[r]
                    lineNumbers[kept] = lineNumbers[r]
                }
                if let codes = labelCodes { keptLabels.append(codes[r]) }
                kept += 1
            }
        }
        guard !lost.isEmpty else { return }
        values.removeLast((count - kept) * d)
        rowIndices.removeLast(count - kept)
        lineNumbers.removeLast(count - kept)
        count = kept
        dropped = lost
        if labelCodes != nil {
            var renumber = [Int](repeating: -1, count: labelNames.count)
            var names: [String] = []
            for i in keptLabels.indices where keptLabels[i] >= 0 {
                let old = keptLabels[i]
                if renumber[old] < 0 {
                    renumber[old] = names.count
                    names.append(labelNames[old])
                }
                keptLabels[i] = renumber[old]
            }
            labelCodes = keptLabels
            labelNames = names
        }
    }

    /// Replaces each NaN with the mean of its column's finite values and counts them.
    ///
    /// A column with missing values but no value at all cannot be filled; that is an error.
    mutating func fillMissingWithMeans() throws {
        let d = dimension
        var sums = [Double](repeating: 0, count: d)
        var counts = [Int](repeating: 0, count: d)
        var missing = 0
        for r in 0..<count {
            for k in 0..<d {
                let x = values[r * d + k]
                if x.isNaN { missing += 1 } else { sums[k] += x; counts[k] += 1 }
            }
        }
        guard missing > 0 else { return }
        if let k = (0..<d).first(where: { counts[$0] == 0 }), count > 0 {
            throw DataError(file: source, "column '\(featureNames[k])' has no values to take a mean from")
        }
        let means = (0..<d).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : 0 }
        for i in values.indices where values[i].isNaN { values[i] = means[i % d] }
        imputedCount = missing
    }
}

/// Returns the array and leaves an empty one, so the caller holds the only reference.
private func take<T>(_ array: inout [T]) -> [T] {
    var taken: [T] = []
    swap(&taken, &array)
    return taken
}

/// Which columns of a file become features and which the label, from the options and the kinds.
///
/// Errors: an unknown name (listing the available ones), a name listed twice in `columns`, an empty
/// `columns`, the label also listed as a feature, and no feature column at all.
struct ColumnChoice: Equatable {
    /// Field indices of the features, in the order of `Dataset.values`' columns.
    var features: [Int]
    var label: Int?

    init(layout: CSVLayout, options: LoadOptions, source: String) throws {
        let names = layout.names
        // A wide file's list is cut, so the message stays one readable line.
        let shown = names.count > 12 ? Array(names.prefix(10)) : names
        let available = shown.map { "'\($0)'" }.joined(separator: ", ")
            + (shown.count < names.count ? ", … (\(names.count) columns)" : "")
        // The first column with a name wins when a header repeats one.
        func index(of name: String, role: String) throws -> Int {
            guard let j = names.firstIndex(of: name) else {
                throw DataError(file: source, "unknown \(role) '\(name)' (columns: \(available))")
            }
            return j
        }

        if let name = options.label {
            label = try index(of: name, role: "label column")
        } else {
            label = layout.kinds.lastIndex(of: .text)
        }

        if let chosen = options.columns {
            guard !chosen.isEmpty else { throw DataError(file: source, "no columns chosen") }
            var seen = Set<Int>()
            features = []
            for name in chosen {
                let j = try index(of: name, role: "column")
                guard seen.insert(j).inserted else { throw DataError(file: source, "column '\(name)' is chosen twice") }
                features.append(j)
            }
            if let l = label, seen.contains(l) {
                guard options.label == nil else {
                    throw DataError(file: source, "column '\(names[l])' cannot be both the label and a feature")
                }
                // The guessed label was picked as a feature: the user's choice wins.
                label = nil
            }
        } else {
            let guessed = label
            features = layout.kinds.indices.filter { layout.kinds[$0] == .numeric && $0 != guessed }
            guard !features.isEmpty else {
                throw DataError(file: source, "no numeric column to use as a feature (columns: \(available))")
            }
        }
    }

    /// What the read does with each field: features into number slots in order, the label into
    /// text slot 0, the rest only counted.
    func actions(fieldCount: Int) -> [ColumnAction] {
        var actions = [ColumnAction](repeating: .count, count: fieldCount)
        for (slot, j) in features.enumerated() { actions[j] = .number(slot: slot) }
        if let l = label { actions[l] = .text(slot: 0) }
        return actions
    }
}
