import Foundation
import XCTest
@testable import ClusterKit

/// Models of wide data (issue 16): saved at any width and read back with the same answers; the
/// read bounded by the declared shape; a k-means model's mixture diagonal from
/// `WideData.diagonalMixtureFromDimension` features on; the D²-priced work announced.
final class WideModelTests: XCTestCase {
    /// Pixel-like rows: integers 0–255 around k prototypes, half of them zero.
    static func pixels(rows n: Int, columns d: Int, prototypes k: Int, seed: UInt64) -> PreparedData {
        var random = SplitMix64(seed: seed)
        let protos = (0..<k).map { _ in (0..<d).map { _ in random.unit() < 0.3 ? Double(Int(random.unit() * 256)) : 0 } }
        var text = (0..<d).map { "px\($0)" }.joined(separator: ",") + "\n"
        for i in 0..<n {
            let p = protos[i % k]
            text += (0..<d).map { f -> String in
                if random.unit() < 0.5 { return "0" }
                return String(Int(min(255, max(0, p[f] + (random.unit() - 0.5) * 80))))
            }.joined(separator: ",") + "\n"
        }
        return PreparedData(try! Dataset.load(csv: Array(text.utf8), source: "pixels.csv"), standardize: false)
    }

    func assertSameAnswers(_ a: MembershipContext, _ b: MembershipContext, _ points: [[Double]], _ what: String,
                           file: StaticString = #filePath, line: UInt = #line) {
        for point in points {
            let x = a.answer(for: point, rules: MembershipRule.allCases), y = b.answer(for: point, rules: MembershipRule.allCases)
            XCTAssertEqual(x.rules.map { $0.values?.map(\.bitPattern) }, y.rules.map { $0.values?.map(\.bitPattern) }, what, file: file, line: line)
            XCTAssertEqual(x.cluster, y.cluster, what, file: file, line: line)
        }
    }

    // The shape: 1,000 × 784, k = 10. The k-means model's mixture defaults to diagonal
    // (784 ≥ 128 features), the saved text is a few hundred kB, and the model read back answers
    // every rule bit for bit as the fit, for every fifth training row; the read takes well under 2 s
    // even in a debug build.
    func testRoundTripAt1000By784() throws {
        let data = Self.pixels(rows: 1000, columns: 784, prototypes: 10, seed: 16)
        let type = WideData.covarianceType(requested: nil, method: .kmeans, dimension: 784)
        XCTAssertEqual(type, .diag)
        // A few iterations keep the debug-build test short; the round trip does not care where the fit stopped.
        let settings = ModelSettings(method: .kmeans, k: 10, covarianceType: type, seed: 0, maxIterations: 3)
        let model = try ClusterModel.initial(data.matrix, settings).run()
        let fit = FitReport(data: data, model: model, settings: settings, bootstrap: nil, initDescription: "k-means++")
        let text = SavedModel(report: fit).json()
        XCTAssertLessThan(text.utf8.count, 1_000_000, "no k full 784 × 784 covariances unasked")
        let started = Date()
        let loaded = try SavedModel(json: text, source: "wide.json")
        let restored = MembershipContext(savedModel: loaded)
        let seconds = Date().timeIntervalSince(started)
        XCTAssertLessThan(seconds, 2, "read in \(seconds) s")
        XCTAssertEqual(loaded, SavedModel(report: fit))
        XCTAssertNotNil(restored.mixture)
        assertSameAnswers(fit.context, restored, stride(from: 0, to: data.matrix.rows, by: 5).map { data.matrix.row($0) }, "1000×784")
    }

