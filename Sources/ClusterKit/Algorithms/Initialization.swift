import Foundation

/// How the first centroids are chosen.
public enum InitMethod: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Greedy k-means++ with 2 + ⌊ln k⌋ local trials per centroid, as scikit-learn.
    case kMeansPlusPlus
    /// k distinct rows drawn uniformly.
    case random
    /// The given rows (positions in the data matrix), in order.
    case rows([Int])

    public var description: String {
        switch self {
        case .kMeansPlusPlus: return "k-means++"
        case .random: return "random"
        case .rows(let r): return "rows:" + r.map(String.init).joined(separator: ",")
        }
    }

    /// Parses `k-means++`, `random` or `rows:I,J,…` (indices as written; the caller maps them).
    public init?(parsing text: String) {
        switch text {
        case "k-means++", "kmeans++": self = .kMeansPlusPlus
        case "random": self = .random
        default:
            guard text.hasPrefix("rows:") else { return nil }
            let parts = text.dropFirst(5).split(separator: ",", omittingEmptySubsequences: false)
            var rows = [Int]()
            for p in parts {
                guard let r = Int(p.trimmingCharacters(in: .whitespaces)), r >= 0 else { return nil }
                rows.append(r)
            }
            guard !rows.isEmpty else { return nil }
            self = .rows(rows)
        }
    }
}

/// Errors in the model settings, reported as one line.
public struct ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

enum Initialization {
    /// The initial centroids (k × D) for `data`, drawing from `random` where the method needs it.
    static func centroids(_ data: Matrix, k: Int, method: InitMethod, random: inout NumPyRandomState) throws -> Matrix {
        guard k >= 1 else { throw ModelError("k must be at least 1") }
        guard data.rows >= k else {
            throw ModelError("only \(data.rows) usable rows for k = \(k); k must not exceed the number of rows")
        }
        switch method {
        case .rows(let rows):
            guard rows.count == k else {
                throw ModelError("--init rows: lists \(rows.count) rows but k = \(k)")
            }
            for r in rows where r < 0 || r >= data.rows {
                throw ModelError("--init rows: row \(r) is out of range")
            }
            return data.selectingRows(rows)
        case .random:
            let p = [Double](repeating: 1.0 / Double(data.rows), count: data.rows)
            return data.selectingRows(random.choiceWithoutReplacement(probabilities: p, size: k))
        case .kMeansPlusPlus:
            return data.selectingRows(kMeansPlusPlusIndices(data, k: k, random: &random))
        }
    }

    /// Greedy k-means++ (Arthur & Vassilvitskii, with scikit-learn's local trials), drawing in the
    /// same order and with the same formulas as scikit-learn so a seed picks the same rows.
    static func kMeansPlusPlusIndices(_ data: Matrix, k: Int, random: inout NumPyRandomState) -> [Int] {
        let n = data.rows
        let trials = 2 + Int(Foundation.log(Double(k)))
        let uniform = [Double](repeating: 1.0 / Double(n), count: n)
        var indices = [random.choice(probabilities: uniform)]
        var closest = distancesSquared(data, toRow: indices[0])
        var potential = closest.reduce(0, +)
        while indices.count < k {
            let draws = (0..<trials).map { _ in random.nextDouble() * potential }
            var cumulative = [Double](repeating: 0, count: n)
            var running = 0.0
            for i in 0..<n { running += closest[i]; cumulative[i] = running }
            let candidates = draws.map { min(searchSortedLeft(cumulative, $0), n - 1) }
            var best: (potential: Double, index: Int, distances: [Double])? = nil
            for c in candidates {
                var distances = distancesSquared(data, toRow: c)
                var pot = 0.0
                for i in 0..<n {
                    if closest[i] < distances[i] { distances[i] = closest[i] }
                    pot += distances[i]
                }
                // Strictly smaller: ties keep the first candidate, as numpy's argmin.
                if best == nil || pot < best!.potential { best = (pot, c, distances) }
            }
            indices.append(best!.index)
            closest = best!.distances
            potential = best!.potential
        }
        return indices
    }

    static func distancesSquared(_ data: Matrix, toRow r: Int) -> [Double] {
        let n = data.rows, d = data.columns
        var out = [Double](repeating: 0, count: n)
        data.values.withUnsafeBufferPointer { x in
            let center = x.baseAddress! + r * d
            out.withUnsafeMutableBufferPointer { o in
                ParallelChunks.forEach(n) { _, range in
                    for i in range { o[i] = squaredDistance(x.baseAddress! + i * d, center, d) }
                }
            }
        }
        return out
    }
}
