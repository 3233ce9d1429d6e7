import Foundation
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How much more memory this process may use before it fails or the machine starts to swap: the
/// smallest of the free memory (`MemAvailable`), the address-space limit (`ulimit -v`, less what
/// the process already maps), the cgroup's limit (less its usage) and `CLUSTERVIEW_MEMORY_LIMIT`.
///
/// Design note: the check is an estimate made before reading, so a file that cannot fit fails
/// at once with advice (`--sample`) instead of after minutes of swapping or with a bare "Killed".
/// `CLUSTERVIEW_MEMORY_LIMIT` (bytes, or with a K/M/G suffix) lets a test or a careful user set a
/// lower ceiling; it is counted from zero, like a budget, not from the current usage.
public struct MemoryBudget: Equatable {
    public var bytes: Int
    /// What set the limit, for the message.
    public var reason: String

    public init(bytes: Int, reason: String) {
        self.bytes = bytes
        self.reason = reason
    }

    public static let environmentKey = "CLUSTERVIEW_MEMORY_LIMIT"

    /// The tightest known limit, or nil when nothing limits this process (or nothing can be read).
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> MemoryBudget? {
        var limits: [MemoryBudget] = []
        if let text = environment[environmentKey], let bytes = parseSize(text) {
            limits.append(MemoryBudget(bytes: bytes, reason: "\(environmentKey)=\(text)"))
        }
        if let available = meminfo("MemAvailable") {
            limits.append(MemoryBudget(bytes: available, reason: "memory available on this machine"))
        }
        var limit = rlimit()
        if getrlimit(addressSpaceResource, &limit) == 0, limit.rlim_cur != rlim_t.max,
           limit.rlim_cur < rlim_t(Int.max) {
            let mapped = processStatus("VmSize") ?? 0
            limits.append(MemoryBudget(bytes: max(0, Int(limit.rlim_cur) - mapped), reason: "the address-space limit (ulimit -v)"))
        }
        if let (max, used) = cgroupLimit() {
            limits.append(MemoryBudget(bytes: Swift.max(0, max - used), reason: "the cgroup memory limit"))
        }
        return limits.min { $0.bytes < $1.bytes }
    }

    /// `RLIMIT_AS` as `getrlimit` takes it: glibc declares it as an enum case, Darwin and musl as
    /// a plain `Int32`. (Darwin does not enforce it, and its "unlimited" is `Int64.max`, which the
    /// check above skips like glibc's `UInt64.max`.)
    #if canImport(Glibc)
    private static let addressSpaceResource = Int32(RLIMIT_AS.rawValue)
    #else
    private static let addressSpaceResource = RLIMIT_AS
    #endif

    /// `123`, `64K`, `512M`, `2G` (binary multiples; a trailing `B`/`iB` is allowed).
    public static func parseSize(_ text: String) -> Int? {
        var t = text.trimmingCharacters(in: .whitespaces).uppercased()
        if t.hasSuffix("IB") { t.removeLast(2) } else if t.hasSuffix("B") { t.removeLast() }
        var multiplier = 1
        if let last = t.last, let power = ["K": 1, "M": 2, "G": 3, "T": 4][String(last)] {
            multiplier = 1 << (10 * power)
            t.removeLast()
        }
        guard let value = Double(t), value >= 0, value * Double(multiplier) < 9e18 else { return nil }
        return Int(value * Double(multiplier))
    }

    /// A size for messages: `812 MB`, `2.3 GB`.
    public static func describe(_ bytes: Int) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(bytes) bytes" : (value < 10 ? String(format: "%.1f %@", value, units[unit]) : "\(Int(value.rounded())) \(units[unit])")
    }

    /// A field of /proc/meminfo in bytes.
    private static func meminfo(_ key: String) -> Int? {
        kilobyteField(key, in: "/proc/meminfo")
    }

    /// A field of /proc/self/status in bytes.
    private static func processStatus(_ key: String) -> Int? {
        kilobyteField(key, in: "/proc/self/status")
    }

    private static func kilobyteField(_ key: String, in path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            let number = line.dropFirst(key.count + 1).split(separator: " ").first
            return number.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }

    /// The cgroup's limit and usage (v2 `memory.max`/`memory.current`, else v1), when limited.
    private static func cgroupLimit() -> (Int, Int)? {
        func number(_ path: String) -> Int? {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var candidates: [(String, String)] = []
        if let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("0::") }) {
            let path = String(line.dropFirst(3))
            candidates.append(("/sys/fs/cgroup\(path)/memory.max", "/sys/fs/cgroup\(path)/memory.current"))
        }
        candidates.append(("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"))
        candidates.append(("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"))
        for (maxPath, usedPath) in candidates {
            // "max" (v2) or a huge number (v1) means no limit.
            if let max = number(maxPath), max < 1 << 60 { return (max, number(usedPath) ?? 0) }
        }
        return nil
    }
}

/// What loading a file of a given size will need: the bytes themselves, plus per row the parsed
/// numbers (8 bytes a field), its line, its index and a label code (8 bytes each).
///
/// Rows and fields are estimated from the first 64 KiB. The estimate errs high (every field is
/// counted as a number), which is the safe side for a check that prevents swapping.
public struct LoadCost {
    public var fileBytes: Int
    public var rows: Int
    public var fields: Int

    public var neededBytes: Int { fileBytes + rows * (fields * 8 + 24) }

    /// From the head of the input (at most 64 KiB read) and its total size.
    public init(head: UnsafeRawBufferPointer, totalBytes: Int) {
        fileBytes = totalBytes
        let bytes = head.bindMemory(to: UInt8.self)
        var lines = 0
        var counts = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
        var lastBreak = 0
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: "\n") {
                lines += 1
                lastBreak = i + 1
            } else if counts[b] != nil {
                counts[b]! += 1
            }
        }
        let measured = lines > 0 ? lastBreak : bytes.count
        let perLine = max(1, measured / max(1, lines))
        rows = totalBytes / perLine + 1
        fields = (counts.values.max() ?? 0) / max(1, lines) + 1
    }
}
