import ArgumentParser

/// One k or a range of them: `8`, `2:12` (every k from 2 to 12) or `50:500:50` (from, to, step).
struct KRange: ExpressibleByArgument, CustomStringConvertible, Equatable {
    /// The ks in increasing order; never empty, each ≥ 1.
    var values: [Int]
    var description: String

    static let maximumCount = 1000

    init(_ k: Int) {
        values = [k]
        description = String(k)
    }

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        let from = parts[0]!, to = parts.count > 1 ? parts[1]! : from, step = parts.count > 2 ? parts[2]! : 1
        guard from >= 1, to >= from, step >= 1, (to - from) / step < KRange.maximumCount else { return nil }
        values = Array(stride(from: from, through: to, by: step))
        description = argument
    }

    var isSingle: Bool { values.count == 1 }
}
