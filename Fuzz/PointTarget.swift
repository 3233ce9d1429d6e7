@testable import ClusterKit

/// `--point X1,X2,...` and `--init rows:I,J,...`: any text gives a finite point (or init) or an
/// error; a point that passes the distance check gets finite memberships from a small model.
func fuzzPoint(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    if let method = InitMethod(parsing: text), case .rows(let rows) = method {
        fuzzCheck(rows.allSatisfy { $0 >= 0 }, "negative init rows from \(text.debugDescription)")
    }
    let columns = ["a", "b", "c"]
    guard let point = try? QueryPoints.parse(text, columns: columns) else { return }
    fuzzCheck(point.count == 3 && point.allSatisfy(\.isFinite), "a bad point from \(text.debugDescription)")
    let context = fuzzPointContext
    guard (try? ValueRange.checkQuery(point, centroids: context.centroids, name: "--point 1")) != nil else { return }
    fuzzCheckAnswer(context.answer(for: point, rules: MembershipRule.allCases), "--point \(text.debugDescription)")
}

/// A GMM fitted once on a small fixed dataset (three groups in 3-D), with a bootstrap.
let fuzzPointContext: MembershipContext = {
    var values: [Double] = []
    for i in 0..<30 { let g = Double(i % 3) * 5; values += [g + Double(i % 7) * 0.1, -g + Double(i % 5) * 0.2, Double(i % 4) * 0.3] }
    let dataset = Dataset(source: "fixed", featureNames: ["a", "b", "c"], values: values, count: 30, dimension: 3)
    let data = PreparedData(dataset, standardize: false)
    let settings = ModelSettings(method: .gmm, k: 3, seed: 2)
    let model = try! ClusterModel.initial(data.matrix, settings).run()
    let bootstrap = Bootstrap.run(data: data.matrix, reference: model.centroids, runs: 5, seed: 2)
    return MembershipContext(data: data, model: model, settings: settings, bootstrap: bootstrap)
}()
