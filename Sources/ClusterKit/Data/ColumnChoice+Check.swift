import Foundation

extension ColumnChoice {
    /// Throws when a feature column holds text, naming the first offending cell in the file
    /// (whichever column and row it is on) with the evidence and the way out.
    ///
    /// - A mixed column (at least half numbers, see `ColumnVerdict`):
    ///   `a.csv:2:2: "abc" is not a number in numeric column 'y' (3 of 4 values are numbers); use
    ///   --columns to choose features or --label y to make it the label`. When the cell reads as a
    ///   number with a decimal comma, the advice is `--decimal ,` instead.
    /// - A text column chosen by `--columns`: `a.csv:2:2: "x" is not a number (column 'kind')`.
    static func checkFeatures(_ features: [Int], verdicts: [ColumnVerdict], census: [ColumnCensus], rows: Int,
                              names: [String], options: LoadOptions, source: String) throws {
        let bad = features.filter { verdicts[$0] == .mixed || verdicts[$0] == .text }
        let culprit = bad.min { a, b in
            let x = census[a].firstTexts[0], y = census[b].firstTexts[0]
            return (x.line, x.field) < (y.line, y.field)
        }
        guard let j = culprit else { return }
        let cells = census[j].firstTexts
        let first = cells[0]
        let name = names[j]
        let message: String
        if verdicts[j] == .text {
            message = "\"\(MessageText.excerpt(first.value))\" is not a number (column '\(name)')"
        } else {
            let numbers = census[j].numbers(rows: rows)
            var evidence = "\(numbers) of \(numbers + census[j].texts) values are numbers"
            let others = cells.dropFirst().map { "\"\(MessageText.excerpt($0.value))\" on line \($0.line)" }
            if !others.isEmpty { evidence += "; also " + others.joined(separator: ", ") }
            let advice: String
            if census[j].decimalCommas > 0 && !options.decimalComma {
                advice = "if ',' is the decimal mark, use --decimal ,"
            } else if options.columns == nil {
                advice = "use --columns to choose features or --label \(CommandLineText.quoted(name)) to make it the label"
            } else {
                advice = "correct the value or leave '\(name)' out of --columns"
            }
            message = "\"\(MessageText.excerpt(first.value))\" is not a number in numeric column '\(name)' (\(evidence)); \(advice)"
        }
        throw DataError(file: source, line: first.line, column: first.field + 1, message)
    }
}

/// Text as a user would type it in a shell.
enum CommandLineText {
    /// The word itself when it is plain, else single-quoted.
    static func quoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
            ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.:/".unicodeScalars.contains($0)) && $0.isASCII
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
