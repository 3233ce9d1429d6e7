/// Finds the first byte that breaks UTF-8, so a bad file is reported with its line instead of
/// turning into replacement characters in names and labels.
///
/// ASCII is skipped eight bytes at a time; only bytes ≥ 0x80 are decoded. Rejects what the Unicode
/// standard (table 3-7) rejects: stray continuation bytes, overlong forms, surrogates, code points
/// above U+10FFFF and sequences cut short by the end of the buffer.
enum UTF8Validator {
    /// The offset of the first invalid byte, or `nil` when the whole buffer is valid UTF-8.
    static func firstInvalidOffset(_ buf: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = buf.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let n = buf.count
        var i = 0
        while i < n {
            if i + 8 <= n {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let b0 = buf[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            let b1 = buf[i + 1]
            guard b1 >= low && b1 <= high else { return i }
            var k = 2
            while k < length {
                guard buf[i + k] & 0xC0 == 0x80 else { return i }
                k += 1
            }
            i += length
        }
        return nil
    }

    /// The 1-based physical line holding `offset`.
    static func line(of offset: Int, in buf: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        var i = 0
        while i < offset && i < buf.count {
            if buf[i] == UInt8(ascii: "\n") { line += 1 }
            i += 1
        }
        return line
    }
}
