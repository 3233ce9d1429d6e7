import ClusterKit
import ClusterIO
import ClusterViewUI
import Foundation

/// Writes what `e` and `E` export, never over an existing file: a counter is added instead.
struct Exporter {
    var directory: String
    var theme: Theme

    /// An export to perform: the effect, and the screen's text as it was when the key was pressed.
    struct Job: @unchecked Sendable {
        var effect: Effect
        var screenText: String
    }

    func perform(_ effect: Effect, state: AppState) -> Action? {
        perform(Job(effect: effect, screenText: render(state, theme: theme.forPlainText).plainText))
    }

    func perform(_ job: Job) -> Action? {
        switch job.effect {
        case .exportScreen(let name):
            return write(job.screenText + "\n", name: name)
        case .exportMemberships(let name, let data, let model, let settings, let bootstrap):
            let report = FitReport(data: data, model: model, settings: settings, bootstrap: bootstrap)
            let rules: [MembershipRule] = [.softmax, .gmm, .inversePower, .bootstrap, .cosine, .linear, .fuzzy]
            return write(report.csv(extraRules: rules, includeLabel: true), name: name)
        default:
            return nil
        }
    }

    private func write(_ text: String, name: String) -> Action {
        for _ in 0..<5 {
            let path = AtomicFile.freeName((directory as NSString).appendingPathComponent(name))
            do {
                try AtomicFile.write(text, to: path, overwrite: false)
                return .exported(ExportOptions.displayPath(path))
            } catch let error as AtomicFile.Refused where FileManager.default.fileExists(atPath: path) {
                _ = error  // another writer took the name meanwhile: pick the next free one
                continue
            } catch let error as AtomicFile.Refused {
                return .exportFailed(error.description)
            } catch {
                return .exportFailed("\(ExportOptions.displayPath(path)): \(IOFailure.reason(error))")
            }
        }
        return .exportFailed("no free file name for \(name)")
    }
}
