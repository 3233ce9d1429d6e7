import ClusterKit

/// A setting the explorer's keys turn live: β (`] [ 0 B`) and the fuzziness m (`} {`).
///
/// Each belongs to a membership rule (β to softmax, m to fuzzy) and may also shape a method's fit
/// (β shapes soft k-means'). A change refits when the method's fit reads it; otherwise only the
/// rule changes and every number updates at once (`AppState.applyLive`).
enum LiveParameter: CaseIterable {
    case beta, fuzziness

    /// Where the settings keep it.
    var setting: WritableKeyPath<ModelSettings, Double> {
        switch self {
        case .beta: return \.beta
        case .fuzziness: return \.fuzziness
        }
    }

    /// Where each history entry's membership context keeps it, for its rule.
    var context: WritableKeyPath<MembershipContext, Double> {
        switch self {
        case .beta: return \.beta
        case .fuzziness: return \.fuzziness
        }
    }
}

extension ClusteringMethod {
    /// The live parameters this method's fit itself reads: changing one of them refits (and so
    /// starts a new history), where for the other methods it only changes a rule.
    ///
    /// Read from the method's own declaration (`fitsWithBeta`, `fitsWithFuzziness`), the one
    /// place that says which method depends on which parameter.
    var fitParameters: Set<LiveParameter> {
        var parameters: Set<LiveParameter> = []
        if fitsWithBeta { parameters.insert(.beta) }
        if fitsWithFuzziness { parameters.insert(.fuzziness) }
        return parameters
    }

    /// Whether fitting reads `parameter` (see `fitParameters`).
    func fitReads(_ parameter: LiveParameter) -> Bool { fitParameters.contains(parameter) }
}

extension Snapshot {
    /// This entry with its context's β and m taken from `settings`: a job's result carries the
    /// values of when it started, and keys may have turned them since.
    func takingLiveParameters(of settings: ModelSettings) -> Snapshot {
        var copy = self
        for parameter in LiveParameter.allCases { copy.context[keyPath: parameter.context] = settings[keyPath: parameter.setting] }
        return copy
    }
}
