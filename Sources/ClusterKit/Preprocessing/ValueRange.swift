import Foundation

/// The magnitudes clusterview can cluster without overflow, and the check that enforces them.
///
/// Every algorithm sums squared differences: a squared distance adds D of them, an inertia or a
/// covariance N·D, and a Mahalanobis distance divides them by variances as small as `reg_covar`
/// (1e-6). So values are accepted up to `limit(rows:columns:)` =
/// √(greatestFiniteMagnitude · 1e-6 / (64·N·D)) in the clustering space, about 1e146 for a
/// million rows of ten columns: every such sum then stays finite. Larger values give a one-line
/// error naming the first such value, its line and column, and what to do (`--standardize`, whose
/// z-scores are at most √N in size, or rescaling the column); never `inf`, `nan` or a crash.
///
/// At the other end, when every column's spread (max − min) is below `smallestSpread` (1e-150)
/// but not 0, every squared distance underflows to 0 or loses its digits, and the rows would be
/// clustered as if equal: that is an error too, with the same remedies. A constant column, or a
/// tiny column beside ordinary ones, is fine (it adds nothing to distances, as in scikit-learn).
public enum ValueRange {
    /// The largest magnitude accepted in the clustering space for an N × D matrix.
    public static func limit(rows: Int, columns: Int) -> Double {
        let cells = Double(max(rows, 1)) * Double(max(columns, 1))
        return (Double.greatestFiniteMagnitude * 1e-6 / (64 * cells)).squareRoot()
    }

    /// The first value of `data.matrix` beyond the limit, as an error naming the file, line and
    /// column; nil when all values are in range.
    public static func problem(in data: PreparedData) -> DataError? {
        let m = data.matrix, n = m.rows, d = m.columns
        let limit = limit(rows: n, columns: d)
        // One pass for both checks (was 1 + D passes, each reading the whole matrix): the first
        // value out of range in row order, and every column's lowest and highest value.
        var lo = [Double](repeating: 0, count: d), hi = [Double](repeating: 0, count: d)
        let beyond: Int? = m.values.withUnsafeBufferPointer { x in
            guard let rows = x.baseAddress, n > 0, d > 0 else { return nil }
            return lo.withUnsafeMutableBufferPointer { lo in
                hi.withUnsafeMutableBufferPointer { hi in
                    for f in 0..<d { lo[f] = rows[f]; hi[f] = rows[f] }
                    for i in 0..<n {
                        let row = rows + i * d
                        var inRange = true
                        for f in 0..<d {
                            let v = row[f]
                            inRange = inRange && abs(v) <= limit
                            lo[f] = min(lo[f], v)
                            hi[f] = max(hi[f], v)
                        }
                        if !inRange {
                            for f in 0..<d where !(abs(row[f]) <= limit) { return i * d + f }
                        }
                    }
                    return nil
                }
            }
        }
        if let at = beyond {
            let i = at / d, f = at % d
            let dataset = data.dataset
            let raw = dataset.values[i * d + f]
            let line = i < dataset.lineNumbers.count ? dataset.lineNumbers[i] : nil
            let name = f < dataset.featureNames.count ? dataset.featureNames[f] : "#\(f + 1)"
            let size = "magnitudes up to \(short(limit)) for \(n) rows × \(d) columns"
            if data.standardized {
                return DataError(file: dataset.source, line: line, "the value \(raw) in column '\(name)' is "
                    + "\(short(m.values[i * d + f])) after scaling, too large to cluster without overflow "
                    + "(\(size)); the model's scaler does not suit this data")
            }
            return DataError(file: dataset.source, line: line, "the value \(raw) in column '\(name)' is too large "
                + "to cluster without overflow (\(size)); use --standardize or rescale the column")
        }
        guard n > 1, d > 0 else { return nil }
        var widest = 0.0
        for f in 0..<d { widest = max(widest, hi[f] / 2 - lo[f] / 2) }
        if widest > 0 && widest < smallestSpread / 2 {
            return DataError(file: data.dataset.source, "the values are too close together to cluster (no column spreads "
                + "wider than \(short(2 * widest)), so squared distances underflow to 0); use --standardize or rescale the columns")
        }
        return nil
    }

    /// Below this spread in every column, squared distances underflow (√ of the smallest normal
    /// double is 1.5e-154; the margin keeps sums over many rows and columns meaningful).
    public static let smallestSpread = 1e-150

    /// Throws the first out-of-range value of `data` (see `problem(in:)`).
    public static func check(_ data: PreparedData) throws {
        if let problem = problem(in: data) { throw problem }
    }

    /// Checks that a query point (clustering space) is near enough to the centroids that its
    /// squared distances to them are finite; the error names the query.
    public static func checkQuery(_ point: [Double], centroids: Matrix, name: String) throws {
        for j in 0..<centroids.rows {
            var sum = 0.0
            for f in 0..<min(point.count, centroids.columns) {
                let t = point[f] - centroids[j, f]
                sum += t * t
            }
            guard sum.isFinite else { throw tooFar(name: name, largest: point.map(abs).max() ?? 0) }
        }
    }

    /// `checkQuery`'s error for the query `name` whose largest coordinate magnitude is `largest`.
    static func tooFar(name: String, largest big: Double) -> ModelError {
        ModelError("\(name): a point with coordinates as large as \(short(big)) is too far from the "
            + "centroids for its distances to be computed without overflow; rescale it (or the data)")
    }

    /// Three significant digits, for limits in messages.
    static func short(_ x: Double) -> String { String(format: "%.3g", x) }
}

extension PreparedData {
    /// Prepares `dataset` and checks that its values can be clustered without overflow.
    public static func checked(_ dataset: Dataset, standardize: Bool, normalization: RowNormalization = .none,
                               scaler: StandardScaler? = nil) throws -> PreparedData {
        let data = PreparedData(dataset, standardize: standardize, normalization: normalization, scaler: scaler)
        try ValueRange.check(data)
        return data
    }
}
