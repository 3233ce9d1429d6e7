import XCTest
@testable import ClusterKit

/// The model family behind `ClusterModel` (issue 18): every registered method is reached by its
/// name, starts from the same centroids its own type would draw, and survives a saved model; fuzzy
/// c-means behaves as a method (its memberships are the fit's p_, a saved model reopens on the
/// same memberships, n_init keeps the lowest J_m).
final class ModelFamilyTests: XCTestCase {
    private func iris(standardize: Bool = true) throws -> PreparedData {
        let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/iris.csv")))
        return PreparedData(try Dataset.load(csv: bytes, source: "iris.csv"), standardize: standardize)
    }

    func testRegistryNamesEveryMethodOnceAndEachModelSaysWhichItIs() throws {
        let names = ClusteringMethod.registered.map(\.rawValue)
        XCTAssertEqual(names, ["kmeans", "soft", "gmm", "fcm"])
        XCTAssertEqual(Set(names).count, names.count)
        let data = try iris().matrix
        for method in ClusteringMethod.allCases {
            XCTAssertEqual(ClusteringMethod(rawValue: method.rawValue), method)
            let model = try ClusterModel.initial(data, ModelSettings(method: method, k: 3, seed: 2))
            XCTAssertEqual(model.method, method)
            XCTAssert(type(of: model.state) == method.algorithm, "\(method)")
        }
        XCTAssertNil(ClusteringMethod(rawValue: "dbscan"))
    }

    /// The wrapper starts fuzzy c-means exactly as the type's own initialiser does (same draw).
    func testFuzzyCMeansThroughTheWrapperIsTheTypesOwnRun() throws {
        let data = try iris().matrix
        let settings = ModelSettings(method: .fcm, k: 3, seed: 5, fuzziness: 1.7)
        let own = try FuzzyCMeans(data: data, configuration: .init(k: 3, fuzziness: 1.7, seed: 5)).run()
        let model = try XCTUnwrap(try ClusterModel.fitted(data, settings))
        XCTAssertEqual(model.state(as: FuzzyCMeans.self), own)
        XCTAssertEqual(model.ownMemberships(), own.memberships.values)
        XCTAssertEqual(model.fuzzyPartition, own.memberships)
        XCTAssertEqual(model.objective.name, "J_m")
        XCTAssertEqual(model.objective.value, own.objective)
        XCTAssertEqual(settings.effectiveTolerance, 1e-5)
        XCTAssertEqual(settings.effectiveMaxIterations, 300)
    }

    func testBadFuzzinessIsAnErrorNotACrash() throws {
        let data = try iris().matrix
        for m in [1.0, 0.5, .infinity, .nan] {
            XCTAssertThrowsError(try ClusterModel.initial(data, ModelSettings(method: .fcm, k: 3, fuzziness: m)), "m = \(m)")
        }
    }

    /// A saved fcm model reopened on its rows has the fit's memberships, bit for bit, and the
    /// fit's iteration; the fit CSV's p_ are those memberships.
    func testSavedFuzzyCMeansModelReopensOnTheSameMemberships() throws {
        let data = try iris()
        let settings = ModelSettings(method: .fcm, k: 3, seed: 3, fuzziness: 2.5)
        let model = try XCTUnwrap(try ClusterModel.fitted(data.matrix, settings))
        let report = FitReport(data: data, model: model, settings: settings)
        let saved = try SavedModel(json: SavedModel(report: report).json(), source: "m.json")
        XCTAssertEqual(saved.method, .fcm)
        XCTAssertEqual(saved.fuzziness, 2.5)
        let reopened = try saved.restore(on: data.matrix)
        XCTAssertEqual(reopened.iteration, model.iteration)
        XCTAssertEqual(reopened.converged, model.converged)
        XCTAssertEqual(reopened.ownMemberships()?.map(\.bitPattern), model.ownMemberships()?.map(\.bitPattern))
        XCTAssertEqual(reopened.labels, model.labels)

        let lines = report.csv().split(separator: "\n").dropFirst()
        let u = model.ownMemberships()!
        for (i, line) in lines.enumerated() {
            let p = line.split(separator: ",").dropFirst(2).prefix(3).map { Double($0)! }
            XCTAssertEqual(p, Array(u[(3 * i)..<(3 * i + 3)]), "row \(i)")
        }
    }

    /// n_init for fuzzy c-means keeps the run of lowest J_m, in draw order on ties.
    func testSeveralInitialisationsKeepTheLowestObjective() throws {
        let data = try iris().matrix
        var settings = ModelSettings(method: .fcm, k: 4, seed: 9)
        settings.nInit = 5
        var random = NumPyRandomState(seed: settings.seed)
        var objectives: [Double] = []
        for _ in 0..<settings.nInit {
            let start = try MultipleInitialisations.initialState(data, settings, random: &random, shouldContinue: { true })
            objectives.append(try start.run().objective.value)
        }
        let best = try MultipleInitialisations.best(data, settings, count: settings.nInit)
        XCTAssertEqual(best.index, objectives.firstIndex(of: objectives.min()!))
        XCTAssertEqual(best.final.objective.value, objectives.min()!)
    }
}
