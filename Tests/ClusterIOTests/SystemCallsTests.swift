import ClusterIO
import ClusterKit
import Foundation
import XCTest

/// The seam's own loops: EINTR is retried and nothing else is, short writes are continued.
final class SystemCallsTests: XCTestCase {
    func testRetryingInterruptsRepeatsOnlyEINTR() {
        var attempts = 0
        let result = SystemCalls.retryingInterrupts { () -> Int in
            attempts += 1
            if attempts < 4 { errno = EINTR; return -1 }
            return 7
        }
        XCTAssertEqual(result, 7)
        XCTAssertEqual(attempts, 4)

        attempts = 0
        let failed = SystemCalls.retryingInterrupts { () -> Int in
            attempts += 1
            errno = EIO
            return -1
        }
        XCTAssertEqual(failed, -1)
        XCTAssertEqual(errno, EIO, "errno survives for the caller's message")
        XCTAssertEqual(attempts, 1, "an error other than EINTR is not retried")
    }

    /// writeAll hands every byte over, in order, when each write takes at most 3 and some are interrupted.
    func testWriteAllContinuesShortAndInterruptedWrites() {
        let written = Locked<[UInt8]>([])
        let counter = CallCounter()
        var calls = SystemCalls.live
        calls.write = { _, buffer, count in
            if counter.next() % 2 == 0 { errno = EINTR; return -1 }
            let n = min(3, count)
            written.withLock { $0 += UnsafeRawBufferPointer(start: buffer, count: n) }
            return n
        }
        let bytes = Array("a line of output\n".utf8)
        let failure = bytes.withUnsafeBytes { calls.writeAll(99, $0) }
        XCTAssertNil(failure)
        XCTAssertEqual(written.withLock { $0 }, bytes)
    }

    func testWriteAllReportsTheFailingErrno() {
        var calls = SystemCalls.live
        calls.write = { _, _, _ in errno = ENOSPC; return -1 }
        XCTAssertEqual([1, 2, 3].withUnsafeBytes { calls.writeAll(99, $0) }, ENOSPC)
    }
}
