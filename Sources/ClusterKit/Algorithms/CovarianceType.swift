import Dispatch
/// The shape of a Gaussian mixture's covariances, as scikit-learn's `covariance_type`.
public enum CovarianceType: String, Sendable, CaseIterable, Equatable, Hashable {
    /// Each component has its own general covariance matrix.
    case full
    /// All components share one general covariance matrix.
    case tied
    /// Each component has its own diagonal covariance matrix.
    case diag
    /// Each component has its own single variance.
    case spherical

    /// Free covariance parameters for k components in D dimensions (scikit-learn's count).
    func parameterCount(k: Int, d: Int) -> Int {
        switch self {
        case .full: return k * d * (d + 1) / 2
        case .tied: return d * (d + 1) / 2
        case .diag: return k * d
        case .spherical: return k
        }
    }
}

/// A mixture's covariances in scikit-learn's shapes: full k×D×D, tied D×D, diag k×D, spherical k.
public enum Covariances: Sendable, Equatable {
    case full([Matrix])
    case tied(Matrix)
    case diag(Matrix)
    case spherical([Double])

    /// The D×D covariance matrix of one component, whatever the type.
    public func matrix(component j: Int, dimension d: Int) -> Matrix {
        switch self {
        case .full(let m): return m[j]
        case .tied(let m): return m
        case .diag(let v):
            var m = Matrix(rows: d, columns: d)
            for f in 0..<d { m[f, f] = v[j, f] }
            return m
        case .spherical(let v):
            var m = Matrix(rows: d, columns: d)
            for f in 0..<d { m[f, f] = v[j] }
            return m
        }
    }

    /// Nested arrays in scikit-learn's `covariances_` shape, for JSON.
    public var nestedValue: Any {
        switch self {
        case .full(let m): return m.map { $0.nested }
        case .tied(let m): return m.nested
        case .diag(let m): return m.nested
        case .spherical(let v): return v
        }
    }
}

/// The Cholesky factors of the precisions, in the form the E-step uses.
struct PrecisionFactors: Sendable, Equatable {
    /// full: one upper-triangular P per component; tied: one P; diag: k×D of 1/σ; spherical: k of 1/σ.
    var covarianceType: CovarianceType
    var matrices: [Matrix]
    var diagonal: Matrix
    var spherical: [Double]
    /// log det P per component (= −½ log det Σ).
    var logDeterminants: [Double]
    /// diag and spherical, when built with the means: the E-step's product form, kept here so a
    /// point query reuses it instead of rebuilding it (O(k·D)) per point.
    var expansion: DiagonalExpansion?

    init(_ covariances: Covariances, k: Int, d: Int, means: Matrix? = nil) throws {
        matrices = []
        diagonal = Matrix(rows: 0, columns: 0)
        spherical = []
        logDeterminants = []
        switch covariances {
        case .full(let m):
            covarianceType = .full
            // O(D³) each, independent: one component a thread (the same bits in any order).
            var factors = [Matrix?](repeating: nil, count: m.count)
            factors.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let out = buffer
                DispatchQueue.concurrentPerform(iterations: m.count) { j in
                    out[j] = try? precisionCholesky(ofCovariance: m[j])
                }
            }
            guard factors.allSatisfy({ $0 != nil }) else { throw NotPositiveDefinite() }
            matrices = factors.map { $0! }
            logDeterminants = matrices.map { p in (0..<d).reduce(0) { $0 + log(p[$1, $1]) } }
        case .tied(let m):
            covarianceType = .tied
            let p = try precisionCholesky(ofCovariance: m)
            matrices = [p]
            let ld = (0..<d).reduce(0) { $0 + log(p[$1, $1]) }
            logDeterminants = Array(repeating: ld, count: k)
        case .diag(let v):
            covarianceType = .diag
            guard v.values.allSatisfy({ $0 > 0 }) else { throw NotPositiveDefinite() }
            diagonal = Matrix(rows: v.rows, columns: v.columns, values: v.values.map { 1 / $0.squareRoot() })
            logDeterminants = (0..<k).map { j in (0..<d).reduce(0) { $0 + log(diagonal[j, $1]) } }
        case .spherical(let v):
            covarianceType = .spherical
            guard v.allSatisfy({ $0 > 0 }) else { throw NotPositiveDefinite() }
            spherical = v.map { 1 / $0.squareRoot() }
            logDeterminants = spherical.map { Double(d) * log($0) }
        }
        if let means { expansion = DiagonalExpansion(means: means, precisions: self) }
    }

    /// Nested arrays in scikit-learn's `precisions_cholesky_` shape.
    var nestedValue: Any {
        switch covarianceType {
        case .full: return matrices.map { $0.nested }
        case .tied: return matrices[0].nested
        case .diag: return diagonal.nested
        case .spherical: return spherical
        }
    }
}

import Foundation
