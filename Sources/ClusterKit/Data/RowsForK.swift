/// The check every command makes before fitting or opening a model: k clusters need at least
/// k usable rows (rows with a missing value were dropped before counting).
public enum RowsForK {
    /// Throws `SOURCE: only N usable rows, fewer than k = K` (or `the model's k` for a saved
    /// model) when `rows < k`.
    public static func check(rows: Int, k: Int, source: String, savedModel: Bool = false) throws {
        guard rows < k else { return }
        throw ModelError("\(source): only \(rows) usable rows, fewer than \(savedModel ? "the model's " : "")k = \(k)")
    }
}
