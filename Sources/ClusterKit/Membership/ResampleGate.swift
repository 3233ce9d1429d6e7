import Foundation

/// The bytes of bootstrap resamples alive at once in the whole process.
///
/// `Bootstrap.run` keeps its own runs within its budget, but the explorer replaces a bootstrap on
/// every step: the cancelled one holds its resample (125 MB at 20,000 × 784) until its next
/// check while the new one copies its own, and the two together pushed the explorer's peak past
/// the matrix + 150 MB. A run waits here until its resample fits beside the others; one resample
/// is always let through, so a resample larger than the budget still runs (alone).
final class ResampleGate: @unchecked Sendable {
    static let shared = ResampleGate()

    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var inUse = 0

    func acquire(_ bytes: Int, budget: Int) {
        condition.lock()
        while inUse > 0 && inUse + bytes > budget { condition.wait() }
        inUse += bytes
        condition.unlock()
    }

    func release(_ bytes: Int) {
        condition.lock()
        inUse -= bytes
        condition.broadcast()
        condition.unlock()
    }

    /// Bytes held now (for tests).
    var bytesInUse: Int {
        condition.lock()
        defer { condition.unlock() }
        return inUse
    }
}