    // Full covariances at a wide shape, asked for: a document far over the fixed allowance
    // (k·D² numbers) is read, through the fast reader, with the same answers.
    func testFullCovarianceModelOverTheAllowanceRoundTrips() throws {
        let data = Self.pixels(rows: 200, columns: 150, prototypes: 4, seed: 3)
        for method in [ClusteringMethod.kmeans, .gmm] {
            let settings = ModelSettings(method: method, k: 4, covarianceType: .full, seed: 1, maxIterations: 3, regCovar: 1e-2)
            let model = try ClusterModel.initial(data.matrix, settings).run()
            let fit = FitReport(data: data, model: model, settings: settings, bootstrap: nil, initDescription: "k-means++")
            let text = SavedModel(report: fit).json()
            XCTAssertGreaterThan(text.utf8.count, SavedModel.fixedAllowanceBytes, "\(method)")
            let shape = try XCTUnwrap(Array(text.utf8).withUnsafeBytes { SavedModel.declaredShape(of: $0) })
            XCTAssertEqual(shape.k, 4)
            XCTAssertEqual(shape.dimension, 150)
            XCTAssertEqual(shape.method, method)
            XCTAssertEqual(shape.covarianceType, .full)
            XCTAssertEqual(shape.hasMixture, method != .gmm)
            XCTAssertLessThan(Double(text.utf8.count), shape.maximumDocumentBytes)
            let loaded = try SavedModel(json: text, source: "full.json")
            XCTAssertEqual(loaded, SavedModel(report: fit), "\(method)")
            assertSameAnswers(fit.context, MembershipContext(savedModel: loaded), (0..<20).map { data.matrix.row($0) }, "\(method)")
        }
    }

    func smallModel() throws -> String {
        let data = Self.pixels(rows: 30, columns: 4, prototypes: 3, seed: 1)
        let settings = ModelSettings(method: .kmeans, k: 3, seed: 0)
        let model = try ClusterModel.initial(data.matrix, settings).run()
        let fit = FitReport(data: data, model: model, settings: settings,
                            bootstrap: Bootstrap.run(data: data.matrix, reference: model.centroids, runs: 5, seed: 0),
                            initDescription: "k-means++")
        return SavedModel(report: fit).json()
    }

