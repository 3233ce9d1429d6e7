/// Finds a model document's declared shape (`SavedModel.DeclaredShape`) in one pass over its
/// bytes, fed in chunks of any size, in constant memory: the check a large file passes before it
/// is read whole.
///
/// It is not a JSON parser: it tracks strings, escapes and nesting only as far as needed to see the
/// top-level keys `k`, `columns` (its element count and bytes), `method`, `covariance_type`,
/// `mixture` (null or not) and `bootstrap.centroid_sets` (its element count). Whatever else the
/// document holds, valid or not, is for the parser to judge afterwards. The scan stops early, so
/// a large file costs little: with no shape when the document does not open with `{` (after an
/// optional byte order mark and whitespace) or nests deeper than the parser allows, and with the
/// shape once the top-level object closes.
public struct DeclaredShapeScanner: Sendable {
    /// Deeper than Foundation's JSON reader allows: the document is refused anyway.
    private static let maximumDepth = 512
    private static let captureLimit = 40

    /// For each open container, whether it is an object (bounded by `maximumDepth`).
    private var objectAt: [Bool] = []
    private var inString = false, escaped = false
    private var stringIsKey = false
    /// In an object, whether the next string is a key.
    private var expectKey = false
    private var capture: [UInt8] = []
    /// The top-level key being read, named once when it ends (not compared at every byte).
    private enum Key { case other, k, columns, method, covarianceType, mixture, bootstrap }
    private var topKey = Key.other
    /// Inside `bootstrap`: whether the key being read is `centroid_sets`.
    private var inCentroidSets = false
    /// The top-level scalar being read (the text of `k`, or `null`).
    private var scalar: [UInt8] = []
    private var failed = false
    private var finished = false
    /// Bytes seen before the top-level object opened (a byte order mark is allowed first).
    private var leading = 0, bomBytes = 0

    private var kText: [UInt8]?
    private var methodText: [UInt8]?
    private var covarianceText: [UInt8]?
    private var columnCount = 0, columnBytes = 0, sawColumns = false
    private var mixtureIsObject = false
    private var bootstrapSets = 0

    public init() {}

    /// True once more bytes cannot change the answer: the top-level object closed, or the scan failed.
    public var isDone: Bool { failed || finished }

    private var depth: Int { objectAt.count }

    private static let keys: [(text: [UInt8], key: Key)] = [
        (Array("k".utf8), .k), (Array("columns".utf8), .columns), (Array("method".utf8), .method),
        (Array("covariance_type".utf8), .covarianceType), (Array("mixture".utf8), .mixture),
        (Array("bootstrap".utf8), .bootstrap),
    ]
    private static let setsKey = Array("centroid_sets".utf8)

    public mutating func scan(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        let n = bytes.count
        let inert = Self.inert  // once, not a lazy global's check per byte
        while i < n {
            if failed || finished { return }
            if !inString && objectAt.count >= 2 && objectAt.last == false && topKey != .columns {
                // Inside an array below the top level (a model's numbers: nearly all of a large
                // document), digits, signs, points, commas and whitespace change nothing here.
                while i < n && inert[Int(bytes[i])] { i += 1 }
                if i == n { return }
            }
            let byte = bytes[i]
            i += 1
            if objectAt.isEmpty {
                opening(byte)
            } else {
                consume(byte)
            }
        }
    }

    private static let inert: [Bool] = (0..<256).map { c in
        Array("0123456789.eE+-, \n\r\t".utf8).contains(UInt8(c))
    }

    /// Before the top-level object: an optional byte order mark, whitespace, then `{`.
    private mutating func opening(_ c: UInt8) {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        defer { leading += 1 }
        if leading == bomBytes && bomBytes < 3 && c == bom[bomBytes] { bomBytes += 1; return }
        switch c {
        case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): return
        case UInt8(ascii: "{"):
            objectAt.append(true)
            expectKey = true
        default:
            failed = true
        }
    }

    private mutating func consume(_ c: UInt8) {
        if topKey == .columns && depth >= 2 { columnBytes += 1 }
        if inString {
            if escaped {
                escaped = false
            } else if c == UInt8(ascii: "\\") {
                escaped = true
            } else if c == UInt8(ascii: "\"") {
                inString = false
                endString()
                return
            }
            if capture.count < Self.captureLimit { capture.append(c) }
            return
        }
        switch c {
        case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
            endScalar()
        case UInt8(ascii: "\""):
            endScalar()
            inString = true
            stringIsKey = expectKey && objectAt.last == true
            capture.removeAll(keepingCapacity: true)
            if !stringIsKey && depth == 2 && topKey == .columns && objectAt.last == false { columnCount += 1 }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            endScalar()
            if depth == 1 && c == UInt8(ascii: "{") && topKey == .mixture { mixtureIsObject = true }
            if depth == 1 && c == UInt8(ascii: "[") && topKey == .columns { sawColumns = true }
            if depth == 3 && topKey == .bootstrap && inCentroidSets && objectAt.last == false { bootstrapSets += 1 }
            guard depth < Self.maximumDepth else { failed = true; return }
            objectAt.append(c == UInt8(ascii: "{"))
            expectKey = c == UInt8(ascii: "{")
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            endScalar()
            objectAt.removeLast()
            if depth == 0 { finished = true }
            if depth <= 1 { inCentroidSets = false }
            expectKey = false
        case UInt8(ascii: ","):
            endScalar()
            expectKey = objectAt.last == true
        case UInt8(ascii: ":"):
            endScalar()
            expectKey = false
        default:
            if depth == 1 && scalar.count < Self.captureLimit { scalar.append(c) }
        }
    }

    private mutating func endString() {
        if stringIsKey {
            if depth == 1 {
                topKey = Self.keys.first { $0.text == capture }?.key ?? .other
                inCentroidSets = false
            } else if depth == 2 {
                inCentroidSets = capture == Self.setsKey
            }
            expectKey = false
        } else if depth == 1 {
            if topKey == .method { methodText = capture }
            if topKey == .covarianceType { covarianceText = capture }
        }
    }

    private mutating func endScalar() {
        guard !scalar.isEmpty else { return }
        if depth == 1 && topKey == .k { kText = scalar }
        if depth == 1 && topKey == .mixture { mixtureIsObject = false }
        scalar.removeAll(keepingCapacity: true)
    }

    /// The shape seen so far; nil unless `k`, `columns`, `method` and `covariance_type` were all seen
    /// and make sense.
    public var shape: SavedModel.DeclaredShape? {
        guard !failed, sawColumns, columnCount > 0,
              let kText, let k = Double(String(decoding: kText, as: UTF8.self)), k >= 1, k == k.rounded(), k <= Double(Int32.max),
              let methodText, let method = ClusteringMethod(rawValue: String(decoding: methodText, as: UTF8.self)),
              let covarianceText, let type = CovarianceType(rawValue: String(decoding: covarianceText, as: UTF8.self))
        else { return nil }
        return SavedModel.DeclaredShape(k: Int(k), dimension: columnCount, method: method, covarianceType: type,
                                        hasMixture: mixtureIsObject, bootstrapSets: bootstrapSets, columnBytes: columnBytes)
    }
}
