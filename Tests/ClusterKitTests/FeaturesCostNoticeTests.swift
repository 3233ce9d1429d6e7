import Foundation
import XCTest
@testable import ClusterKit

/// `features` announces only the D²-priced work it does (issue 18): fuzzy c-means' probabilities
/// are its own memberships, so no partition mixture is priced for it; and the method's
/// `holdsMemberships` says what its fits do.
final class FeaturesCostNoticeTests: XCTestCase {
    private let rows = 70_000, columns = 784

    private func notice(_ method: ClusteringMethod, _ kind: FeatureKind) -> String? {
        WideData.featuresCostNotice(settings: ModelSettings(method: method, k: 10, covarianceType: .full),
                                    kind: kind, rows: rows, columns: columns)
    }

    func testFuzzyCMeansProbabilitiesPriceNoMixture() {
        for kind in FeatureKind.allCases { XCTAssertNil(notice(.fcm, kind), "\(kind)") }
        for method in [ClusteringMethod.kmeans, .soft] {
            XCTAssertNil(notice(method, .distances), "\(method)")
            for kind in [FeatureKind.proba, .both] {
                XCTAssert(notice(method, kind)?.hasPrefix("the gmm rule's mixture with full covariances at 70000 × 784, k = 10") == true,
                          "\(method) \(kind): \(notice(method, kind) ?? "nil")")
            }
        }
        for kind in FeatureKind.allCases {
            XCTAssert(notice(.gmm, kind)?.hasPrefix("gmm with full covariances at 70000 × 784, k = 10") == true, "\(kind)")
        }
        // Narrow data: nothing to announce for any method.
        for method in ClusteringMethod.allCases {
            XCTAssertNil(WideData.featuresCostNotice(settings: ModelSettings(method: method, k: 3), kind: .proba, rows: 150, columns: 4))
        }
    }

    /// The declaration agrees with the fits: a method says it holds memberships exactly when its
    /// fitted model has them (what `FeatureTable` writes as probabilities instead of a mixture's).
    func testHoldsMembershipsIsWhatEachFitHas() throws {
        let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent("datasets/iris.csv")))
        let data = PreparedData(try Dataset.load(csv: bytes, source: "iris.csv"), standardize: true).matrix
        for method in ClusteringMethod.allCases {
            let model = try XCTUnwrap(try ClusterModel.fitted(data, ModelSettings(method: method, k: 3, seed: 1)))
            XCTAssertEqual(method.holdsMemberships, model.ownMemberships() != nil, "\(method)")
        }
        XCTAssertEqual(ClusteringMethod.allCases.filter(\.holdsMemberships), [.gmm, .fcm])
    }
}
