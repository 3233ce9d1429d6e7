import Foundation
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs a program to completion and collects its output, safely for programs that daemonize.
///
/// Foundation's `Process` waits for a descriptor that the child inherits; `tmux new-session`
/// forks a server that keeps every inherited descriptor, so `Process` would wait for ever, and
/// pipes would never reach end-of-file. Here the child gets files for its output and /dev/null
/// for its input, and `waitpid` waits for the child itself only.
enum Subprocess {
    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    static func run(_ path: String, _ arguments: [String]) throws -> Result {
        let directory = FileManager.default.temporaryDirectory
        let base = directory.appendingPathComponent("subprocess-\(getpid())-\(UUID().uuidString)")
        let outputPath = base.path + ".out", errorPath = base.path + ".err"
        defer {
            unlink(outputPath)
            unlink(errorPath)
        }
        // An opaque pointer on Darwin, a struct elsewhere.
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The environment spelled out rather than `environ`, which Darwin declares to executables
        // only (a test bundle is loaded as a library).
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { environment.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environment)
        guard spawned == 0 else { throw SubprocessError.spawnFailed(path, spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7F == 0
        return Result(status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F),
                      output: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
                      errors: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
    }
}

enum SubprocessError: Error, CustomStringConvertible {
    case spawnFailed(String, Int32)

    var description: String {
        switch self {
        case .spawnFailed(let path, let code): return "could not start \(path): \(String(cString: strerror(code)))"
        }
    }
}
