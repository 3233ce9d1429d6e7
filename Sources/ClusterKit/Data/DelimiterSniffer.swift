/// Guesses the field separator of a file among `,`, `;` and tab.
///
/// Rule: split the first records (at most 20, within the first 64 KiB, quote-aware) with each
/// candidate. A candidate is consistent when every record has the same number of fields and that
/// number is above 1; the consistent candidate with the most fields wins. If none is consistent,
/// the one whose field count of the first record repeats in the most records wins (a ragged row
/// near the top should still be reported as ragged, not as a one-column file). Ties go to `,`,
/// then `;`, then tab; with no evidence at all the answer is `,`.
enum DelimiterSniffer {
    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]

    /// `excludingComma` leaves `,` out (it is the decimal mark); the fallback is then `;`.
    static func sniff(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, excludingComma: Bool = false) -> UInt8 {
        let limit = min(buf.count, start + 65_536)
        let window = UnsafeBufferPointer(rebasing: buf[0..<limit])
        let truncated = limit < buf.count

        var best: (delimiter: UInt8, consistent: Bool, agreeing: Int, fields: Int)?
        var fields: [CSVField] = []
        for d in candidates where !(excludingComma && d == UInt8(ascii: ",")) {
            var cursor = CSVCursor(window, delimiter: d, pos: start)
            var counts: [Int] = []
            while counts.count < 20 && cursor.skipBlankLines() {
                cursor.readRecord(into: &fields)
                // A record cut by the window's edge says nothing about the real count.
                if truncated && cursor.atEnd { break }
                counts.append(fields.count)
            }
            guard let first = counts.first, first > 1 else { continue }
            let agreeing = counts.filter { $0 == first }.count
            let consistent = agreeing == counts.count
            let candidate = (delimiter: d, consistent: consistent, agreeing: agreeing, fields: first)
            if let b = best {
                let better: Bool
                if consistent != b.consistent {
                    better = consistent
                } else if consistent {
                    better = first > b.fields
                } else {
                    better = agreeing > b.agreeing || (agreeing == b.agreeing && first > b.fields)
                }
                if better { best = candidate }
            } else {
                best = candidate
            }
        }
        return best?.delimiter ?? UInt8(ascii: excludingComma ? ";" : ",")
    }
}
