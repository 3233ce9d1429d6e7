/// The Mersenne Twister MT19937 exactly as NumPy's legacy `RandomState(seed)` runs it.
///
/// Design note: clusterview draws its k-means++ and random initialisations from this generator,
/// with NumPy's own sampling formulas, so `--seed S` picks the very same initial centroids as
/// scikit-learn's `KMeans(random_state=S)` and `GaussianMixture(random_state=S)`. Runs then agree
/// with the reference number for number, not only in distribution.
public struct NumPyRandomState: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var position = 624

    /// Seeds like `numpy.random.RandomState(seed)` with an integer seed (Knuth's init_genrand).
    public init(seed: UInt32) {
        var s = seed
        for i in 0..<624 {
            state[i] = s
            s = 1_812_433_253 &* (s ^ (s >> 30)) &+ UInt32(i + 1)
        }
        position = 624
    }

    private mutating func twist() {
        let upper: UInt32 = 0x8000_0000, lower: UInt32 = 0x7fff_ffff
        for i in 0..<624 {
            let y = (state[i] & upper) | (state[(i + 1) % 624] & lower)
            var next = state[(i + 397) % 624] ^ (y >> 1)
            if y & 1 != 0 { next ^= 0x9908_b0df }
            state[i] = next
        }
        position = 0
    }

    /// The next raw 32-bit output.
    public mutating func nextUInt32() -> UInt32 {
        if position >= 624 { twist() }
        var y = state[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// A double in [0, 1) with 53 random bits, as `RandomState.random_sample()`.
    public mutating func nextDouble() -> Double {
        let a = Double(nextUInt32() >> 5), b = Double(nextUInt32() >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// An index drawn with the given (normalised) probabilities, as
    /// `RandomState.choice(n, p=p)`: one uniform draw against the normalised
    /// cumulative sum, searched from the right.
    public mutating func choice(probabilities: [Double]) -> Int {
        let cdf = normalisedCumulativeSum(probabilities)
        return searchSortedRight(cdf, nextDouble())
    }

    /// `size` distinct indices drawn without replacement with the given probabilities, as
    /// `RandomState.choice(n, size, replace=False, p=...)`: rounds of draws, dropping repeats.
    public mutating func choiceWithoutReplacement(probabilities: [Double], size: Int) -> [Int] {
        var p = probabilities
        var found = [Int]()
        while found.count < size {
            let draws = (0..<(size - found.count)).map { _ in nextDouble() }
            for f in found { p[f] = 0 }
            let cdf = normalisedCumulativeSum(p)
            let picked = draws.map { searchSortedRight(cdf, $0) }
            // NumPy keeps the first occurrence of each new value, in order of first occurrence.
            var seen = Set<Int>()
            for index in picked where seen.insert(index).inserted { found.append(index) }
        }
        return found
    }

    private func normalisedCumulativeSum(_ p: [Double]) -> [Double] {
        var cdf = [Double](repeating: 0, count: p.count)
        var running = 0.0
        for i in p.indices { running += p[i]; cdf[i] = running }
        let total = cdf.last ?? 1
        for i in cdf.indices { cdf[i] /= total }
        return cdf
    }
}

/// First index whose value is greater than `x` (NumPy `searchsorted(side="right")`).
func searchSortedRight(_ sorted: [Double], _ x: Double) -> Int {
    var lo = 0, hi = sorted.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
    }
    return lo
}

/// First index whose value is not less than `x` (NumPy `searchsorted(side="left")`).
func searchSortedLeft(_ sorted: [Double], _ x: Double) -> Int {
    var lo = 0, hi = sorted.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
