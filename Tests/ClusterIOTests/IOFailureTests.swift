import ClusterIO
import Foundation
import XCTest

/// A failed file operation is explained in strerror's words, whichever way Foundation wraps it.
final class IOFailureTests: XCTestCase {
    func testPOSIXAndCocoaErrorsGiveTheSystemsWords() {
        XCTAssertEqual(IOFailure.reason(NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))), "No space left on device")
        let wrapped = NSError(domain: NSCocoaErrorDomain, code: 512,
                              userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EROFS))])
        XCTAssertEqual(IOFailure.reason(wrapped), "Read-only file system")
        XCTAssertEqual(IOFailure.reason(CocoaError(.fileWriteNoPermission)), "Permission denied")
        XCTAssertEqual(IOFailure.reason(CocoaError(.fileReadNoSuchFile)), "No such file or directory")
    }

    /// A real failure: Foundation writing into a folder that does not exist.
    func testAFoundationWriteFailure() throws {
        let dir = try TemporaryDirectory()
        do {
            try Data("x".utf8).write(to: URL(fileURLWithPath: dir.file("missing/out.txt")))
            XCTFail("the write should fail")
        } catch {
            XCTAssertEqual(IOFailure.reason(error), "No such file or directory")
        }
    }
}
