import ClusterIO
import ClusterKit
import Foundation
import XCTest

/// Spark part folders: parts in name order, one header, empty parts and other files skipped.
final class PartFolderTests: XCTestCase {
    private func read(_ folder: String, calls: SystemCalls = .live) throws -> String {
        String(decoding: try drain(try InputFile.open(folder, calls: calls), size: 3), as: UTF8.self)
    }

    func testPartsInNameOrderWithOneHeader() throws {
        let dir = try TemporaryDirectory()
        try dir.write("part-00002-abc.csv", "x,y\n5,6\n")
        try dir.write("part-00000-abc.csv", "x,y\n1,2\n")
        try dir.write("part-00001-abc.csv", "x,y\n3,4\n")
        XCTAssertEqual(try read(dir.path), "x,y\n1,2\n3,4\n5,6\n")
    }

    /// Empty parts (Spark's empty partitions) and header-only parts add nothing; `_SUCCESS`, `.crc`
    /// files and anything not named part-*.csv[.gz] are not read.
    func testEmptyPartsAndOtherFilesAreSkipped() throws {
        let dir = try TemporaryDirectory()
        try dir.write("part-00000.csv", "")
        try dir.write("part-00001.csv", "x,y\n1,2\n")
        try dir.write("part-00002.csv", "x,y\n")
        try dir.write("part-00003.csv", "")
        try dir.write("part-00004.csv", "x,y\n3,4\n")
        try dir.write("_SUCCESS", "")
        try dir.write(".part-00001.csv.crc", "garbage")
        try dir.write("notes.csv", "a,b\nnot,data\n")
        try dir.write("part-00005.json", "{}")
        XCTAssertEqual(try read(dir.path), "x,y\n1,2\n3,4\n")
    }

    /// A part without a final line break ends its last record; gzip parts mix with plain ones;
    /// one-byte reads change nothing.
    func testMissingFinalLineBreakAndGzipParts() throws {
        let dir = try TemporaryDirectory()
        try dir.write("part-00000.csv.gz", GzipSamples.first)
        try dir.write("part-00001.csv", "x,y\r\n7,8")
        try dir.write("part-00002.csv", "x,y\n9,10\n")
        XCTAssertEqual(try read(dir.path, calls: .stuttering(limit: 1)), "x,y\n1,2\n3,4\n7,8\n9,10\n")
    }

    func testADifferentHeaderNamesThePart() throws {
        let dir = try TemporaryDirectory()
        try dir.write("part-00000.csv", "x,y\n1,2\n")
        let second = try dir.write("part-00001.csv", "x,z\n3,4\n")
        XCTAssertEqual(message { _ = try read(dir.path) },
                       "\(second):1: header differs from part-00000.csv's (\"x,z\" against \"x,y\"); "
                       + "the parts must come from one df.write.csv(path, header=True)")
    }

    func testAFolderWithoutPartsIsAnError() throws {
        let dir = try TemporaryDirectory()
        try dir.write("_SUCCESS", "")
        XCTAssertEqual(message { _ = try read(dir.path) }, "\(dir.path): is a folder without part-*.csv or part-*.csv.gz files")
    }

    /// The folder loads as one dataset, its rows in part order.
    func testAFolderLoadsAsOneDataset() throws {
        let dir = try TemporaryDirectory()
        try dir.write("part-00001.csv", "x,y\n3,4\n")
        try dir.write("part-00000.csv", "x,y\n1,2\n")
        let dataset = try InputFile.loadDataset(dir.path, source: "parts", options: LoadOptions(), budget: nil)
        XCTAssertEqual(dataset.count, 2)
        XCTAssertEqual(Array(dataset.row(0)), [1, 2])
        XCTAssertEqual(Array(dataset.row(1)), [3, 4])
    }
}
