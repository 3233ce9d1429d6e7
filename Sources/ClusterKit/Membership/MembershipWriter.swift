/// Answers queries batch by batch and writes them as `MembershipReport` would, in order, numbered
/// across batches: the same bytes as `MembershipReport(...).csv()` / `.json()` of all the queries,
/// without holding them all.
///
/// A batch is answered and formatted in parallel chunks (`ChunkedRows`), handed to `emit` in order.
public struct MembershipWriter {
    let json: Bool
    let context: MembershipContext
    let rules: [MembershipRule]
    let toClustering: ([Double]) -> [Double]
    let emit: (UnsafeRawBufferPointer) throws -> Void
    /// Queries written so far (the next query's number).
    public private(set) var count = 0

    public init(json: Bool, context: MembershipContext, rules: [MembershipRule], toClustering: @escaping ([Double]) -> [Double],
                emit: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.json = json
        self.context = context
        self.rules = rules
        self.toClustering = toClustering
        self.emit = emit
    }

    /// The CSV header (nothing for JSON, whose opening depends on whether any query follows).
    public func begin() throws {
        if !json { try write(MembershipReport.csvHeader(k: context.k)) }
    }

    /// Answers and writes `queries` (source, point in the file's units).
    public mutating func answer(_ queries: [(source: String, raw: [Double])]) throws {
        guard !queries.isEmpty else { return }
        let first = count, k = context.k
        let context = self.context, rules = self.rules, toClustering = self.toClustering, json = self.json
        try ChunkedRows.write(rows: queries.count, rowsPerChunk: 1024, format: { range, out in
            for i in range {
                let q = queries[i]
                let query = MembershipReport.Query(source: q.source, rawPoint: q.raw,
                                                   answer: context.answer(for: toClustering(q.raw), rules: rules))
                if json {
                    out.append(first + i == 0 ? "[\n" : ",\n")
                    out.append(MembershipReport.jsonObject(query, number: first + i))
                } else {
                    MembershipReport.appendCSV(query, number: first + i, k: k, to: &out)
                }
            }
        }, emit: emit)
        count += queries.count
    }

    /// Closes the JSON array.
    public func end() throws {
        if json { try write(count == 0 ? "[]\n" : "\n]\n") }
    }

    private func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try emit(UnsafeRawBufferPointer($0)) }
    }
}
