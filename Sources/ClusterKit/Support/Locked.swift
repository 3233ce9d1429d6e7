import Foundation

/// A value behind a lock: `Synchronization.Mutex`'s shape, on a pthread mutex (`NSLock`).
///
/// Design note: `Mutex` is correct, but ThreadSanitizer cannot see its contended path (the
/// futex wait lives in the uninstrumented Synchronization library), so every contended
/// `withLock` is reported as a race and real races would drown among them (shown by a
/// 200-thread counter: two reports for `Mutex`, none for this). `NSLock` is a pthread mutex,
/// which ThreadSanitizer intercepts; the cost is one allocation per lock, irrelevant for the
/// few long-lived locks here.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
