import XCTest
@testable import TerminalBackend

/// The run loop's draws, the size the app is told, and Ctrl-Z.
final class ResizeBookkeepingTests: XCTestCase {
    typealias Size = ResizeBookkeeping.Size

    func testFirstDrawTellsTheSizeThenOnlyChanges() {
        // The app hears the size before the first draw, then only when it differs from the last
        // size it heard (a draw for another reason tells nothing).
        var bookkeeping = ResizeBookkeeping()
        XCTAssertTrue(bookkeeping.needsDraw)
        XCTAssertEqual(bookkeeping.drawing(width: 80, height: 24), Size(width: 80, height: 24))
        XCTAssertFalse(bookkeeping.needsDraw)
        bookkeeping.changed()
        XCTAssertTrue(bookkeeping.needsDraw)
        XCTAssertNil(bookkeeping.drawing(width: 80, height: 24))
        XCTAssertEqual(bookkeeping.drawing(width: 300, height: 24), Size(width: 300, height: 24))
        XCTAssertEqual(bookkeeping.drawing(width: 300, height: 250), Size(width: 300, height: 250))
        XCTAssertNil(bookkeeping.drawing(width: 300, height: 250))
        XCTAssertEqual(bookkeeping.sizeTold, Size(width: 300, height: 250))
    }

    func testResizeBackToAnEarlierSizeIsTold() {
        // Only the last size told counts: going back to an earlier size is a change too.
        var bookkeeping = ResizeBookkeeping()
        _ = bookkeeping.drawing(width: 80, height: 24)
        _ = bookkeeping.drawing(width: 100, height: 30)
        XCTAssertEqual(bookkeeping.drawing(width: 80, height: 24), Size(width: 80, height: 24))
    }

    func testSuspendAndResume() {
        // Ctrl-Z stops once; while stopped nothing is drawn, whatever changes; `fg` makes a draw
        // due at once (the shell wrote over the screen) and the program runs again.
        var bookkeeping = ResizeBookkeeping()
        _ = bookkeeping.drawing(width: 80, height: 24)
        XCTAssertEqual(bookkeeping.phase, .running)
        XCTAssertTrue(bookkeeping.suspend())
        XCTAssertEqual(bookkeeping.phase, .suspended)
        XCTAssertFalse(bookkeeping.suspend(), "a second Ctrl-Z while stopped is no second stop")
        bookkeeping.changed()
        XCTAssertFalse(bookkeeping.needsDraw, "nothing is drawn on the shell's terminal")
        bookkeeping.resume()
        XCTAssertEqual(bookkeeping.phase, .running)
        XCTAssertTrue(bookkeeping.needsDraw)
        // The same size as before: redrawn, but the app hears nothing new.
        XCTAssertNil(bookkeeping.drawing(width: 80, height: 24))
        XCTAssertFalse(bookkeeping.needsDraw)
        // Another Ctrl-Z after the resume stops again.
        XCTAssertTrue(bookkeeping.suspend())
    }

    func testResumeWithoutSuspendChangesNothing() {
        // A resume that follows no suspension does not force a draw.
        var bookkeeping = ResizeBookkeeping()
        _ = bookkeeping.drawing(width: 80, height: 24)
        bookkeeping.resume()
        XCTAssertEqual(bookkeeping.phase, .running)
        XCTAssertFalse(bookkeeping.needsDraw)
    }

    func testResizeDuringASuspendIsToldOnResume() {
        // The terminal resized while the program was stopped: the first draw after `fg` tells
        // the app the new size, once.
        var bookkeeping = ResizeBookkeeping()
        _ = bookkeeping.drawing(width: 80, height: 24)
        XCTAssertFalse(bookkeeping.needsDraw)
        XCTAssertTrue(bookkeeping.suspend())
        bookkeeping.resume()
        XCTAssertTrue(bookkeeping.needsDraw, "the resume alone makes a draw due")
        XCTAssertEqual(bookkeeping.drawing(width: 132, height: 43), Size(width: 132, height: 43))
        bookkeeping.changed()
        XCTAssertNil(bookkeeping.drawing(width: 132, height: 43))
    }
}
