import ClusterKit
import Dispatch

/// What a plot axis shows: a principal component or one feature column (clustering space).
public enum Axis: Sendable, Equatable, Hashable {
    case principal(Int)
    case column(Int)
}

/// The 2-D picture of the data: axes, the PCA they may use, and every row's coordinates.
public struct Projection: Sendable {
    public private(set) var x: Axis
    public private(set) var y: Axis
    public let pca: PCA
    /// 2 per row: x then y.
    public private(set) var coordinates: [Double]
    public private(set) var bounds: (x: ClosedRange<Double>, y: ClosedRange<Double>)

    public init(data: PreparedData, x: Axis = .principal(0), y: Axis = .principal(1)) {
        self.pca = PCA(fitting: data.matrix)
        self.x = x
        self.y = y
        self.coordinates = []
        self.bounds = (0...1, 0...1)
        recompute(data.matrix)
    }

    /// Screen coordinates of any point of the clustering space.
    public func project(_ point: [Double]) -> (x: Double, y: Double) {
        (value(of: x, point), value(of: y, point))
    }

    private func value(of axis: Axis, _ point: [Double]) -> Double {
        switch axis {
        case .column(let c): return point[c]
        case .principal(let i):
            var s = 0.0
            for f in point.indices { s += (point[f] - pca.mean[f]) * pca.components[i, f] }
            return s
        }
    }

    public func point(_ row: Int) -> (x: Double, y: Double) { (coordinates[2 * row], coordinates[2 * row + 1]) }

    /// Moves an axis to the next choice: PCA first, then each column in turn, then back to PCA.
    /// Leaving PCA shows the first two columns; both axes return to PCA together, since a
    /// principal component against a raw column reads as nonsense.
    /// `x` or `y`: the next column on that axis only, the other axis staying as it is; after the
    /// last column the axis returns to its principal component. A column already on the other
    /// axis is skipped, so both axes never show the same column.
    public mutating func cycle(xAxis: Bool, data: PreparedData) {
        let d = data.matrix.columns
        let current = xAxis ? x : y, other = xAxis ? y : x
        let sequence = [Axis.principal(xAxis ? 0 : min(1, max(d - 1, 0)))] + (0..<d).map { Axis.column($0) }
        let index = sequence.firstIndex(of: current) ?? 0
        for offset in 1...sequence.count {
            let next = sequence[(index + offset) % sequence.count]
            guard next != other else { continue }
            if xAxis { x = next } else { y = next }
            break
        }
        recompute(data.matrix)
    }

    public func label(_ axis: Axis, data: PreparedData) -> String {
        switch axis {
        case .principal(let i):
            return "PC\(i + 1) \(Int((pca.explainedVarianceRatio[i] * 100).rounded()))%"
        case .column(let c):
            return data.dataset.featureNames[c] + (data.standardized ? " (z)" : "")
        }
    }

    public var isPCA: Bool { if case .principal = x { return true } else { return false } }

    /// Every row's plane coordinates, in fixed parallel parts straight from the matrix (no
    /// per-row arrays: at a million rows this is most of the cost of a new projection).
    private mutating func recompute(_ m: Matrix) {
        let n = m.rows, d = m.columns
        // Each axis as (column, nil) or (nil, component weights): the same arithmetic, in the same
        // order, as `project`, so coordinates are bit for bit those of the point-wise formula.
        func plan(_ axis: Axis) -> (column: Int?, weights: [Double]) {
            switch axis {
            case .column(let c): return (c, [])
            case .principal(let i): return (nil, (0..<d).map { pca.components[i, $0] })
            }
        }
        let ax = plan(x), ay = plan(y), mean = pca.mean
        var c = [Double](repeating: 0, count: 2 * n)
        let part = 16_384, parts = max(1, (n + part - 1) / part)
        var partBounds = [(lo: (Double, Double), hi: (Double, Double))](
            repeating: ((.infinity, .infinity), (-.infinity, -.infinity)), count: parts)
        m.values.withUnsafeBufferPointer { v in
            c.withUnsafeMutableBufferPointer { out in
                partBounds.withUnsafeMutableBufferPointer { bb in
                    nonisolated(unsafe) let o = out.baseAddress!, b = bb.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: parts) { p in
                        var lo = (Double.infinity, Double.infinity), hi = (-Double.infinity, -Double.infinity)
                        for i in (p * part)..<min(n, (p + 1) * part) {
                            let row = v.baseAddress! + i * d
                            var px = 0.0, py = 0.0
                            if let column = ax.column { px = row[column] } else {
                                for f in 0..<d { px += (row[f] - mean[f]) * ax.weights[f] }
                            }
                            if let column = ay.column { py = row[column] } else {
                                for f in 0..<d { py += (row[f] - mean[f]) * ay.weights[f] }
                            }
                            o[2 * i] = px
                            o[2 * i + 1] = py
                            lo = (min(lo.0, px), min(lo.1, py))
                            hi = (max(hi.0, px), max(hi.1, py))
                        }
                        b[p] = (lo, hi)
                    }
                }
            }
        }
        var lo = (Double.infinity, Double.infinity), hi = (-Double.infinity, -Double.infinity)
        for b in partBounds {
            lo = (min(lo.0, b.lo.0), min(lo.1, b.lo.1))
            hi = (max(hi.0, b.hi.0), max(hi.1, b.hi.1))
        }
        coordinates = c
        func padded(_ a: Double, _ b: Double) -> ClosedRange<Double> {
            guard a.isFinite, b.isFinite else { return 0...1 }
            let span = b - a, pad = span > 0 ? span * 0.04 : 0.5
            return (a - pad)...(b + pad)
        }
        bounds = (padded(lo.0, hi.0), padded(lo.1, hi.1))
    }
}
