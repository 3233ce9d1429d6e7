/// A problem with the input, located in the file where that makes sense.
///
/// Printed once, at the edge, as one line: `iris.csv:12:3: a text value "abc" in numeric column 'x'`.
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based physical line, when the problem is on a line.
    public var line: Int?
    /// 1-based field number, when the problem is in a field.
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        return MessageText.oneLine("\(place): \(message)")
    }
}
