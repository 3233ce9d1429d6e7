import ClusterKit
import ClusterViewUI
import Foundation

/// Writes what `e` and `E` export, never over an existing file: a counter is added instead.
struct Exporter {
    var directory: String
    var theme: Theme

    func perform(_ effect: Effect, state: AppState) -> Action? {
        switch effect {
        case .exportScreen(let name):
            let text = render(state, theme: theme).plainText + "\n"
            return write(text, name: name)
        case .exportMemberships(let name, let report):
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
                return .exported(path)
            } catch let error as AtomicFile.Refused where FileManager.default.fileExists(atPath: path) {
                _ = error  // another writer took the name meanwhile: pick the next free one
                continue
            } catch {
                return .exportFailed("\(error)")
            }
        }
        return .exportFailed("no free file name for \(name)")
    }
}
