import Foundation

/// How large a model document may be: bounded by the shape it declares, not by a fixed cap.
///
/// A model of k clusters in D dimensions stores a known number of numbers (`numberCount`); a
/// document is allowed `bytesPerNumber` bytes for each (the shortest round-trip text of a double
/// is at most 24 characters; the rest is room for separators and indentation of other writers),
/// plus the column names as written, plus `fixedAllowanceBytes` for the keys, the scalars and
/// strings (`source`, `options.init`) and unknown keys other writers add. A document up to the
/// allowance is always read; a larger one is first scanned for its declared shape in constant
/// memory (`DeclaredShapeScanner`) and refused, in one line, when it is larger than that shape
/// can take: a stranger's 1 GB "model" of 3 × 4 costs no memory, and a 784-column model with
/// k full covariance matrices is read whatever its size.
extension SavedModel {
    /// Bytes allowed per stored number (24 for the number itself, the rest for `,`, spaces and line breaks).
    public static let bytesPerNumber = 64
    /// Bytes allowed beyond the numbers and column names; a document this small is never scanned.
    public static let fixedAllowanceBytes = 1 << 20

    /// What a document says about its size, as far as bounding it needs.
    public struct DeclaredShape: Sendable, Equatable {
        public var k: Int
        public var dimension: Int
        public var method: ClusteringMethod
        /// The type of the stored covariances (GMM's own; for k-means and soft, `mixture`'s).
        public var covarianceType: CovarianceType
        /// k-means and soft: whether `mixture` is stored (not null). Ignored for GMM.
        public var hasMixture: Bool
        /// Centroid sets under `bootstrap` (0 when there is none).
        public var bootstrapSets: Int
        /// Bytes of the `columns` value as written (names are not bounded by the shape).
        public var columnBytes: Int

        public init(k: Int, dimension: Int, method: ClusteringMethod, covarianceType: CovarianceType,
                    hasMixture: Bool, bootstrapSets: Int = 0, columnBytes: Int = 0) {
            self.k = k
            self.dimension = dimension
            self.method = method
            self.covarianceType = covarianceType
            self.hasMixture = hasMixture
            self.bootstrapSets = bootstrapSets
            self.columnBytes = columnBytes
        }

        /// Numbers a model of this shape stores (as a Double: a hostile shape must not overflow).
        ///
        /// scaler 2D, centroids kD, weights k, linear ranges 2k, about 16 scalars; the covariances
        /// (full kD², tied D², diag kD, spherical k); for k-means and soft with a mixture, its
        /// weights and means too; B·k·D for B bootstrap sets.
        public var numberCount: Double {
            let k = Double(self.k), d = Double(dimension)
            var count = 2 * d + k * d + k + 2 * k + 16
            let covariances: Double
            switch covarianceType {
            case .full: covariances = k * d * d
            case .tied: covariances = d * d
            case .diag: covariances = k * d
            case .spherical: covariances = k
            }
            if method.isGaussianMixture {
                count += covariances
            } else if hasMixture {
                count += k + k * d + covariances
            }
            return count + Double(bootstrapSets) * k * d
        }

        /// The largest document of this shape that is read.
        public var maximumDocumentBytes: Double {
            Double(SavedModel.fixedAllowanceBytes) + Double(columnBytes) + Double(SavedModel.bytesPerNumber) * numberCount
        }

        /// `kmeans, k = 10, D = 784, diag`: for messages.
        public var summary: String {
            "\(method.rawValue), k = \(k), D = \(dimension), \(covarianceType.rawValue)"
                + (bootstrapSets > 0 ? ", \(bootstrapSets) bootstrap sets" : "")
        }
    }

    /// The refusal of a document of `bytes` bytes, or nil when it may be read: small enough for the
    /// fixed allowance, or within what its declared shape can take. `shape` is asked for only when
    /// the document is larger than the allowance.
    public static func sizeProblem(bytes: Int, shape: () throws -> DeclaredShape?) rethrows -> String? {
        guard bytes > fixedAllowanceBytes else { return nil }
        guard let declared = try shape() else {
            return "not a clusterview model: the file is \(megabytes(Double(bytes))) and declares no shape to bound it"
                + " ('k', 'columns', 'method' and 'covariance_type' are needed)"
        }
        guard Double(bytes) > declared.maximumDocumentBytes else { return nil }
        return "not a clusterview model: the file is \(megabytes(Double(bytes))), more than the "
            + "\(megabytes(declared.maximumDocumentBytes)) a model of its declared shape (\(declared.summary)) can be"
    }

    static func megabytes(_ bytes: Double) -> String {
        let mb = bytes / 1_048_576
        return mb < 1e6 ? String(format: "%.1f MB", mb) : String(format: "%.3g MB", mb)
    }

    /// The declared shape of a document held in memory (nil when it does not declare one).
    public static func declaredShape(of bytes: UnsafeRawBufferPointer) -> DeclaredShape? {
        var scanner = DeclaredShapeScanner()
        scanner.scan(bytes)
        return scanner.shape
    }
}
