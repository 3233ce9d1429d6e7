import Foundation
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The sanitizer this test run is built with (`swift test --sanitize=…`, as scripts/sanitize runs
/// it), if any: the executables the tests start are built with it too.
///
/// `CLUSTERVIEW_SANITIZER` (`address`, `thread`), which scripts/sanitize sets, says so; a bare
/// `swift test --sanitize=…` is recognised by the sanitizer's runtime in this process.
enum Sanitizer {
    static let active: String? = {
        if let name = ProcessInfo.processInfo.environment["CLUSTERVIEW_SANITIZER"], !name.isEmpty { return name }
        let process = dlopen(nil, RTLD_NOW)
        if dlsym(process, "__asan_init") != nil { return "address" }
        if dlsym(process, "__tsan_init") != nil { return "thread" }
        return nil
    }()
}
