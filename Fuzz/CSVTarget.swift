@testable import ClusterKit

/// The CSV reader with the sniffer and type inference, then preparation (value-range check,
/// standardising) and a short k-means on what loaded: any bytes give a dataset or a one-line
/// `DataError`, and a dataset gives finite numbers all the way through.
func fuzzCSV(_ bytes: [UInt8]) {
    // The first byte picks the options, so the fuzzer explores --impute mean and --standardize.
    let flags = bytes.first ?? 0
    let options = LoadOptions(impute: flags & 1 == 1 ? .mean : .none)
    let dataset: Dataset
    do {
        dataset = try Dataset.load(csv: bytes, source: "fuzz.csv", options: options)
    } catch {
        fuzzCheck(!"\(error)".contains("\n"), "a multi-line error: \(error)")
        return
    }
    fuzzCheck(dataset.values.count == dataset.count * dataset.dimension, "shape")
    fuzzCheck(dataset.values.allSatisfy(\.isFinite), "a non-finite value loaded")
    guard let data = try? PreparedData.checked(dataset, standardize: flags & 2 == 2) else { return }
    fuzzCheck(data.matrix.values.allSatisfy(\.isFinite), "a non-finite prepared value")
    guard data.matrix.rows >= 1, data.matrix.rows <= 300, data.matrix.columns <= 20 else { return }
    let k = min(data.matrix.rows, Int(flags >> 4) % 3 + 1)
    let settings = ModelSettings(method: .kmeans, k: k, seed: 1, maxIterations: 5)
    guard let model = try? ClusterModel.initial(data.matrix, settings).run() else { return }
    fuzzCheck(model.centroids.values.allSatisfy(\.isFinite), "non-finite centroids")
    fuzzCheck(model.labels.allSatisfy { $0 >= 0 && Int($0) < k }, "a label outside 0..<k: \(model.labels)")
    let context = MembershipContext(data: data, model: model, settings: settings)
    fuzzCheckAnswer(context.answer(for: data.matrix.row(0), rules: MembershipRule.allCases), "row 0")
}
