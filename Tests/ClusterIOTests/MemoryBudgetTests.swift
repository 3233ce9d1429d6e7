import ClusterIO
import ClusterKit
import Foundation
import XCTest

/// The memory budget: sizes parsed and shown, the tightest limit chosen, and an input that
/// cannot fit refused before it is read whole, with the advice to sample.
final class MemoryBudgetTests: XCTestCase {
    func testParseSize() {
        XCTAssertEqual(MemoryBudget.parseSize("123"), 123)
        XCTAssertEqual(MemoryBudget.parseSize("64K"), 64 << 10)
        XCTAssertEqual(MemoryBudget.parseSize("512m"), 512 << 20)
        XCTAssertEqual(MemoryBudget.parseSize("2GiB"), 2 << 30)
        XCTAssertEqual(MemoryBudget.parseSize("1.5G"), 3 << 29)
        XCTAssertEqual(MemoryBudget.parseSize(" 10MB "), 10 << 20)
        XCTAssertNil(MemoryBudget.parseSize("-1"))
        XCTAssertNil(MemoryBudget.parseSize("lots"))
        XCTAssertNil(MemoryBudget.parseSize("9999999T"))
    }

    func testDescribe() {
        XCTAssertEqual(MemoryBudget.describe(999), "999 bytes")
        XCTAssertEqual(MemoryBudget.describe(2_300_000_000), "2.3 GB")
        XCTAssertEqual(MemoryBudget.describe(812_000_000), "812 MB")
    }

    /// The environment's limit wins when it is the tightest; an unparsable one is ignored.
    func testEnvironmentLimitIsChosenWhenTightest() {
        let budget = MemoryBudget.current(environment: [MemoryBudget.environmentKey: "1K"])
        XCTAssertEqual(budget, MemoryBudget(bytes: 1024, reason: "CLUSTERVIEW_MEMORY_LIMIT=1K"))
        let ignored = MemoryBudget.current(environment: [MemoryBudget.environmentKey: "plenty"])
        XCTAssertNotEqual(ignored?.reason, "CLUSTERVIEW_MEMORY_LIMIT=plenty")
    }

    /// The estimate: the bytes plus per row 8 bytes a field and 24 more; rows from the head's line length.
    func testLoadCostEstimate() {
        let head = Array("a,b,c\n1,2,3\n4,5,6\n".utf8)  // 3 lines of 6 bytes, 2 commas each
        let cost = head.withUnsafeBytes { LoadCost(head: $0, totalBytes: 6_000) }
        XCTAssertEqual(cost.rows, 1_001)
        XCTAssertEqual(cost.fields, 3)
        XCTAssertEqual(cost.neededBytes, 6_000 + 1_001 * (3 * 8 + 24))
    }

    /// A plain file over the budget is refused at once, naming the sizes, the limit and --sample.
    /// 4,004 bytes of 4-byte lines: ~1,002 rows of 2 fields, 4,004 + 1,002 × (2 × 8 + 24) = 44,084 bytes.
    func testAFileOverTheBudgetIsRefused() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("data.csv", "x,y\n" + String(repeating: "1,2\n", count: 1000))
        let budget = MemoryBudget(bytes: 10_000, reason: "a test")
        XCTAssertEqual(message { _ = try InputFile.read(path, budget: budget) },
                       "\(path): too large to load: about 44 KB needed for a 4.0 KB input (~1002 rows × 2 fields), "
                       + "but only 10 KB may be used (a test); use --sample N to explore a uniform sample of the rows")
        XCTAssertNoThrow(try InputFile.read(path, budget: MemoryBudget(bytes: 100_000, reason: "a test")))
    }

    /// A stream (here a part folder, as standard input or gzip would be) is checked as it grows
    /// and at its end; its size is then the whole input.
    func testAStreamIsCheckedToo() throws {
        let dir = try TemporaryDirectory()
        try dir.write("part-00000.csv", "x,y\n" + String(repeating: "1,2\n", count: 1000))
        let budget = MemoryBudget(bytes: 10_000, reason: "a test")
        let refusal = message { _ = try InputFile.read(dir.path, budget: budget) }
        XCTAssertTrue(refusal?.hasPrefix("\(dir.path): too large to load: about 44 KB needed for a 4.0 KB input") ?? false,
                      refusal ?? "not refused")
    }
}
