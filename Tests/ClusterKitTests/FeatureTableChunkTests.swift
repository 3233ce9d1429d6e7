import Foundation
import XCTest
@testable import ClusterKit

/// A wide feature table is written in many chunks, formatted on several threads, with distances
/// from the AVX2 kernel: the bytes are still the plain per-cell `squaredDistance(…).squareRoot()`
/// in shortest round-trip text, row after row, and the same with the Swift path.
final class FeatureTableChunkTests: XCTestCase {
    func testWideTableBytesEqualThePlainFormula() throws {
        var random = NumPyRandomState(seed: 9)
        var text = "a,b,c,d,e,tag\n"
        for i in 0..<600 {
            // Small integers: many equal distances; one column of reals.
            let v = (0..<4).map { _ in String(Int(random.nextDouble() * 6)) }
            text += v.joined(separator: ",") + ",\(random.nextDouble() * 3),t\(i % 3)\n"
        }
        let data = PreparedData(try Dataset.load(csv: Array(text.utf8), source: "wide.csv"), standardize: false)
        let ks = [100, 200]
        let table = try XCTUnwrap(FeatureTable.fit(data: data, settings: ModelSettings(method: .kmeans, seed: 3), ks: ks, kind: .distances))

        var expected = table.header + "\n"
        for i in 0..<data.matrix.rows {
            var fields = [String(data.dataset.rowIndices[i])]
            for b in table.blocks {
                for j in 0..<b.k { fields.append("\(squaredDistance(data.matrix.row(i), b.centroids.row(j)).squareRoot())") }
            }
            fields.append(data.dataset.label(of: i) ?? "")
            expected += fields.joined(separator: ",") + "\n"
        }
        for vectorized in [true, false] {
            let t = FeatureTable(data: data, kind: .distances, blocks: table.blocks, vectorized: vectorized)
            var bytes = [UInt8](), emits = 0
            t.writeBytes { bytes += $0; emits += 1 }
            XCTAssertGreaterThan(emits, 3, "several chunks")
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), expected, "vectorized=\(vectorized)")
        }
        // The ks fitted concurrently are the ks fitted alone.
        for (b, k) in zip(table.blocks, ks) {
            var s = ModelSettings(method: .kmeans, seed: 3)
            s.k = k
            XCTAssertEqual(b.centroids.values, try ClusterModel.initial(data.matrix, s).run().centroids.values, "k=\(k)")
        }
    }
}
