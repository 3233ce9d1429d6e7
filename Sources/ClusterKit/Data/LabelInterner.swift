/// Turns label texts into small integer codes, in order of first appearance, without making a
/// `String` per row.
///
/// Keys are kept as bytes in one flat array and found through an open-addressing hash table, so
/// a million rows of a few labels, or of a million distinct ids, both cost one hash and one byte
/// comparison per row. Empty text is code -1 and never becomes a name.
struct LabelInterner {
    private(set) var names: [String] = []
    private var keyBytes: [UInt8] = []
    private var keyRanges: [Range<Int>] = []
    /// Slots hold a code, or -1 when free; the size is a power of two kept at most half full.
    private var slots = [Int32](repeating: -1, count: 16)

    @inline(__always)
    mutating func code(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if bytes.isEmpty { return -1 }
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var s = hash & mask
        while true {
            let c = Int(slots[s])
            if c < 0 { break }
            if equal(keyRanges[c], bytes) { return c }
            s = (s + 1) & mask
        }
        let code = names.count
        let lower = keyBytes.count
        keyBytes.append(contentsOf: bytes)
        keyRanges.append(lower..<keyBytes.count)
        names.append(String(decoding: bytes, as: UTF8.self))
        slots[s] = Int32(truncatingIfNeeded: code)
        if names.count * 2 > slots.count { grow() }
        return code
    }

    @inline(__always)
    private func equal(_ range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard range.count == bytes.count else { return false }
        return keyBytes.withUnsafeBufferPointer { keys in
            var k = 0
            while k < bytes.count {
                if keys[range.lowerBound + k] != bytes[k] { return false }
                k += 1
            }
            return true
        }
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = bigger.count - 1
        keyBytes.withUnsafeBufferPointer { keys in
            for (code, range) in keyRanges.enumerated() {
                var s = Self.hash(UnsafeBufferPointer(rebasing: keys[range])) & mask
                while bigger[s] >= 0 { s = (s + 1) & mask }
                bigger[s] = Int32(truncatingIfNeeded: code)
            }
        }
        slots = bigger
    }

    /// FNV-1a, then a multiply so the low bits used for the slot depend on every byte.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        h = (h ^ (h >> 29)) &* 0xbf58_476d_1ce4_e5b9
        return Int(truncatingIfNeeded: h >> 1)
    }
}
