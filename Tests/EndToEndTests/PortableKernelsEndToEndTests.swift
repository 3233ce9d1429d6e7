@testable import ClusterKit
import Foundation
import XCTest

/// `CLUSTERVIEW_KERNELS`: the built binary prints the same bytes with the vectorised kernels
/// (whatever this CPU runs) and with the portable ones, for fit, membership and features, and
/// `--version` says which kernels run. (CI also runs the whole suite under
/// `CLUSTERVIEW_KERNELS=portable`; these tests set the variable themselves either way.)
final class PortableKernelsEndToEndTests: XCTestCase {
    struct Output: Equatable {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    /// Runs clusterview from the package root with `CLUSTERVIEW_KERNELS` set to `kernels`, or
    /// removed when nil (the best this CPU runs).
    func run(_ arguments: [String], kernels: String?) throws -> Output {
        let process = Process()
        process.executableURL = try BuiltProduct.clusterview()
        process.arguments = arguments
        process.currentDirectoryURL = BuiltProduct.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment[KernelLevel.environmentVariable] = kernels
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting, so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The levels to compare with the default: portable, and avx2 too on an AVX-512 CPU.
    var cappedLevels: [String] { KernelLevel.cpu == .avx512 ? ["portable", "avx2"] : ["portable"] }

    /// Each command's stdout (and status) is identical under every level of `levels` and by
    /// default, and not empty.
    func assertSameBytesEverywhere(_ commands: [[String]], levels: [String]? = nil,
                                   file: StaticString = #filePath, line: UInt = #line) throws {
        for arguments in commands {
            let reference = try run(arguments, kernels: nil)
            XCTAssertEqual(reference.status, 0, "\(arguments.joined(separator: " ")): \(reference.stderr)", file: file, line: line)
            XCTAssertFalse(reference.stdout.isEmpty, "\(arguments.joined(separator: " ")) printed nothing", file: file, line: line)
            for level in levels ?? cappedLevels {
                let capped = try run(arguments, kernels: level)
                XCTAssertEqual(capped.status, reference.status, "\(level): \(arguments.joined(separator: " ")): \(capped.stderr)",
                               file: file, line: line)
                XCTAssertTrue(capped.stdout == reference.stdout,
                              "CLUSTERVIEW_KERNELS=\(level) changes the output of \(arguments.joined(separator: " ")) "
                                  + "(\(capped.stdout.count) bytes, default \(reference.stdout.count))", file: file, line: line)
            }
        }
    }

    /// A 5,000 × 64 file of 32 blobs (seeded): wide enough for the AVX-512 expanded assignment
    /// kernel, the k-means++ seeding kernels and the feature table's distance kernel.
    func generatedFile() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("clusterview-kernels-\(UUID().uuidString).csv")
        var random = SplitMix64(seed: 17)
        let centres = (0..<32).map { _ in (0..<64).map { _ in 6 * random.unit() - 3 } }
        var text = (0..<64).map { "f\($0)" }.joined(separator: ",") + "\n"
        for _ in 0..<5000 {
            let centre = centres[Int(random.below(32))]
            text += centre.map { String(format: "%.5f", $0 + 2 * random.unit() - 1) }.joined(separator: ",") + "\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    // --version names the version and the kernels in use; a cap below the CPU says so.
    func testVersionPrintsTheKernelsInUse() throws {
        let best = try run(["--version"], kernels: nil)
        XCTAssertEqual(best.status, 0)
        XCTAssertEqual(String(decoding: best.stdout, as: UTF8.self), "clusterview \(ClusterViewVersion.expected)\nkernels: \(KernelLevel.cpu.name)\n")
        let portable = try run(["--version"], kernels: "portable")
        let portableText = String(decoding: portable.stdout, as: UTF8.self)
        XCTAssertTrue(portableText.hasPrefix("clusterview \(ClusterViewVersion.expected)\nkernels: portable"), portableText)
        if KernelLevel.cpu > .portable {
            XCTAssertTrue(portableText.contains("CLUSTERVIEW_KERNELS=portable; the CPU runs \(KernelLevel.cpu.name)"), portableText)
        }
        // A cap above the CPU changes nothing.
        let above = try run(["--version"], kernels: "avx512")
        XCTAssertEqual(String(decoding: above.stdout, as: UTF8.self), "clusterview \(ClusterViewVersion.expected)\nkernels: \(KernelLevel.cpu.name)\n")
    }

    // A value that names no level is refused with one line before anything runs.
    func testAnUnknownLevelIsRefused() throws {
        for value in ["Portable", "sse2", "neon "] {
            let result = try run(["fit", "datasets/iris.csv"], kernels: value)
            XCTAssertEqual(result.status, 1, value)
            XCTAssertTrue(result.stdout.isEmpty, value)
            XCTAssertEqual(result.stderr, "clusterview: error: \(UnknownKernelLevel(value: value))\n")
        }
    }

    // fit, every method and covariance type, CSV (memberships, distances) and JSON (the model).
    func testFitIsByteIdenticalWithThePortableKernels() throws {
        var commands: [[String]] = [
            ["fit", "datasets/iris.csv", "-k", "3"],
            ["fit", "datasets/iris.csv", "-k", "3", "--format", "json"],
            ["fit", "datasets/wine.csv", "--standardize", "--method", "soft", "-k", "3"],
            ["fit", "datasets/blobs_2d.csv", "-k", "5", "--n-init", "3", "--format", "json"],
        ]
        for covariance in ["full", "tied", "diag", "spherical"] {
            commands.append(["fit", "datasets/wine.csv", "--standardize", "--method", "gmm", "--covariance", covariance, "-k", "3"])
            commands.append(["fit", "datasets/iris.csv", "--method", "gmm", "--covariance", covariance, "-k", "4", "--format", "json"])
        }
        try assertSameBytesEverywhere(commands)
    }

    // membership: every rule (bootstrap included), for query files, points and data rows.
    func testMembershipIsByteIdenticalWithThePortableKernels() throws {
        try assertSameBytesEverywhere([
            ["membership", "datasets/iris.csv", "--rules", "all", "--bootstrap-runs", "20", "--query", "datasets/new-flowers.csv"],
            ["membership", "datasets/wine.csv", "--standardize", "--method", "gmm", "--covariance", "diag", "--rules", "all",
             "--bootstrap-runs", "10", "--row", "0", "--row", "77", "--row", "177", "--format", "json"],
            ["membership", "datasets/iris.csv", "--method", "soft", "--rules", "softmax,inverse-power,cosine,linear,fuzzy",
             "--point", "5.9,3.0,4.2,1.5", "--point", "1e15,0,0,-1e15"],
        ])
    }

    // features: distances and probabilities over a range of k.
    func testFeaturesAreByteIdenticalWithThePortableKernels() throws {
        try assertSameBytesEverywhere([
            ["features", "datasets/wine.csv", "-k", "2:10:2", "--kind", "both", "--standardize"],
            ["features", "datasets/iris.csv", "-k", "8", "--kind", "proba", "--method", "gmm", "--covariance", "spherical"],
        ])
    }

    // The wide generated file: k-means at k = 32 (the AVX-512 expanded kernel where the CPU has
    // it, and the seeding kernels) and a feature table at k = 32. Against portable only (the
    // slowest test here; the avx2 cap, and the mixtures' E-step kernel, on the small files).
    func testWideDataIsByteIdenticalWithThePortableKernels() throws {
        let file = try generatedFile()
        try assertSameBytesEverywhere([
            ["fit", file, "-k", "32"],
            ["features", file, "-k", "32", "--kind", "distances"],
        ], levels: ["portable"])
    }
}

/// The version `--version` must print: ClusterView.swift's, read from the source so the test needs
/// no edit when it changes.
enum ClusterViewVersion {
    static let expected: String = {
        let source = (try? String(contentsOf: BuiltProduct.packageRoot.appendingPathComponent("Sources/clusterview/ClusterView.swift"),
                                  encoding: .utf8)) ?? ""
        guard let line = source.split(separator: "\n").first(where: { $0.contains("static let version = \"") }),
              let open = line.firstIndex(of: "\""), let close = line.lastIndex(of: "\""), open < close else { return "?" }
        return String(line[line.index(after: open)..<close])
    }()
}
