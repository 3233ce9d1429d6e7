import CKernels
import Foundation

/// Which hand-vectorised kernels (`CKernels`) this process runs: the best the CPU has, capped by
/// the `CLUSTERVIEW_KERNELS` environment variable. Every level gives the same bits (the kernels do
/// the same operations in the same order as the Swift and plain-C loops); the cap exists for bug
/// reports (`clusterview --version` prints the level), for comparing the paths, and for CI, which
/// runs the whole test suite a second time with `CLUSTERVIEW_KERNELS=portable`.
///
/// Edge cases: unset or empty means no cap; a cap above what the CPU runs changes nothing (avx512
/// on an AVX2-only CPU runs avx2); an unknown value is ignored here, and the executable refuses
/// it at start-up (`requestedCap`). Off x86-64 the level is always `.portable`.
public enum KernelLevel: Int, Comparable, Sendable, CaseIterable {
    /// The Swift loops and the plain-C kernels only: what every architecture runs.
    case portable
    /// The AVX2 kernels (and AVX2+FMA for the Gaussian mixture's E-step where the CPU has FMA).
    case avx2
    /// The AVX-512 assignment kernels as well.
    case avx512

    /// The environment variable that caps the level.
    public static let environmentVariable = "CLUSTERVIEW_KERNELS"

    /// What this CPU runs (checked at run time: `cv_has_avx2`, `cv_has_avx512`; 0 off x86-64).
    public static let cpu: KernelLevel = cv_has_avx512() != 0 ? .avx512 : cv_has_avx2() != 0 ? .avx2 : .portable

    /// The level in use: `cpu` capped by `CLUSTERVIEW_KERNELS`, read once, on first use. The one
    /// place that decides which kernels run; every dispatch in ClusterKit asks it.
    public static let active: KernelLevel = {
        guard case .success(let cap?) = requestedCap() else { return cpu }
        return min(cpu, cap)
    }()

    /// The cap asked for by `environment` (nil when unset or empty), or the value that is not a level.
    public static func requestedCap(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Result<KernelLevel?, UnknownKernelLevel> {
        guard let value = environment[environmentVariable], !value.isEmpty else { return .success(nil) }
        guard let level = allCases.first(where: { $0.name == value }) else { return .failure(UnknownKernelLevel(value: value)) }
        return .success(level)
    }

    /// As `CLUSTERVIEW_KERNELS` and `clusterview --version` spell it.
    public var name: String {
        switch self {
        case .portable: return "portable"
        case .avx2: return "avx2"
        case .avx512: return "avx512"
        }
    }

    /// One line for `--version` and bug reports: the level in use, and why when it is below the CPU's.
    public static var summary: String {
        guard active < cpu, case .success(let cap?) = requestedCap() else { return "kernels: \(active.name)" }
        return "kernels: \(active.name) (\(environmentVariable)=\(cap.name); the CPU runs \(cpu.name))"
    }

    public static func < (a: KernelLevel, b: KernelLevel) -> Bool { a.rawValue < b.rawValue }
}

/// A `CLUSTERVIEW_KERNELS` value that names no level.
public struct UnknownKernelLevel: Error, CustomStringConvertible, Equatable {
    public let value: String

    public var description: String {
        "\(KernelLevel.environmentVariable)=\(value) is not a kernel level (use "
            + KernelLevel.allCases.map(\.name).joined(separator: ", ") + ", or leave it unset for the best this CPU runs)"
    }
}
