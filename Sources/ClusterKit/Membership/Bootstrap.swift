import Dispatch
import Foundation
import Synchronization

/// Bootstrap stability of the k-means partition: B k-means runs on resamples with replacement.
///
/// Each run draws m rows with replacement, runs k-means (k-means++ init) to convergence, and its
/// clusters are matched to the reference centroids by a minimum-cost assignment of centroid
/// distances. A point's membership p_j is the share of runs whose matched cluster j is nearest.
/// Seeds derive from the user's seed, so the same seed gives the same result.
///
/// Design note (m-out-of-n): m = min(N, `resampleSize`), by default 20,000 (fewer on wide data,
/// `defaultResampleSize(columns:)`). Up to that many rows this is the classic bootstrap (m = N);
/// beyond, each run costs the same whatever N is, so 100 runs finish in seconds at a million
/// rows. Centroids of an m-row resample vary like √(N/m) times those of an N-row one, so the
/// shares are somewhat softer than a full bootstrap's would be: an honest, conservative reading
/// of stability (Bickel, Götze & van Zwet 1997).
/// Runs are independent and seeded by their number, so they run in parallel and the result does
/// not depend on the number of cores.
public struct Bootstrap: Sendable, Equatable {
    /// How many bytes of resamples may be alive at once (see `run`): 20,000 rows up to D = 419.
    public static let concurrentSampleBytes = 64 << 20

    /// Rows per resample unless told otherwise: 20,000, or on wide data as many as fit in
    /// `budget` (with the default 64 MB: 10,699 at D = 784, 2,730 at D = 3,072), never fewer than
    /// 1,000.
    ///
    /// Design note: each run copies its resample (k-means needs its rows contiguous), so at
    /// 20,000 × 784 one resample was 125 MB beside the 439 MB matrix, over the explorer's memory
    /// limit (the matrix + 150 MB); capped, it is 64 MB, and every run costs half as much. The
    /// smaller m makes the shares a little softer (see above); the panel names m.
    public static func defaultResampleSize(columns: Int, budget: Int = concurrentSampleBytes) -> Int {
        min(20_000, max(1_000, budget / (MemoryLayout<Double>.size * max(1, columns))))
    }

    /// B centroid sets (k × D each), rows reordered to the reference numbering.
    public var matchedCentroids: [Matrix]
    /// Rows in each resample (m); 0 when not known (sets restored from a saved model).
    public var resampleSize: Int

    public init(matchedCentroids: [Matrix], resampleSize: Int = 0) {
        self.matchedCentroids = matchedCentroids
        self.resampleSize = resampleSize
    }

    public var runs: Int { matchedCentroids.count }

    /// Two bootstraps are equal when their centroid sets are (the resample size is a note).
    public static func == (a: Bootstrap, b: Bootstrap) -> Bool { a.matchedCentroids == b.matchedCentroids }

