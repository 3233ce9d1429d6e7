import XCTest

extension XCTestCase {
    /// Runs the built `clusterview` headless with `arguments` and returns its standard output,
    /// failing the test (at the caller's line) unless it exits 0: what the tmux tests compare
    /// their screens with.
    func headlessOutput(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try Subprocess.run(try BuiltProduct.clusterview().path, arguments)
        XCTAssertEqual(result.status, 0, "clusterview \(arguments): \(result.errors)", file: file, line: line)
        return result.output
    }
}
