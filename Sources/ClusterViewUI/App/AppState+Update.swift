import ClusterKit

extension AppState {
    /// Applies one action; returns the effects the runtime must perform. Never blocks.
    ///
    /// Each concern has its own file and handler (model and jobs, viewport, sweep, inspection);
    /// a handler returns nil for actions that are not its own.
    public mutating func update(_ action: Action) -> [Effect] {
        if case .resize = action {} else if case .keyShown = action {} else if !isReport(action) { message = nil }
        if let effects = updateModel(action) ?? updateAutoBeta(action) ?? updateJobReport(action) ?? updateViewport(action)
            ?? updateSweep(action) ?? updateInspection(action) {
            return effects
        }
        switch action {
        case .toggleCompare:
            overlayScroll = 0
            showCompare.toggle()
            showExplain = false
            return []
        case .toggleExplain:
            overlayScroll = 0
            showExplain.toggle()
            showCompare = false
            return []
        case .exportScreen:
            return [.exportScreen(fileName: exportName("txt"))]
        case .exportMemberships:
            return exportMemberships()
        case .scrollOverlay(let delta):
            guard showCompare || showExplain else { message = "PageUp and PageDown scroll v and w when they do not fit"; return [] }
            overlayScroll = min(max(0, overlayScroll + delta), overlayScrollLimit)
            return []
        case .toggleHelp:
            showHelp.toggle()
            return []
        case .escape:
            if prompt != nil { prompt = nil; return [] }
            if showHelp { showHelp = false; return [] }
            if showCompare || showExplain { showCompare = false; showExplain = false; return [] }
            if let effects = stopWaitingExport() { return effects }
            if showSweep {
                showSweep = false
                guard isRunning(SweepJob.self) else { return [] }
                message = "sweep cancelled"
                return cancelJob(in: SweepJob.slot)
            }
            return cancelJobByEscape() ?? []
        case .quit:
            return [.quit]
        case .resize(let w, let h):
            width = w
            height = h
            return []
        case .exported(let path):
            message = "exported \(path)"
            return []
        case .exportFailed(let reason):
            message = "export failed: \(reason)"
            return []
        case .keyShown(let token):
            lastKeyToken = token
            return []
        default:
            return []
        }
    }

    private func isReport(_ action: Action) -> Bool {
        switch action {
        // A job's failure is news for the status line; its progress and results say what they
        // need themselves (`BackgroundJob.finished`).
        case .autoplayTick, .jobProgress, .jobFinished: return true
        default: return false
        }
    }
}