    /// Runs the B fits on resamples of m = min(N, `resampleSize`) rows (nil: the default for D and
    /// `sampleBudget`). `progress(done)` is called after each run (from any thread, one call at a
    /// time); returning false cancels (nil).
    /// `isCancelled()` is asked between the k-means iterations of every run (from any thread): a
    /// cancelled bootstrap stops within one iteration on m rows, not at the end of the runs in
    /// flight, so the explorer's next step does not share the cores with a bootstrap it replaced.
    public static func run(data: Matrix, reference: Matrix, runs: Int = 100, resampleSize: Int? = nil,
                           seed: UInt32, sampleBudget: Int = concurrentSampleBytes,
                           progress: (Int) -> Bool = { _ in true }, isCancelled: () -> Bool = { false }) -> Bootstrap? {
        let k = reference.rows, n = data.rows
        let m = max(1, min(n, resampleSize ?? defaultResampleSize(columns: data.columns, budget: sampleBudget)))
        var sets = [Matrix?](repeating: nil, count: runs)
        let done = Locked(0), cancelled = Atomic<Bool>(false)
        func stop() -> Bool {
            if cancelled.load(ordering: .relaxed) { return true }
            guard isCancelled() else { return false }
            cancelled.store(true, ordering: .relaxed)
            return true
        }
        // Each run copies its resample (m × D doubles: 125 MB at 20,000 × 784). Wide data run as
        // many at once as fit in `sampleBudget` (at least one; each k-means still uses
        // every core over its row chunks), so the explorer's peak is the data plus one resample,
        // not one per core. Runs are seeded by their number: the result is the same either way.
        let sampleBytes = max(1, m * data.columns * MemoryLayout<Double>.size)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let perWave = sampleBytes * cores <= sampleBudget ? runs : max(1, sampleBudget / sampleBytes)
        sets.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let base = out.baseAddress!
            var start = 0
            while start < runs, !stop() {
                let end = min(runs, start + perWave)
                DispatchQueue.concurrentPerform(iterations: end - start) { offset in
                    let b = start + offset
                    guard !stop(), let set = oneRun(b, data: data, reference: reference, m: m, k: k, seed: seed,
                                                    sampleBudget: sampleBudget, stop: stop) else { return }
                    base[b] = set
                    let keepGoing = done.withLock { count -> Bool in
                        count += 1
                        return progress(count)
                    }
                    if !keepGoing { cancelled.store(true, ordering: .relaxed) }
                }
                start = end
            }
        }
        guard !cancelled.load(ordering: .relaxed), sets.allSatisfy({ $0 != nil }) else { return nil }
        return Bootstrap(matchedCentroids: sets.map { $0! }, resampleSize: m)
    }

    /// Run `b`: its own reproducible stream draws the resample and seeds k-means; nil when `stop()`
    /// said so between two iterations (the same iterations as `KMeans.run` otherwise).
    private static func oneRun(_ b: Int, data: Matrix, reference: Matrix, m: Int, k: Int, seed: UInt32,
                               sampleBudget: Int, stop: () -> Bool) -> Matrix? {
        let n = data.rows
        var random = NumPyRandomState(seed: seed &+ 0x9E37_79B9 &* UInt32(truncatingIfNeeded: b + 1))
        var rows = [Int](repeating: 0, count: m)
        for i in 0..<m { rows[i] = Int(random.nextUInt32() % UInt32(n)) }
        // Across every bootstrap of the process: a cancelled one still holds its resample until
        // its next check, and the explorer starts the next bootstrap at once.
        let bytes = m * data.columns * MemoryLayout<Double>.size
        ResampleGate.shared.acquire(bytes, budget: sampleBudget)
        defer { ResampleGate.shared.release(bytes) }
        let sample = data.selectingRows(rows)
        if stop() { return nil }  // the copy (125 MB at 20,000 × 784) took a while: before k-means++
        let distinct = Set(rows).count
        let fitted: Matrix
        if distinct >= k, var model = try? KMeans(
            data: sample, configuration: .init(k: k, seed: random.nextUInt32())) {
            while !model.isFinished {
                if stop() { return nil }
                model = model.step()
            }
            fitted = model.centroids
        } else {
            fitted = reference
        }
        let match = matchCentroids(fitted, to: reference)
        var ordered = Matrix(rows: k, columns: reference.columns)
        for a in 0..<k { for f in 0..<reference.columns { ordered[match[a], f] = fitted[a, f] } }
        return ordered
    }

    /// Share of runs in which each (reference-numbered) cluster is nearest to `point`.
    public func membership(of point: [Double]) -> [Double] {
        guard let k = matchedCentroids.first?.rows else { return [] }
        var counts = [Double](repeating: 0, count: k)
        for set in matchedCentroids {
            var best = 0, bestD = Double.infinity
            for j in 0..<k {
                let d = squaredDistance(point, set.row(j))
                if d < bestD { bestD = d; best = j }
            }
            counts[best] += 1
        }
        return counts.map { $0 / Double(matchedCentroids.count) }
    }
}
