import Foundation

/// How each row's features form a grayscale picture (`--image WxH`): `width` × `height` pixels,
/// stored row by row (the first `width` features are the top row), so `width · height` must equal
/// the number of features.
public struct ImageShape: Hashable, Sendable {
    public let width: Int
    public let height: Int

    public init(width: Int, height: Int) {
        precondition(width >= 1 && height >= 1, "an image has at least one pixel")
        self.width = width
        self.height = height
    }

    /// Parses `WxH` (`8x8`, `28X28`, `8×8`); nil for anything else, zero or a side above 10,000.
    public init?(parsing text: String) {
        let parts = text.lowercased().replacingOccurrences(of: "×", with: "x").split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), (1...10_000).contains(w),
              (1...10_000).contains(h) else { return nil }
        self.init(width: w, height: h)
    }

    public var pixels: Int { width * height }

    /// `8x8`: how the option is written.
    public var option: String { "\(width)x\(height)" }

    /// The square shape the header suggests, if it suggests one: D a perfect square of at least 16
    /// and every column named like a pixel (`pixel…`, `px…`, `p` and digits) or like a number
    /// (`0`, `1`, … as some image exports name them). Used only for a hint, never to draw unasked.
    public static func suggested(by featureNames: [String]) -> ImageShape? {
        let d = featureNames.count
        let side = Int(Double(d).squareRoot().rounded())
        guard d >= 16, side * side == d else { return nil }
        guard featureNames.allSatisfy(looksLikePixel) || featureNames.allSatisfy(looksLikeNumber) else { return nil }
        return ImageShape(width: side, height: side)
    }

    private static func looksLikePixel(_ name: String) -> Bool {
        let lower = name.lowercased()
        if lower.hasPrefix("pixel") || lower.hasPrefix("px") { return true }
        guard lower.first == "p" else { return false }
        let rest = lower.dropFirst()
        return !rest.isEmpty && rest.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func looksLikeNumber(_ name: String) -> Bool {
        !name.isEmpty && Double(name.trimmingCharacters(in: .whitespaces)) != nil
    }
}
