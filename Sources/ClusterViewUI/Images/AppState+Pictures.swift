import ClusterKit

/// What the side panel needs to draw rows as pictures: their shape and the greys' scale.
public struct Pictures: Sendable, Equatable {
    public let shape: ImageShape
    /// The smallest and largest finite value in the whole file (its pixel range, e.g. 0…16 for
    /// digits, 0…255 for 8-bit images): every picture, row and centroid alike, is shaded on this
    /// one scale, so a faint centroid looks faint beside a bold row instead of being stretched.
    public let range: ClosedRange<Double>

    /// The range is read once here (O(N·D)), not at every frame.
    init(shape: ImageShape, dataset: Dataset) {
        self.shape = shape
        var low = Double.infinity, high = -Double.infinity
        for v in dataset.values where v.isFinite {
            low = min(low, v)
            high = max(high, v)
        }
        range = low <= high ? low...high : 0...0
    }
}

extension AppState {
    /// Draws rows as `shape` pictures from now on; throws when the shape's pixel count is not the
    /// number of feature columns (one line naming both).
    public mutating func drawAsPictures(_ shape: ImageShape) throws {
        let d = dataset.featureNames.count
        guard shape.pixels == d else {
            throw ModelError("--image \(shape.option) is \(shape.pixels) pixels, but \(fileName) has \(d) feature column\(d == 1 ? "" : "s")"
                             + (ImageShape.suggested(by: dataset.featureNames).map { " (try --image \($0.option))" } ?? ""))
        }
        pictures = Pictures(shape: shape, dataset: dataset)
    }

    /// A hint when the header looks like square images and `--image` was not given, e.g.
    /// `looks like 8×8 images: --image 8x8`.
    var pictureHint: String? {
        guard pictures == nil, let shape = ImageShape.suggested(by: dataset.featureNames) else { return nil }
        return "looks like \(shape.width)×\(shape.height) images: --image \(shape.option)"
    }
}
