import Foundation
import XCTest

/// Keys typed in one burst at 120,000 rows, in a real terminal: each settings key builds on the
/// settings of the refit still running, so a burst means what the same keys typed slowly mean.
final class ExplorerBurstEndToEndTests: XCTestCase {
    private var session: TmuxSession!
    private var directory: URL!
    private var csv: URL!

    override func setUpWithError() throws {
        try TmuxSession.requireTmux()
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("clusterview-burst-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        csv = directory.appendingPathComponent("blobs.csv")
        try Self.writeBlobs(rows: 120_000, to: csv)
        session = TmuxSession()
    }

    override func tearDown() {
        session?.kill()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// Three Gaussian-ish blobs in 4 columns from a fixed LCG: quick to write, the same every run.
    static func writeBlobs(rows: Int, to url: URL) throws {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let centres: [[Double]] = [[0, 0, 0, 0], [6, 1, -3, 2], [-4, 5, 3, -2]]
        var text = "a,b,c,d\n"
        text.reserveCapacity(rows * 32)
        for i in 0..<rows {
            let c = centres[i % 3]
            let values = c.map { centre -> String in
                // The sum of three uniforms: roughly normal, spread about 1.
                let v = centre + (uniform() + uniform() + uniform() - 1.5) * 2
                return String(Double(Int(v * 1000)) / 1000)
            }
            text += values.joined(separator: ",") + "\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    private func launch(_ options: String) throws {
        let binary = try BuiltProduct.clusterview()
        try session.start(command: "'\(binary.path)' '\(csv.path)' \(options)", width: 120, height: 40)
        try session.waitFor("iter 0", timeout: 60)
        try session.waitFor("120000×4", timeout: 10)
    }

    /// The status line once it shows `expected` with no job running, checked again a moment
    /// later so that a later refit would be seen; throws (with the screen) when it never does.
    private func settledStatus(showing expected: String, timeout: TimeInterval = 60) throws -> String {
        try session.waitUntil(timeout: timeout, "'\(expected)' with no job running") {
            $0.split(separator: "\n").first.map { $0.contains(expected) && !$0.contains("(Esc)") } ?? false
        }
        usleep(500_000)
        let screen = try session.capture()
        return String(screen.split(separator: "\n").first ?? "")
    }

    // `] ] ] ] ]` in soft k-means: five refits asked for while the first still runs; beta ends
    // at 1.5^5 = 7.59, not at 1.5 × the beta of whichever refit happened to finish.
    func testBetaBurstInSoftKMeansReachesTheLastPendingBeta() throws {
        try launch("--method soft")
        try session.type("]]]]]")
        let status = try settledStatus(showing: "beta=7.59")
        XCTAssertTrue(status.contains("beta=7.59"), status)
        XCTAssertTrue(status.contains("soft k-means"), status)
        XCTAssertTrue(status.contains("iter 0"), status)
        try session.send(keys: ["q"])
        XCTAssertEqual(try session.shellState().exitStatus, 0)
    }

    // `v + } }` in k-means: m typed while the k refit runs applies at once (k-means' fit does not
    // read m) and is kept by the refit when it lands: the fuzzy rule's m is 1 + 1.5² = 3.25.
    func testFuzzinessTypedDuringARefitIsKept() throws {
        try launch("--method kmeans")
        try session.type("v+}}")
        let status = try settledStatus(showing: "m=3.25")
        XCTAssertTrue(status.contains("k=4"), status)
        XCTAssertTrue(status.contains("beta=1  m=3.25"), status)
        try session.send(keys: ["Escape", "q"])
        XCTAssertEqual(try session.shellState().exitStatus, 0)
    }

    // `m m` from k-means: two method steps, k-means → soft → GMM.
    func testMethodBurstFromKMeansEndsOnGMM() throws {
        try launch("--method kmeans")
        try session.type("mm")
        let status = try settledStatus(showing: "GMM")
        XCTAssertTrue(status.contains("GMM"), status)
        XCTAssertTrue(status.contains("iter 0"), status)
        try session.send(keys: ["q"])
        XCTAssertEqual(try session.shellState().exitStatus, 0)
    }

    // `] n n` in soft k-means: the refit, then two steps on top of it.
    func testStepsTypedDuringARefitRunAfterIt() throws {
        try launch("--method soft")
        try session.type("]nn")
        try session.waitUntil(timeout: 60, "iter 2 with beta 1.5") { $0.contains("iter 2") && $0.contains("beta=1.5") }
        try session.send(keys: ["q"])
        XCTAssertEqual(try session.shellState().exitStatus, 0)
    }

    /// CPU seconds (user + system) a process has used, from /proc.
    private func cpuSeconds(_ pid: pid_t) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // Fields after the command name (which is in parentheses and may hold spaces).
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (Double(fields[11])! + Double(fields[12])!) / ticks
    }

    /// How many times the process's main thread has gone to sleep (voluntary context switches).
    private func wakeups(_ pid: pid_t) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("voluntary_ctxt_switches:") })
        return Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? -1
    }

    // An idle explorer sleeps: once its background work is done, two seconds without input
    // cost (almost) no CPU and its input loop does not wake (a 40 ms poll would wake 50 times).
    func testIdleExplorerUsesNoCPU() throws {
        try XCTSkipUnless(FileManager.default.fileExists(atPath: "/proc/self/status"),
                          "measures CPU time and voluntary context switches through /proc, which only Linux has")
        try launch("--method kmeans")
        try session.waitFor("bootstrap: 100 runs on 20,000-row resamples", timeout: 60)
        let pid = try XCTUnwrap(try session.foregroundProgramID(), "the explorer's process")
        usleep(300_000)
        let before = try cpuSeconds(pid), sleptBefore = try wakeups(pid)
        sleep(2)
        let used = try cpuSeconds(pid) - before, woke = try wakeups(pid) - sleptBefore
        XCTAssertLessThan(used, 0.05, "an idle explorer used \(used) s of CPU in 2 s")
        XCTAssertLessThan(woke, 5, "the idle input loop woke \(woke) times in 2 s")
        try session.send(keys: ["q"])
        XCTAssertEqual(try session.shellState().exitStatus, 0)
    }
}
