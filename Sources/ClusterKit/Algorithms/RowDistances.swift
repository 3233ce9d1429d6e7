import Dispatch

extension Matrix {
    /// The Euclidean distance of each row listed in `rows` to each row of `centroids`, row-major
    /// (`rows.count × centroids.rows`): for each row the same bits as
    /// `MembershipContext.distances(of:)` (`MembershipFormulas.distance`), but the sums of squares
    /// come from `PointDistances` (the AVX2 kernel where the CPU allows, two rows at a time) and
    /// the rows are split into parallel parts. The explorer's panel counts use it on a sample of
    /// rows at every new model state.
    ///
    /// Where a sum of squares is not a finite normal number (overflow, underflow, a row equal to
    /// a centroid), the distance is `MembershipFormulas.distance` itself, rescaling included.
    public func distances(ofRows rows: [Int], to centroids: Matrix) -> [Double] {
        precondition(centroids.columns == columns)
        let k = centroids.rows, d = columns, count = rows.count
        var out = [Double](repeating: 0, count: count * k)
        guard k > 0, count > 0 else { return out }
        let points = centroids.values.withUnsafeBufferPointer { c in
            PointDistances(count: k, columns: d) { c.baseAddress! + $0 * d }
        }
        // Each distance depends only on its row and centroid, so the split changes nothing.
        let parts = count >= 1_000 ? 4 : 1
        values.withUnsafeBufferPointer { xb in
            centroids.values.withUnsafeBufferPointer { cb in
                out.withUnsafeMutableBufferPointer { ob in
                    let x = xb.baseAddress!, c = cb.baseAddress!
                    nonisolated(unsafe) let o = ob.baseAddress!
                    /// Row `slot`'s distances from its sums of squares `s` (`row`: its values).
                    func finish(_ slot: Int, _ row: UnsafePointer<Double>, _ s: UnsafePointer<Double>) {
                        for j in 0..<k {
                            let sum = s[j]
                            o[slot * k + j] = sum.isFinite && sum >= Double.leastNormalMagnitude
                                ? sum.squareRoot() : MembershipFormulas.distance(row, c + j * d, d)
                        }
                    }
                    DispatchQueue.concurrentPerform(iterations: parts) { part in
                        var sums = [Double](repeating: 0, count: 2 * points.padded)
                        sums.withUnsafeMutableBufferPointer { sb in
                            let s0 = sb.baseAddress!, s1 = s0 + points.padded
                            let end = count * (part + 1) / parts
                            var t = count * part / parts
                            while t < end {
                                // The last row of an odd part goes in both slots.
                                let u = min(t + 1, end - 1)
                                let r0 = x + rows[t] * d, r1 = x + rows[u] * d
                                points.distances(r0, r1, into: s0, s1)
                                finish(t, r0, s0)
                                finish(u, r1, s1)
                                t += 2
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
