// libFuzzer entry point for clusterview's parsers and C kernels. Built by scripts/fuzz only, as
// the executable target `clusterview-fuzz` that Package.swift declares when CLUSTERVIEW_FUZZ=1
// (ClusterKit, CKernels and ClusterViewUI built from the package's own targets, instrumented).
//
// One binary holds every target; CLUSTERVIEW_FUZZ_TARGET picks the one to run (csv, model,
// keys, point, kernels). Each parser target feeds the bytes to a parser the user reaches from the
// command line and then checks what a parse that succeeded promises: finite numbers,
// probabilities in [0, 1] summing to 1, a round trip where there is one. The kernels target
// compares each C kernel with the Swift (or plain C) path it must equal. A broken promise is a
// crash (`fuzzCheck`), so libFuzzer saves the input.
import Foundation
@testable import ClusterKit
@testable import ClusterViewUI

let fuzzTarget = ProcessInfo.processInfo.environment["CLUSTERVIEW_FUZZ_TARGET"] ?? "csv"

/// SwiftPM links an executable target with its own `main` (this), so libFuzzer's is not used:
/// this hands the command line to libFuzzer's driver, as libFuzzer's `main` would.
@main
enum FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(libFuzzerRunDriver(&argc, &argv, clusterviewFuzzOneInput))
    }
}

/// libFuzzer's `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*)(const uint8_t *, size_t))`
/// (linked by -sanitize=fuzzer; no header to import it from). Pointer and integer arguments only,
/// which Swift passes as C does.
@_silgen_name("LLVMFuzzerRunDriver")
func libFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("LLVMFuzzerTestOneInput")
public func clusterviewFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    switch fuzzTarget {
    case "csv": fuzzCSV(bytes)
    case "model": fuzzModel(bytes)
    case "keys": fuzzKeyTokens(bytes)
    case "point": fuzzPoint(bytes)
    case "kernels": fuzzKernels(bytes)
    default: fatalError("unknown CLUSTERVIEW_FUZZ_TARGET \(fuzzTarget) (csv, model, keys, point, kernels)")
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