    // The scanner finds the declared shape of a real document: columns, k, method, covariance
    // type, whether the mixture is stored, and the bootstrap sets; fed in pieces of any size.
    func testDeclaredShapeOfARealModel() throws {
        let bytes = Array(try smallModel().utf8)
        for piece in [1, 7, 4096] {
            var scanner = DeclaredShapeScanner()
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + piece)
                bytes[start..<end].withUnsafeBytes { scanner.scan($0) }
                start = end
            }
            let shape = try XCTUnwrap(scanner.shape)
            XCTAssertEqual(shape.k, 3)
            XCTAssertEqual(shape.dimension, 4)
            XCTAssertEqual(shape.method, .kmeans)
            XCTAssertEqual(shape.covarianceType, .full)
            XCTAssertTrue(shape.hasMixture)
            XCTAssertEqual(shape.bootstrapSets, 5)
            XCTAssertTrue(scanner.isDone)
        }
        XCTAssertNil(Array("[1,2]".utf8).withUnsafeBytes { SavedModel.declaredShape(of: $0) })
        XCTAssertNil([UInt8](repeating: 0, count: 10).withUnsafeBytes { SavedModel.declaredShape(of: $0) })
    }

    // Hostile sizes: a document larger than its declared shape can take is refused before it is
    // parsed, in one line naming both sizes and the shape; a shape larger than the document is
    // refused by the shape checks; a shape so large its count would overflow an Int stays a
    // finite bound.
    func testHostileSizesAreRefusedInOneLine() throws {
        let text = try smallModel()
        let padded = text.replacingOccurrences(of: "\"format\":", with: "\"padding\": \"" + String(repeating: "x", count: 2 << 20) + "\",\n  \"format\":")
        XCTAssertThrowsError(try SavedModel(json: padded, source: "m.json")) { error in
            let message = "\(error)"
            XCTAssertFalse(message.contains("\n"))
            XCTAssert(message.hasPrefix("m.json: not a clusterview model: the file is 2.0 MB, more than the 1.0 MB a model of its declared shape (kmeans, k = 3, D = 4, full, 5 bootstrap sets) can be"), message)
        }
        let huge = text.replacingOccurrences(of: "\"k\": 3", with: "\"k\": 1000000000")
        XCTAssertThrowsError(try SavedModel(json: huge, source: "m.json")) { error in
            XCTAssert("\(error)".contains("'centroids' must be 1000000000 × 4 numbers, not 3 rows"), "\(error)")
        }
        let absurd = SavedModel.DeclaredShape(k: Int(Int32.max), dimension: Int(Int32.max), method: .gmm,
                                              covarianceType: .full, hasMixture: false)
        XCTAssert(absurd.maximumDocumentBytes.isFinite && absurd.maximumDocumentBytes > 1e29)
        XCTAssertNil(SavedModel.sizeProblem(bytes: 5 << 30) { absurd })
        XCTAssertNotNil(SavedModel.sizeProblem(bytes: 5 << 30) { nil })
        XCTAssertNil(SavedModel.sizeProblem(bytes: SavedModel.fixedAllowanceBytes) { XCTFail("not scanned"); return nil })
    }

    // The fast reader builds exactly the tree Foundation's decoder builds, for what it accepts,
    // and hands everything else to Foundation (which reports errors as before).
    func testFastReaderAgreesWithFoundation() throws {
        var random = SplitMix64(seed: 7)
        var numbers: [String] = ["0", "-0", "1", "-1", "0.5", "1e-7", "1E+300", "123456789012345678901234567890",
                                 "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308", "0.1000000000000000055511151231257827"]
        for _ in 0..<300 {
            let x = Double(bitPattern: random.next())
            if x.isFinite { numbers.append("\(x)") }
        }
        let documents = [
            "{\"a\": [" + numbers.joined(separator: ", ") + "], \"b\": {\"z\": null, \"y\": true, \"x\": false}}",
            "\u{FEFF}  {\"s\": \"tab\\t quote\\\" slash\\/ back\\\\ u\\u00e9 pair\\ud83d\\ude00 é 日本\"} \n",
            "[[], {}, [[[1]]], \"\", -0.0]",
        ]
        for document in documents {
            let bytes = Array(document.utf8)
            let fast = try XCTUnwrap(bytes.withUnsafeBufferPointer { JSONFastReader.parse($0) }, document)
            XCTAssertEqual(fast, try JSONDecoder().decode(JSONValue.self, from: Data(bytes)), document)
        }
        for refused in ["{\"a\": 1, \"a\": 2}", "[01]", "[1e999]", "[NaN]", "{\"a\": \"\\ud800\"}", "[\"\u{01}\"]", "[1,]", "{} x",
                        String(repeating: "[", count: 300) + String(repeating: "]", count: 300)] {
            XCTAssertNil(Array(refused.utf8).withUnsafeBufferPointer { JSONFastReader.parse($0) }, refused)
        }
    }

    // The precision factor reads rows only now; its bits are the textbook loop's.
    func testPrecisionCholeskyIsTheTextbookLoopBitForBit() throws {
        var random = SplitMix64(seed: 11)
        for d in [1, 2, 5, 33] {
            var a = Matrix(rows: d, columns: d + 3)
            for i in a.values.indices { a.values[i] = random.unit() - 0.5 }
            var c = Matrix(rows: d, columns: d)
            for p in 0..<d { for q in 0..<d { c[p, q] = (0..<a.columns).reduce(0) { $0 + a[p, $1] * a[q, $1] } } }
            for p in 0..<d { c[p, p] += 0.1 }
            // The textbook forms, as they were before.
            var l = Matrix(rows: d, columns: d)
            for j in 0..<d {
                var diag = c[j, j]
                for k in 0..<j { diag -= l[j, k] * l[j, k] }
                l[j, j] = diag.squareRoot()
                for i in (j + 1)..<max(d, j + 1) {
                    var s = c[i, j]
                    for k in 0..<j { s -= l[i, k] * l[j, k] }
                    l[i, j] = s / l[j, j]
                }
            }
            var inv = Matrix(rows: d, columns: d)
            for col in 0..<d {
                for i in col..<d {
                    var s = (i == col) ? 1.0 : 0.0
                    for k in col..<i { s -= l[i, k] * inv[k, col] }
                    inv[i, col] = s / l[i, i]
                }
            }
            XCTAssertEqual(try choleskyLower(c).values.map(\.bitPattern), l.values.map(\.bitPattern), "D = \(d)")
            XCTAssertEqual(try precisionCholesky(ofCovariance: c).values.map(\.bitPattern), inv.transposed.values.map(\.bitPattern), "D = \(d)")
        }
    }

    // The wide default: below the threshold nothing changes (full); from it on, k-means and soft
    // get diag unless a type is named; GMM keeps what it is given. The note says so once.
    func testDiagonalMixtureFromTheThresholdOn() {
        let t = WideData.diagonalMixtureFromDimension
        for method in ClusteringMethod.allCases {
            XCTAssertEqual(WideData.covarianceType(requested: nil, method: method, dimension: t - 1), .full)
            XCTAssertEqual(WideData.covarianceType(requested: nil, method: method, dimension: t), method == .gmm ? .full : .diag)
            XCTAssertEqual(WideData.covarianceType(requested: .full, method: method, dimension: 10 * t), .full)
            XCTAssertEqual(WideData.covarianceType(requested: .tied, method: method, dimension: 2), .tied)
            XCTAssertNil(WideData.diagonalMixtureNote(requested: nil, method: method, dimension: t - 1))
            XCTAssertNil(WideData.diagonalMixtureNote(requested: .full, method: method, dimension: t))
        }
        XCTAssertEqual(WideData.diagonalMixtureNote(requested: nil, method: .kmeans, dimension: 784)?.hasPrefix(
            "784 features: the gmm rule of this k-means model uses a mixture with diagonal covariances"), true)
    }

    // Costs: full GMM at MNIST's shape is announced with an estimate; diag and narrow data are not;
    // a k-means model's full mixture at wide D is announced, its diag one is not.
    func testCostNotices() {
        var gmm = ModelSettings(method: .gmm, k: 10, covarianceType: .full)
        let notice = WideData.costNotice(settings: gmm, rows: 70_000, columns: 784)
        XCTAssert(notice?.hasPrefix("gmm with full covariances at 70000 × 784, k = 10: about ") == true, notice ?? "nil")
        XCTAssert(notice?.contains("an iteration (up to 100); --covariance diag takes") == true, notice ?? "nil")
        XCTAssertNil(WideData.costNotice(settings: gmm, rows: 150, columns: 4))
        gmm.covarianceType = .diag
        XCTAssertNil(WideData.costNotice(settings: gmm, rows: 70_000, columns: 784))
        var kmeans = ModelSettings(method: .kmeans, k: 10, covarianceType: .full)
        XCTAssert(WideData.costNotice(settings: kmeans, rows: 70_000, columns: 784)?.hasPrefix("the gmm rule's mixture with full covariances") == true)
        kmeans.covarianceType = .diag
        XCTAssertNil(WideData.costNotice(settings: kmeans, rows: 70_000, columns: 784))
        XCTAssertEqual(WideData.describe(seconds: 0.2), "under a second")
        XCTAssertEqual(WideData.describe(seconds: 3.4), "about 3 s")
        XCTAssertEqual(WideData.describe(seconds: 47), "about 45 s")
        XCTAssertEqual(WideData.describe(seconds: 400), "about 7 min")
    }

    // inverse-power at D = 784 (exponent 783) is computed in log space: finite, a distribution,
    // and it favours the nearer centroid.
    func testInversePowerStaysFiniteAtWideD() {
        let p = MembershipFormulas.inversePower(zDistances: [30.0, 30.5, 1e6, 0.5e-300], dimension: 784)
        XCTAssert(p.allSatisfy { $0.isFinite && $0 >= 0 })
        XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-12)
        let q = MembershipFormulas.inversePower(zDistances: [30.0, 30.5], dimension: 784)
        XCTAssertGreaterThan(q[0], q[1])
        XCTAssertEqual(q[0], 1 / (1 + pow(30.0 / 30.5, 783)), accuracy: 1e-12)
    }
}
