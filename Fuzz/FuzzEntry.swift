// libFuzzer entry point for clusterview's parsers (built by scripts/fuzz, never by SwiftPM).
//
// One binary holds every target; CLUSTERVIEW_FUZZ_TARGET picks the one to run (csv, model,
// keys, point). Each target feeds the bytes to a parser the user reaches from the command line
// and then checks what a parse that succeeded promises: finite numbers, probabilities in [0, 1]
// summing to 1, a round trip where there is one. A broken promise is a crash (`fuzzCheck`), so
// libFuzzer saves the input.
import Foundation

let fuzzTarget = ProcessInfo.processInfo.environment["CLUSTERVIEW_FUZZ_TARGET"] ?? "csv"

@_cdecl("LLVMFuzzerTestOneInput")
public func clusterviewFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    switch fuzzTarget {
    case "csv": fuzzCSV(bytes)
    case "model": fuzzModel(bytes)
    case "keys": fuzzKeyTokens(bytes)
    case "point": fuzzPoint(bytes)
    default: fatalError("unknown CLUSTERVIEW_FUZZ_TARGET \(fuzzTarget) (csv, model, keys, point)")
    }
    return 0
}

/// Crashes with `message` when `condition` fails: a finding for libFuzzer.
func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("fuzz check failed: \(message())") }
}

/// Every rule's values for `point`: finite, and probability rules in [0, 1] summing to 1.
func fuzzCheckAnswer(_ answer: MembershipAnswer, _ what: String) {
    fuzzCheck(answer.distances.allSatisfy { !$0.isNaN && $0 >= 0 }, "\(what): distances \(answer.distances)")
    for r in answer.rules {
        guard let v = r.values else { continue }
        fuzzCheck(v.allSatisfy(\.isFinite), "\(what): \(r.rule) \(v)")
        if r.rule.isProbability {
            fuzzCheck(v.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(what): \(r.rule) outside [0, 1]: \(v)")
            fuzzCheck(abs(v.reduce(0, +) - 1) <= 1e-9, "\(what): \(r.rule) sums to \(v.reduce(0, +))")
        }
    }
}
