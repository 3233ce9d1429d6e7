/// The check every command makes before fitting or opening a model: k clusters need at least
/// k usable rows (rows with a missing value were dropped before counting). The one place this
/// is decided and worded; commands throw it (`check`), the explorer shows it (`problem`).
public enum RowsForK {
    /// Whether `rows` usable rows are enough for k clusters.
    public static func suffice(rows: Int, k: Int) -> Bool { rows >= k }

    /// nil when they suffice; else `only N usable rows, fewer than k = K` (or `the model's k`
    /// for a saved model), without a source: for a status line that names none.
    public static func problem(rows: Int, k: Int, savedModel: Bool = false) -> String? {
        guard !suffice(rows: rows, k: k) else { return nil }
        return "only \(rows) usable rows, fewer than \(savedModel ? "the model's " : "")k = \(k)"
    }

    /// Throws `SOURCE: only N usable rows, fewer than k = K` (or `the model's k` for a saved
    /// model) when `rows < k`.
    public static func check(rows: Int, k: Int, source: String, savedModel: Bool = false) throws {
        guard let problem = problem(rows: rows, k: k, savedModel: savedModel) else { return }
        throw ModelError("\(source): \(problem)")
    }
}
