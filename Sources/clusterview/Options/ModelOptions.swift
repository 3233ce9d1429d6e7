import Foundation
import ArgumentParser
import ClusterKit

/// The model settings shared by `fit`, the explorer and `render`.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Algorithm: " + ClusteringMethod.registered.map(\.title).joined(separator: ", ") + ".",
                               valueName: "method"))
    var method: ClusteringMethod = .kmeans

    @Option(name: [.customShort("k"), .customLong("k")],
            help: ArgumentHelp("Number of clusters (default: 3). sweep and features take a range FROM:TO or FROM:TO:STEP, "
                               + "both ends included (2:10:2 is 2,4,6,8,10); sweep's default is 2:10, features has none.",
                               valueName: "k"))
    var kRange: KRange?

    /// The number of clusters (the first of a range).
    var k: Int { kRange?.values.first ?? 3 }

    @Option(name: .customLong("beta"),
            help: ArgumentHelp("Softmax stiffness β (p_j ∝ exp(−β·d_j)); also soft k-means' β (default: 1). "
                               + "auto (k-means, gmm): after the fit, the β whose softmax best matches the gmm rule's "
                               + "probabilities on the rows (least cross-entropy); the β chosen is reported.",
                               valueName: "beta|auto"))
    var betaArgument: BetaArgument?

    /// The β given as a number (nil when left out or `auto`).
    var betaOption: Double? { if case .value(let b)? = betaArgument { return b } else { return nil } }
    /// `--beta auto`: β is chosen after the fit (`AutoBeta`), from 1 until then.
    var betaIsAuto: Bool { betaArgument == .auto }

    var beta: Double { betaOption ?? 1 }

    @Option(name: .customLong("covariance"),
            help: ArgumentHelp("GMM covariance type (default: full). For kmeans and soft, the "
                               + "type of the mixture their gmm rule estimates from the clusters (and that --save-model "
                               + "stores): full, or diag from \(WideData.diagonalMixtureFromDimension) features on "
                               + "(full costs O(N·D²) and k·D² numbers there).", valueName: "covariance"))
    var covarianceOption: CovarianceType?

    @Option(name: .customLong("init"), help: "Initial centroids: k-means++, random, or rows:I,J,... (0-based data rows of the file).")
    var initText: String = "k-means++"

    @Option(help: "Random seed (k-means++ and random init draw as scikit-learn's random_state).")
    var seed: UInt32 = 0

    @Option(name: .customLong("n-init"),
            help: "Initialisations to run, keeping the best (lowest inertia; GMM: highest lower bound), as scikit-learn's n_init.")
    var nInit = 1

    @Option(name: .customLong("max-iter"), help: ArgumentHelp("Iteration limit (default: "
        + ClusteringMethod.registered.map { "\($0.rawValue) \($0.defaultMaxIterations)" }.joined(separator: ", ") + ").",
        valueName: "max-iter"))
    var maxIterations: Int?

    @Option(name: .customLong("tol"), help: ArgumentHelp("Convergence tolerance (default: "
        + ClusteringMethod.registered.map { "\($0.rawValue) \(powerOfTen($0.defaultTolerance))" }.joined(separator: ", ") + ").",
        valueName: "tol"))
    var tolerance: Double?

    @Option(name: .customLong("reg-covar"), help: "Added to the GMM covariances' diagonal.")
    var regCovar: Double = 1e-6

    @Option(name: .customLong("fuzziness"),
            help: ArgumentHelp("Fuzzy c-means exponent m > 1 (default: 2): the fuzzy rule's, and the fit's for --method "
                               + "fcm (near 1 nearly hard, large m every membership near 1/k). For fcm, --tol is "
                               + "scikit-fuzzy's error: the Frobenius norm of the change in memberships.",
                               valueName: "fuzziness"))
    var fuzzinessOption: Double?

    var fuzziness: Double { fuzzinessOption ?? 2 }

    func validate() throws {
        guard k >= 1 else { throw ValidationError("-k must be at least 1") }
        guard beta >= 0, beta.isFinite else { throw ValidationError("--beta must be a finite number ≥ 0 or auto") }
        if betaIsAuto, method.fitsWithBeta {
            throw ValidationError("--beta auto is for kmeans and gmm: soft k-means' β shapes the fit itself; give it a number")
        }
        guard InitMethod(parsing: initText) != nil else {
            throw ValidationError("--init must be k-means++, random or rows:I,J,... with 0-based row numbers, not '\(initText)'")
        }
        if let maxIterations, maxIterations < 0 { throw ValidationError("--max-iter must be ≥ 0") }
        if let tolerance, !(tolerance >= 0) { throw ValidationError("--tol must be ≥ 0") }
        guard regCovar >= 0 else { throw ValidationError("--reg-covar must be ≥ 0") }
        guard fuzziness > 1 else { throw ValidationError("--fuzziness must be greater than 1") }
        if method.fitsWithFuzziness, !fuzziness.isFinite {
            throw ValidationError("--fuzziness must be a finite number for --method \(method)")
        }
        guard (1...1000).contains(nInit) else { throw ValidationError("--n-init must be between 1 and 1000") }
    }

    /// The settings, with `rows:` file rows mapped to positions among the kept rows. A `-k` range
    /// is an error here: only features and sweep take one (through `rangeSettings(for:)`).
    func settings(for data: PreparedData) throws -> ModelSettings {
        if let kRange, !kRange.isSingle {
            throw ModelError("-k \(kRange) is a range; this command fits one k (ranges are for features and sweep)")
        }
        return try rangeSettings(for: data)
    }

    /// The settings with `k` the first of the range; the caller sets each k of `kRange`.
    func rangeSettings(for data: PreparedData) throws -> ModelSettings {
        var initMethod = InitMethod(parsing: initText) ?? .kMeansPlusPlus
        if case .rows(let fileRows) = initMethod {
            initMethod = .rows(try fileRows.map { row in
                if let p = data.position(ofFileRow: row) { return p }
                if let dropped = data.dataset.dropped.first(where: { $0.rowIndex == row }) {
                    throw ModelError("--init rows: row \(row) was dropped (line \(dropped.line) has a missing value)")
                }
                throw ModelError("--init rows: row \(row) is out of range (the file has \(data.dataset.count + data.dataset.dropped.count) data rows)")
            })
        }
        let dimension = data.matrix.columns
        let covariance = WideData.covarianceType(requested: covarianceOption, method: method, dimension: dimension)
        // No note when the rows-vs-k check is about to refuse the data: the error is the one line.
        if RowsForK.suffice(rows: data.matrix.rows, k: k),
           let note = WideData.diagonalMixtureNote(requested: covarianceOption, method: method, dimension: dimension) {
            Diagnostics.noteOnce(note)
        }
        var settings = ModelSettings(method: method, k: k, beta: beta, covarianceType: covariance, initMethod: initMethod,
                                     seed: seed, maxIterations: maxIterations, tolerance: tolerance, regCovar: regCovar,
                                     fuzziness: fuzziness)
        settings.nInit = nInit
        return settings
    }
}

extension ClusteringMethod: ExpressibleByArgument {}

/// `1e-4` for 0.0001 (a default tolerance in help), else the number as Swift prints it.
private func powerOfTen(_ v: Double) -> String {
    let exponent = log10(v).rounded()
    return v == pow(10, exponent) ? "1e\(Int(exponent))" : "\(v)"
}
extension CovarianceType: ExpressibleByArgument {}

/// `--beta`: a number, or `auto` (issue 16: a β that means something at any scale).
enum BetaArgument: Equatable, ExpressibleByArgument {
    case value(Double)
    case auto

    init?(argument: String) {
        if argument == "auto" { self = .auto; return }
        guard let b = Double(argument) else { return nil }
        self = .value(b)
    }
}
