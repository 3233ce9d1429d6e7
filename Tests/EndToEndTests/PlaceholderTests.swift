import XCTest
final class PlaceholderE2ETests: XCTestCase { func testNothing() {} }
