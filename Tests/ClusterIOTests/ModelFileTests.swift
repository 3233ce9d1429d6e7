import ClusterIO
import ClusterKit
import Foundation
import XCTest

/// Model files: read through the same input layer (short reads too), and a large file that is
/// no model refused from its size and a constant-memory scan, before it is read whole.
final class ModelFileTests: XCTestCase {
    private let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ClusterKitTests/Fixtures/sklearn_iris_kmeans.model.json").path

    func testLoadsWithOneByteReadsAsFromMemory() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixture)))
        let expected = try SavedModel(json: bytes, source: fixture)
        XCTAssertEqual(try ModelFile.load(fixture, calls: .stuttering(limit: 1)), expected)
    }

    func testALargeFileWithoutAShapeIsRefusedUnread() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("huge.json", "{\"padding\": \"" + String(repeating: "x", count: 2 << 20) + "\"}")
        XCTAssertEqual(message { _ = try ModelFile.load(path) },
                       "\(path): not a clusterview model: the file is 2.0 MB and declares no shape to bound it "
                       + "('k', 'columns', 'method' and 'covariance_type' are needed)")
    }
}
