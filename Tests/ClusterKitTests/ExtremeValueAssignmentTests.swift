import XCTest
@testable import ClusterKit

/// Regression (issue 11's fuzz crash): rows at the largest double must be assigned to a real
/// cluster, never to one of the SIMD padding lanes (which used to hold fake centroids there).
final class ExtremeValueAssignmentTests: XCTestCase {
    func testRowsAtTheLargestDoubleGetRealClusters() throws {
        let big = Double.greatestFiniteMagnitude
        for k in 1...9 {
            var values: [Double] = [1, big, -big, 0.5 * big]
            for i in 0..<(k + 2) { values.append(Double(i)) }
            let data = Matrix(rows: values.count, columns: 1, values: values)
            let rows = Array(0..<k).map { $0 + 4 }  // finite init rows
            var centroids = Matrix(rows: k, columns: 1)
            for j in 0..<k { centroids[j, 0] = values[rows[j]] }
            let fit = KMeans(data: data, configuration: .init(k: k, maxIterations: 5), centroids: centroids).run()
            XCTAssert(fit.labels.allSatisfy { $0 >= 0 && Int($0) < k }, "k = \(k): \(fit.labels)")
        }
    }

    func testEveryMethodSurvivesTheFuzzInput() throws {
        let data = Matrix(rows: 2, columns: 1, values: [1, .greatestFiniteMagnitude])
        let assignment = Assignment.compute(data, Matrix(rows: 1, columns: 1, values: [1]))
        XCTAssertEqual(assignment.labels, [0, 0])
        for method in [ClusteringMethod.kmeans, .soft] {
            let model = try ClusterModel.initial(data, ModelSettings(method: method, k: 1))
            XCTAssertEqual(try model.run().labels, [0, 0])
        }
    }
}
