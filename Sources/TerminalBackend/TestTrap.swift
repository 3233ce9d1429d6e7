import ClusterViewUI
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A deliberate trap inside the UI, for the end-to-end test that the terminal is restored after
/// a crash (SignalGuard's crash handlers): when the environment variable
/// `CLUSTERVIEW_TEST_TRAP` names a key by its `--keys` token (e.g. `F12`), that key makes the
/// program trap as a Swift runtime failure would. Without the variable this is one comparison
/// of a nil, never a behaviour a user can reach.
enum TestTrap {
    static let token: String? = getenv("CLUSTERVIEW_TEST_TRAP").map { String(cString: $0) }

    static func fireIfRequested(by event: InputEvent) {
        guard let token, KeyTokens.token(for: event) == token else { return }
        fatalError("test trap on \(token) (CLUSTERVIEW_TEST_TRAP)")
    }
}
