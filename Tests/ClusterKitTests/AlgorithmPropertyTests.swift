import XCTest
@testable import ClusterKit

/// Steppable values: same input + seed = same states; back is free (history); limits behave.
final class AlgorithmPropertyTests: XCTestCase {
    func testNumPyRandomStateMatchesNumPy() {
        // numpy.random.RandomState(0).random_sample(3) and RandomState(42).randint(2**32) raw output.
        var r = NumPyRandomState(seed: 0)
        XCTAssertEqual(r.nextDouble(), 0.5488135039273248)
        XCTAssertEqual(r.nextDouble(), 0.7151893663724195)
        XCTAssertEqual(r.nextDouble(), 0.6027633760716439)
        var m = NumPyRandomState(seed: 5489)
        XCTAssertEqual(m.nextUInt32(), 3_499_211_612)  // MT19937's published first output
    }

    func testSteppingIsDeterministicAndHistoryGivesBack() throws {
        let data = PreparedData(try loadShipped("wine.csv"), standardize: true).matrix
        for method in ClusteringMethod.allCases {
            let settings = ModelSettings(method: method, k: 4, seed: 11)
            let start = try ClusterModel.initial(data, settings)
            var history = [start]
            for _ in 0..<5 { history.append(try history.last!.step()) }
            var again = try ClusterModel.initial(data, settings)
            for i in 1...5 {
                again = try again.step()
                XCTAssertEqual(again, history[i], "\(method) step \(i) is reproducible")
            }
            XCTAssertEqual(history.map(\.iteration), [0, 1, 2, 3, 4, 5])
            // Stepping forward from a state taken back from the history gives the same future.
            XCTAssertEqual(try history[2].step(), history[3])
        }
    }

    func testSoftKMeansLimits() throws {
        let data = PreparedData(try loadShipped("iris.csv"), standardize: false).matrix
        let rows = InitMethod.rows([0, 50, 100])
        // β → ∞ is hard k-means.
        let hard = try KMeans(data: data, configuration: .init(k: 3, initMethod: rows)).run()
        let stiff = try SoftKMeans(data: data, configuration: .init(k: 3, beta: 1e9, initMethod: rows)).run()
        XCTAssertEqual(stiff.labels, hard.labels)
        for i in hard.centroids.values.indices { XCTAssertEqual(stiff.means.values[i], hard.centroids.values[i], accuracy: 1e-9) }
        // β = 0: every mean moves to the data mean in one step.
        let flat = try SoftKMeans(data: data, configuration: .init(k: 3, beta: 0, initMethod: rows)).step()
        let mean = (0..<4).map { f in (0..<150).reduce(0.0) { $0 + data[$1, f] } / 150 }
        for j in 0..<3 { for f in 0..<4 { XCTAssertEqual(flat.means[j, f], mean[f], accuracy: 1e-12) } }
    }

    func testKMeansNeverIncreasesInertia() throws {
        let data = PreparedData(try loadShipped("blobs_2d.csv"), standardize: false).matrix
        var state = try KMeans(data: data, configuration: .init(k: 6, seed: 5))
        while !state.converged {
            let next = state.step()
            XCTAssertLessThanOrEqual(next.inertia, state.inertia * (1 + 1e-12))
            state = next
        }
    }

    func testGMMLowerBoundNeverDecreases() throws {
        let data = PreparedData(try loadShipped("penguins.csv"), standardize: true).matrix
        for type in CovarianceType.allCases {
            var state = try GaussianMixture(data: data, configuration: .init(k: 3, covarianceType: type, seed: 2))
            while !state.isFinished {
                let next = try state.step()
                XCTAssertGreaterThanOrEqual(next.meanLogLikelihood, state.meanLogLikelihood - 1e-9, "\(type)")
                state = next
            }
        }
    }

    func testBadSettingsAreClearErrors() throws {
        let data = PreparedData(try loadShipped("iris.csv"), standardize: false).matrix
        XCTAssertThrowsError(try KMeans(data: data, configuration: .init(k: 151))) {
            XCTAssert("\($0)".contains("k must not exceed"), "\($0)")
        }
        XCTAssertThrowsError(try KMeans(data: data, configuration: .init(k: 2, initMethod: .rows([1, 2, 3])))) {
            XCTAssert("\($0)".contains("lists 3 rows but k = 2"), "\($0)")
        }
        XCTAssertEqual(InitMethod(parsing: "rows:1, 2,3"), .rows([1, 2, 3]))
        XCTAssertNil(InitMethod(parsing: "rows:1,x"))
        XCTAssertNil(InitMethod(parsing: "rows:"))
    }

    func testPCAOnIrisMatchesKnownExplainedVariance() throws {
        // scikit-learn: PCA(2).fit(iris).explained_variance_ratio_ = [0.92461872, 0.05306648]
        let pca = PCA(fitting: PreparedData(try loadShipped("iris.csv"), standardize: false).matrix)
        XCTAssertEqual(pca.explainedVarianceRatio[0], 0.92461872, accuracy: 1e-8)
        XCTAssertEqual(pca.explainedVarianceRatio[1], 0.05306648, accuracy: 1e-8)
        let (x, _) = pca.project([5.1, 3.5, 1.4, 0.2])
        XCTAssertEqual(abs(x), 2.68412563, accuracy: 1e-7)
    }
}
