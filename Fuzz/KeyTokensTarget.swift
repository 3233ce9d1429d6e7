@testable import ClusterViewUI

/// The key-token parser of `render --keys`: any string gives events or a `KeyTokenError`, and
/// the events print back to tokens that parse to the same events.
func fuzzKeyTokens(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    guard let events = try? KeyTokens.parse(text) else { return }
    let again = try? KeyTokens.parse(KeyTokens.format(events))
    fuzzCheck(again == events, "parse(format(events)) != events for \(text.debugDescription)")
}
