import ClusterKit

/// `E` while the bootstrap runs: the export waits for it (the status line shows its progress and
/// Esc stops waiting) rather than writing empty bootstrap columns under an "exported" message.
extension AppState {
    /// Whether an `E` export waits for the running bootstrap.
    public var exportWaitsForBootstrap: Bool { waitingExportCentroids != nil && isRunning(BootstrapJob.self) }

    /// `E`: exports now when the bootstrap is done (or not running), else waits for it.
    mutating func exportMemberships() -> [Effect] {
        if isRunning(BootstrapJob.self), bootstrapCentroids == model.centroids {
            waitingExportCentroids = model.centroids
            message = "E waits for the bootstrap (progress above); Esc stops waiting"
            return []
        }
        waitingExportCentroids = nil
        return [.exportMemberships(fileName: exportName("csv"), data: data, model: model, settings: settings,
                                   bootstrap: bootstrapCentroids == model.centroids ? bootstrap : nil)]
    }

    /// After a bootstrap finished: the export that waited for it, if it still belongs to the model
    /// shown (a model changed meanwhile drops it, and says so).
    mutating func exportAfterBootstrap() -> [Effect] {
        guard let waited = waitingExportCentroids else { return [] }
        waitingExportCentroids = nil
        guard waited == model.centroids else {
            message = "E dropped: the model changed while it waited (press E again)"
            return []
        }
        return exportMemberships()
    }

    /// Esc while an export waits: stop waiting. Returns nil when none waits.
    mutating func stopWaitingExport() -> [Effect]? {
        guard exportWaitsForBootstrap else { waitingExportCentroids = nil; return nil }
        waitingExportCentroids = nil
        message = "E cancelled: no file written (the bootstrap goes on)"
        return []
    }
}
