import XCTest
import ClusterKit

/// The bundled real datasets load with the expected shapes.
final class LoaderDatasetTests: XCTestCase {
    private func load(_ name: String, _ options: LoadOptions = LoadOptions()) throws -> Dataset {
        try Dataset.load(csv: try LoaderTest.datasetBytes(name), source: name, options: options)
    }

    func testIris() throws {
        let ds = try load("iris.csv")
        XCTAssertEqual(ds.count, 150)
        XCTAssertEqual(ds.dimension, 4)
        XCTAssertEqual(ds.featureNames, ["sepal_length", "sepal_width", "petal_length", "petal_width"])
        XCTAssertEqual(ds.labelName, "species")
        XCTAssertEqual(ds.labelNames.count, 3)
        XCTAssertEqual(Array(ds.row(0)), [5.1, 3.5, 1.4, 0.2])
        XCTAssertEqual(ds.label(of: 0), "setosa")
        XCTAssertTrue(ds.dropped.isEmpty)
    }

    func testWine() throws {
        let ds = try load("wine.csv")
        XCTAssertEqual(ds.count, 178)
        XCTAssertEqual(ds.dimension, 13)
        XCTAssertEqual(ds.labelName, "cultivar")
        XCTAssertEqual(ds.labelNames.count, 3)
        XCTAssertEqual(ds.featureNames[11], "od280/od315_of_diluted_wines")
    }

    func testPenguinsDropsTwoRows() throws {
        let ds = try load("penguins.csv")
        XCTAssertEqual(ds.count, 342)
        XCTAssertEqual(ds.dimension, 4)
        XCTAssertEqual(ds.labelName, "species")
        XCTAssertEqual(ds.labelNames.count, 3)
        XCTAssertEqual(ds.dropped.map(\.line), [5, 273])
        XCTAssertEqual(ds.dropped.map(\.rowIndex), [3, 271])
        XCTAssertEqual(ds.droppedSummary, "dropped 2 rows with missing values (lines 5, 273)")
        XCTAssertFalse(ds.rowIndices.contains(3))
    }

    func testPenguinsImputed() throws {
        let ds = try load("penguins.csv", LoadOptions(impute: .mean))
        XCTAssertEqual(ds.count, 344)
        XCTAssertEqual(ds.imputedCount, 8)
    }

    func testBlobs() throws {
        let ds = try load("blobs_2d.csv")
        XCTAssertEqual(ds.count, 600)
        XCTAssertEqual(ds.dimension, 2)
        XCTAssertEqual(ds.labelName, "label")
        XCTAssertEqual(ds.labelNames.count, 4)
    }
}
