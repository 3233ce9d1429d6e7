@testable import ClusterKit
import XCTest

/// `CLUSTERVIEW_KERNELS` read into `KernelLevel`, and every dispatch following `KernelLevel.active`.
final class KernelLevelTests: XCTestCase {
    // Unset or empty: no cap; a level's name: that cap; anything else: the value back, as an error.
    func testTheEnvironmentValueIsParsed() {
        XCTAssertEqual(KernelLevel.requestedCap(environment: [:]), .success(nil))
        XCTAssertEqual(KernelLevel.requestedCap(environment: ["CLUSTERVIEW_KERNELS": ""]), .success(nil))
        for level in KernelLevel.allCases {
            XCTAssertEqual(KernelLevel.requestedCap(environment: ["CLUSTERVIEW_KERNELS": level.name]), .success(level))
        }
        for bad in ["PORTABLE", "avx", "neon", " portable", "sse2"] {
            XCTAssertEqual(KernelLevel.requestedCap(environment: ["CLUSTERVIEW_KERNELS": bad]), .failure(UnknownKernelLevel(value: bad)))
        }
        XCTAssertEqual(KernelLevel.portable < .avx2, true)
        XCTAssertEqual(KernelLevel.avx2 < .avx512, true)
    }

    // The level in use is the CPU's, capped by this process's own CLUSTERVIEW_KERNELS (CI runs the
    // suite with it unset and with portable), and off x86-64 it is portable.
    func testTheActiveLevelIsTheCPUsCappedByTheEnvironment() throws {
        let cap = try KernelLevel.requestedCap().get()
        XCTAssertEqual(KernelLevel.active, cap.map { min($0, KernelLevel.cpu) } ?? KernelLevel.cpu)
        #if !arch(x86_64)
        XCTAssertEqual(KernelLevel.cpu, .portable)
        #endif
    }

    // Every default dispatch asks the active level: the Swift loop and plain C under portable.
    func testTheDefaultDispatchFollowsTheActiveLevel() {
        let kernel = Assignment.preferredKernel(columns: 64, clusters: 32)
        switch KernelLevel.active {
        case .portable:
            XCTAssertEqual(kernel, .swift)
            XCTAssertFalse(PointDistances.vectorizedByDefault)
        case .avx2:
            XCTAssertEqual(kernel, .direct)
            XCTAssertTrue(PointDistances.vectorizedByDefault)
        case .avx512:
            XCTAssertEqual(kernel, .expanded)
            XCTAssertEqual(Assignment.preferredKernel(columns: 2, clusters: 3), .directAVX512)
        }
        XCTAssertTrue(kernel.isAvailable)
    }
}
