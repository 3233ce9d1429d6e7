import ClusterIO
import ClusterKit
import Foundation
import XCTest

/// Output files: written to a temporary beside them and renamed into place, never overwritten
/// without `overwrite` (`--force`), and a failure (full disk, read-only folder, any error before
/// the commit) leaves the old file as it was and no temporary behind.
final class AtomicWriteTests: XCTestCase {
    private func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// While being written the bytes are in `.NAME.PID.tmp`, not at the destination; after the commit
    /// only the destination is left.
    func testWritesThroughATemporaryThenRenames() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("out.csv")
        let writer = try AtomicFile.Writer(path: path, overwrite: false)
        try Array("a,b\n".utf8).withUnsafeBytes { try writer.write($0) }
        XCTAssertEqual(try dir.names(), [".out.csv.\(getpid()).tmp"])
        XCTAssertNil(contents(path), "nothing at the destination before the commit")
        try writer.commit()
        XCTAssertEqual(try dir.names(), ["out.csv"])
        XCTAssertEqual(contents(path), "a,b\n")
    }

    func testRefusesToOverwriteWithoutForce() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("out.csv", "old\n")
        XCTAssertEqual(message { try AtomicFile.write("new\n", to: path, overwrite: false) },
                       "\(path): already exists; pass --force to overwrite it")
        XCTAssertEqual(contents(path), "old\n")
        XCTAssertEqual(try dir.names(), ["out.csv"])
        try AtomicFile.write("new\n", to: path, overwrite: true)
        XCTAssertEqual(contents(path), "new\n")
        XCTAssertEqual(try dir.names(), ["out.csv"])
    }

    /// A file that appears at the destination between the open and the commit is not replaced
    /// (link(2) never overwrites), and the temporary goes.
    func testAFileThatAppearsMeanwhileIsNotReplaced() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("out.csv")
        let writer = try AtomicFile.Writer(path: path, overwrite: false)
        try Array("mine\n".utf8).withUnsafeBytes { try writer.write($0) }
        try dir.write("out.csv", "theirs\n")
        XCTAssertEqual(message { try writer.commit() }, "\(path): already exists; pass --force to overwrite it")
        XCTAssertEqual(contents(path), "theirs\n")
        XCTAssertEqual(try dir.names(), ["out.csv"])
    }

    /// A full disk on the third write (the seam's ENOSPC): the error names the file and the cause,
    /// the old file is intact and no temporary is left.
    func testFullDiskLeavesTheOldFileAndNoTemporary() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("out.csv", "old\n")
        let counter = CallCounter()
        var calls = SystemCalls.live
        let live = SystemCalls.live
        calls.write = { fd, buffer, count in
            if counter.next() >= 3 { errno = ENOSPC; return -1 }
            return live.write(fd, buffer, min(count, 2))
        }
        let destination = OutputDestination(path: path, force: true, calls: calls)
        XCTAssertEqual(message { try destination.write("a longer new text\n") }, "\(path): cannot be written: No space left on device")
        XCTAssertEqual(contents(path), "old\n")
        XCTAssertEqual(try dir.names(), ["out.csv"])
    }

    /// close(2) reporting a delayed write error (NFS, a full disk) fails the commit the same way.
    func testAFailingCloseFailsTheCommit() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("out.csv")
        var calls = SystemCalls.live
        let live = SystemCalls.live
        calls.close = { fd in
            _ = live.close(fd)
            errno = EIO
            return -1
        }
        XCTAssertEqual(message { try AtomicFile.write("text\n", to: path, overwrite: false, calls: calls) },
                       "\(path): cannot be written: Input/output error")
        XCTAssertEqual(try dir.names(), [])
    }

    /// /dev/full, a real device whose every write fails with ENOSPC, is written directly (it is
    /// not a regular file) and fails with the system's words.
    func testDevFull() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { throw XCTSkip("no /dev/full on this system") }
        XCTAssertEqual(message { try AtomicFile.write("text\n", to: "/dev/full", overwrite: false) },
                       "/dev/full: cannot be written: No space left on device")
    }

    /// A read-only folder, through real permissions. Root ignores them (CI runs as root), so there
    /// this test is skipped; `testReadOnlyFolderThroughTheSeam` covers the same path everywhere.
    func testReadOnlyFolder() throws {
        guard geteuid() != 0 else { throw XCTSkip("running as root, which file permissions do not stop; see testReadOnlyFolderThroughTheSeam") }
        let dir = try TemporaryDirectory()
        chmod(dir.path, 0o555)
        let path = dir.file("out.csv")
        XCTAssertEqual(message { try AtomicFile.write("text\n", to: path, overwrite: false) },
                       "\(path): cannot be written: Permission denied")
        XCTAssertEqual(try dir.names(), [])
    }

    /// The refusals of a read-only folder (EACCES) and a read-only file system (EROFS), injected at
    /// open(2) as the kernel gives them: one line naming the destination, nothing created.
    func testReadOnlyFolderThroughTheSeam() throws {
        for (code, words) in [(EACCES, "Permission denied"), (EROFS, "Read-only file system")] {
            let dir = try TemporaryDirectory()
            let path = dir.file("out.csv")
            var calls = SystemCalls.live
            calls.open = { _, _, _ in errno = code; return -1 }
            XCTAssertEqual(message { _ = try OutputDestination(path: path, force: false, calls: calls).open() },
                           "\(path): cannot be written: \(words)")
            XCTAssertEqual(try dir.names(), [])
        }
    }

    /// Abandoning (an error later in the command) removes the temporary; retracting undoes a
    /// commit of a new file, for all-or-nothing across a command's outputs.
    func testAbandonAndRetract() throws {
        let dir = try TemporaryDirectory()
        let first = try OutputDestination(path: dir.file("a.csv"), force: false).open()
        XCTAssertEqual(try dir.names(), [".a.csv.\(getpid()).tmp"])
        first.abandon()
        XCTAssertEqual(try dir.names(), [])

        let writer = try AtomicFile.Writer(path: dir.file("b.json"), overwrite: false)
        try writer.commit()
        XCTAssertEqual(try dir.names(), ["b.json"])
        writer.retract()
        XCTAssertEqual(try dir.names(), [])
    }

    /// An error thrown while the body writes abandons the file: nothing at the destination.
    func testAnErrorWhileWritingLeavesNothing() throws {
        struct Late: Error {}
        let dir = try TemporaryDirectory()
        let opened = try OutputDestination(path: dir.file("out.csv"), force: false).open()
        XCTAssertThrowsError(try opened.finish { emit in
            try Array("half".utf8).withUnsafeBytes { try emit($0) }
            throw Late()
        })
        XCTAssertEqual(try dir.names(), [])
    }

    func testRefusesADirectory() throws {
        let dir = try TemporaryDirectory()
        XCTAssertEqual(message { _ = try AtomicFile.Writer(path: dir.path, overwrite: true) }, "\(dir.path): is a directory")
    }

    func testFreeNameCountsPastTakenNames() throws {
        let dir = try TemporaryDirectory()
        XCTAssertEqual(AtomicFile.freeName(dir.file("shot.txt")), dir.file("shot.txt"))
        try dir.write("shot.txt", "")
        try dir.write("shot-2.txt", "")
        XCTAssertEqual(AtomicFile.freeName(dir.file("shot.txt")), dir.file("shot-3.txt"))
    }

    /// Standard output through the seam: a small output is one write after the body, so an error
    /// in the body prints nothing; a failing write is "standard output: CAUSE".
    func testStandardOutputIsWholeOrNothingWhenSmall() throws {
        struct Late: Error {}
        let writes = Locked<[[UInt8]]>([])
        var calls = SystemCalls.live
        calls.write = { fd, buffer, count in
            XCTAssertEqual(fd, STDOUT_FILENO)
            writes.withLock { $0.append(Array(UnsafeRawBufferPointer(start: buffer, count: count))) }
            return count
        }
        let destination = OutputDestination(path: nil, force: false, calls: calls)
        try destination.open().finish { emit in
            for piece in ["a,", "b\n", "1,2\n"] { try Array(piece.utf8).withUnsafeBytes { try emit($0) } }
        }
        XCTAssertEqual(writes.withLock { $0 }, [Array("a,b\n1,2\n".utf8)])
        XCTAssertThrowsError(try destination.open().finish { emit in
            try Array("x\n".utf8).withUnsafeBytes { try emit($0) }
            throw Late()
        })
        XCTAssertEqual(writes.withLock { $0.count }, 1, "nothing more was written")

        calls.write = { _, _, _ in errno = EPIPE; return -1 }
        XCTAssertEqual(message { try OutputDestination(path: "-", force: false, calls: calls).write("x\n") },
                       "standard output: Broken pipe")
    }
}

