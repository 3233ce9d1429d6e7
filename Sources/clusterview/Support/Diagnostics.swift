import ArgumentParser
import ClusterKit
import Foundation

/// Everything printed on standard error: one-line errors and notes, and progress on a terminal.
enum Diagnostics {
    static func note(_ message: String) {
        FileHandle.standardError.write(Data("clusterview: \(MessageText.oneLine(message))\n".utf8))
    }

    private static let notesSaid = Locked<Set<String>>([])

    /// A note said once per process, however many places reach it (bench builds settings thrice).
    static func noteOnce(_ message: String) {
        guard notesSaid.withLock({ $0.insert(message).inserted }) else { return }
        note(message)
    }

    /// Prints the error as one line and returns the exit code to leave with.
    static func fail(_ error: Error) -> ExitCode {
        note("error: \(error)")
        return ExitCode(1)
    }

    static let stderrIsTerminal = isatty(STDERR_FILENO) == 1

    /// A progress line redrawn in place, only when standard error is a terminal.
    static func progress(_ text: String) {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    static func clearProgress() {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// Runs `body`, turning the project's errors into one line on stderr and exit code 1.
    static func reportingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            clearProgress()
            throw fail(error)
        }
    }
}
