@testable import ClusterKit

/// The model-file reader (`membership --model`, the explorer's `--model`): any bytes give a model
/// or a one-line `SavedModelError`; a model that loads answers every rule with finite values for
/// its centroids and for far points, and saves to the same model.
func fuzzModel(_ bytes: [UInt8]) {
    let model: SavedModel
    do {
        model = try SavedModel(json: bytes, source: "fuzz.json")
    } catch {
        fuzzCheck(!"\(error)".contains("\n"), "a multi-line error: \(error)")
        return
    }
    fuzzCheck((try? SavedModel(json: model.json(), source: "again")) == model, "save → load is not the identity")
    let context = MembershipContext(savedModel: model)
    var points = (0..<model.k).map { model.centroids.row($0) }
    points.append([Double](repeating: 1e150, count: model.dimension))
    points.append([Double](repeating: 0, count: model.dimension))
    for (i, point) in points.enumerated() {
        guard (try? ValueRange.checkQuery(point, centroids: model.centroids, name: "q")) != nil else { continue }
        fuzzCheckAnswer(context.answer(for: point, rules: MembershipRule.allCases), "point \(i)")
    }
}
