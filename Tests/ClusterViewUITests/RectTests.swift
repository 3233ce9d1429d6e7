import ClusterViewUI
import XCTest

final class RectTests: XCTestCase {
    func testNegativeSizesClampToZero() {
        let rect = Rect(x: 1, y: 2, width: -4, height: 3)
        XCTAssertEqual(rect.width, 0)
        XCTAssertTrue(rect.isEmpty)
    }

    func testSplitLeftAndRight() {
        let rect = Rect(x: 2, y: 1, width: 10, height: 4)
        let (left, right) = rect.split(left: 3)
        XCTAssertEqual(left, Rect(x: 2, y: 1, width: 3, height: 4))
        XCTAssertEqual(right, Rect(x: 5, y: 1, width: 7, height: 4))
        let (rest, panel) = rect.split(right: 4)
        XCTAssertEqual(rest, Rect(x: 2, y: 1, width: 6, height: 4))
        XCTAssertEqual(panel, Rect(x: 8, y: 1, width: 4, height: 4))
    }

    func testSplitTopAndBottom() {
        let rect = Rect(width: 5, height: 10)
        let (top, body) = rect.split(top: 1)
        XCTAssertEqual(top, Rect(x: 0, y: 0, width: 5, height: 1))
        XCTAssertEqual(body, Rect(x: 0, y: 1, width: 5, height: 9))
        let (main, bar) = rect.split(bottom: 2)
        XCTAssertEqual(main, Rect(x: 0, y: 0, width: 5, height: 8))
        XCTAssertEqual(bar, Rect(x: 0, y: 8, width: 5, height: 2))
    }

    // Asking for more than there is gives everything to one side, never a negative size.
    func testSplitsClamp() {
        let rect = Rect(x: 1, y: 1, width: 4, height: 4)
        XCTAssertEqual(rect.split(left: 9).right, Rect(x: 5, y: 1, width: 0, height: 4))
        XCTAssertEqual(rect.split(right: 9).left, Rect(x: 1, y: 1, width: 0, height: 4))
        XCTAssertEqual(rect.split(top: -2).top, Rect(x: 1, y: 1, width: 4, height: 0))
        XCTAssertEqual(rect.split(bottom: 7).bottom, rect)
    }

    func testInset() {
        let rect = Rect(x: 0, y: 0, width: 10, height: 6)
        XCTAssertEqual(rect.inset(by: 1), Rect(x: 1, y: 1, width: 8, height: 4))
        XCTAssertEqual(rect.inset(top: 1, left: 2), Rect(x: 2, y: 1, width: 8, height: 5))
        XCTAssertEqual(rect.inset(by: -1), Rect(x: -1, y: -1, width: 12, height: 8))
        let over = rect.inset(by: 8)
        XCTAssertTrue(over.isEmpty)
        XCTAssertTrue(over.x <= rect.maxX && over.y <= rect.maxY)
    }

    func testContainsAndIntersection() {
        let rect = Rect(x: 2, y: 2, width: 3, height: 3)
        XCTAssertTrue(rect.contains(x: 2, y: 4))
        XCTAssertFalse(rect.contains(x: 5, y: 2))
        XCTAssertEqual(rect.intersection(Rect(x: 4, y: 0, width: 5, height: 3)), Rect(x: 4, y: 2, width: 1, height: 1))
        XCTAssertTrue(rect.intersection(Rect(x: 9, y: 9, width: 1, height: 1)).isEmpty)
    }
}
