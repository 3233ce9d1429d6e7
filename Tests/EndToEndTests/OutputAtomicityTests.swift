import Foundation
import XCTest

/// All or nothing: a command that exits non-zero has written nothing (no output, no saved model,
/// no temporary file), whichever of its outputs is refused, on a read-only folder and on a full disk.
final class OutputAtomicityTests: XCTestCase {
    var directory: URL!
    var mounts: [String] = []

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("clusterview-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        for m in mounts.reversed() { _ = try? shell("/bin/umount", [m]) }
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let binary = try XCTUnwrap(HeadlessCommandsTests.binary, "the clusterview executable was not built")
        let r = try shell(binary.path, arguments)
        return (r.status, r.stderr)
    }

    func shell(_ program: String, _ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = HeadlessCommandsTests.root
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// Mounts a tmpfs of `size` (read-only with `readOnly`) at a new folder, or skips the test
    /// saying why (mounting needs privileges that a developer's machine may not grant).
    func tmpfs(_ name: String, size: String, readOnly: Bool = false) throws -> String {
        let point = path(name)
        try FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: true)
        let options = "size=\(size)" + (readOnly ? ",ro" : "")
        guard let r = try? shell("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", point]), r.status == 0 else {
            throw XCTSkip("cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN); the \(name) case is not checked")
        }
        mounts.append(point)
        return point
    }

    // The case: the model would be written, then --output refused. Now neither is written.
    func testARefusedOutputLeavesTheModelUnwritten() throws {
        let existing = path("out.csv"), model = path("m.json")
        try "keep me\n".write(toFile: existing, atomically: true, encoding: .utf8)
        let r = try run(["fit", "datasets/iris.csv", "--save-model", model, "--output", existing])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssert(r.stderr.contains("out.csv: already exists"), r.stderr)
        XCTAssertEqual(files(in: directory.path), ["out.csv"], "no model, no temporary")
        XCTAssertEqual(try String(contentsOfFile: existing, encoding: .utf8), "keep me\n")
        // And the other way round: an existing model refuses, the output is not written.
        let fresh = path("fresh.csv")
        let again = try run(["fit", "datasets/iris.csv", "--save-model", existing, "--output", fresh])
        XCTAssertEqual(again.status, 1, again.stderr)
        XCTAssertEqual(files(in: directory.path), ["out.csv"])
    }

    // A device is not a file to protect: --output /dev/null needs no --force, and the model is saved.
    func testDevNullIsWrittenDirectly() throws {
        let model = path("m.json")
        let r = try run(["fit", "datasets/iris.csv", "--save-model", model, "--output", "/dev/null"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(files(in: directory.path), ["m.json"])
    }

    func testReadOnlyFolderFailsCleanly() throws {
        let folder = try tmpfs("ro", size: "1m", readOnly: true)
        for arguments in [["fit", "datasets/iris.csv", "--output", folder + "/out.csv"],
                          ["fit", "datasets/iris.csv", "--save-model", folder + "/m.json", "--output", path("out.csv")],
                          ["features", "datasets/iris.csv", "-k", "2:4", "--output", folder + "/f.csv"]] {
            let r = try run(arguments)
            XCTAssertEqual(r.status, 1, "\(arguments): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssert(r.stderr.contains("Read-only file system"), r.stderr)
            XCTAssertEqual(files(in: folder), [])
            XCTAssertEqual(files(in: directory.path), ["ro"], "\(arguments): nothing written beside it either")
        }
    }

    // Outputs larger than the disk: one-line error, no partial file, no temporary, no model.
    func testFullDiskFailsCleanly() throws {
        let folder = try tmpfs("full", size: "64k")
        for arguments in [["fit", "datasets/blobs_2d.csv", "-k", "6", "--output", folder + "/out.csv"],
                          ["fit", "datasets/blobs_2d.csv", "-k", "6", "--save-model", folder + "/m.json", "--output", folder + "/out.csv"],
                          ["features", "datasets/wine.csv", "-k", "2:20", "--output", folder + "/f.csv"]] {
            let r = try run(arguments)
            XCTAssertEqual(r.status, 1, "\(arguments): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssert(r.stderr.contains("No space left on device"), r.stderr)
            XCTAssertEqual(files(in: folder), [], "\(arguments)")
        }
    }
}
