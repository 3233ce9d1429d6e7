// Standalone check and micro-benchmark for ShortestDouble (see ./run): compiled with -O together
// with the library's formatter files and the test target's reference (GrisuShortestDouble).
//   run check N     compare new vs old vs description (and read back) on N random values per mix
//   run bench       ns per number, old vs new, alternating rounds, medians
import Foundation

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

func newText(_ v: Double) -> [UInt8] {
    var b = [UInt8](repeating: 0, count: 64)
    let n = b.withUnsafeMutableBufferPointer { ShortestDouble.write(v, to: $0.baseAddress!) }
    return Array(b[0..<n])
}
func oldText(_ v: Double) -> [UInt8] {
    var b = [UInt8](repeating: 0, count: 64)
    let n = b.withUnsafeMutableBufferPointer { GrisuShortestDouble.write(v, to: $0.baseAddress!) }
    return Array(b[0..<n])
}

/// The value mixes of the brief: distances, probabilities (some saturated, some tiny), 0/1, small integers.
func mixes(_ count: Int) -> [(String, [Double])] {
    var r = SplitMix64(state: 42)
    var distances: [Double] = [], probabilities: [Double] = [], integers: [Double] = [], bits: [Double] = []
    for _ in 0..<count {
        distances.append((r.unit() * 30).squareRoot() * (1 + r.unit()))
        // softmax-like: mostly near 0 or 1, some tiny, some exact 0/1
        let u = r.unit()
        let p: Double = u < 0.1 ? 0 : u < 0.2 ? 1 : u < 0.4 ? 1 - exp(-30 * r.unit()) : u < 0.6 ? exp(-90 * r.unit()) : r.unit()
        probabilities.append(p)
        integers.append(Double(r.next() % 64))
        var x: Double
        repeat { x = Double(bitPattern: r.next()) } while !x.isFinite
        bits.append(x)
    }
    return [("distances", distances), ("probabilities", probabilities), ("integers", integers), ("random bits", bits)]
}

func check(_ n: Int) {
    var r = SplitMix64(state: 7)
    var bad = 0, total = 0
    func one(_ v: Double) {
        total += 1
        let a = newText(v), b = oldText(v)
        if a != b || a != Array(v.description.utf8) || (v.isFinite && Double(String(decoding: a, as: UTF8.self))!.bitPattern != v.bitPattern) {
            bad += 1
            if bad < 20 { print("MISMATCH", v.bitPattern, String(decoding: a, as: UTF8.self), String(decoding: b, as: UTF8.self)) }
        }
    }
    for _ in 0..<n {
        one(Double(bitPattern: r.next()))
        one(Double(bitPattern: r.next() >> 12))                        // subnormals
        one(Double(bitPattern: r.next() >> (r.next() % 64)))           // any exponent, biased low
        one(Double(r.next() >> (11 + r.next() % 53)))                   // integers up to 2^53
        one(r.unit()); one(r.unit() * 20 - 10)
        one(Double(Float(bitPattern: UInt32(truncatingIfNeeded: r.next()))))
        let p = Int(r.next() % 630) - 325
        if let t = Double("1e\(p)") { one(t); one(t.nextUp); one(t.nextDown) }
        let digits = 15 + Int(r.next() % 3)
        let m = Double(String(r.next() % 100_000_000_000_000_000))!
        one(m * pow(10, Double(Int(r.next() % 40)) - 20 - Double(digits)))
    }
    for e in -1074...1023 {
        let v = Double(sign: .plus, exponent: e, significand: 1)
        one(v); one(v.nextUp); one(v.nextDown); one(-v)
    }
    for c in 1...100_000 as ClosedRange<UInt64> { one(Double(bitPattern: c)) }
    for v in [0.0, -0.0, 1, -1, .nan, -.nan, .infinity, -.infinity, .greatestFiniteMagnitude, 9007199254740992, 9007199254740994, 1e-4, 1e-5] { one(v) }
    print("checked \(total) values, \(bad) mismatches")
}

@inline(never) func runNew(_ values: [Double], _ buffer: UnsafeMutablePointer<UInt8>) -> Int {
    var total = 0
    for v in values { total &+= ShortestDouble.write(v, to: buffer + (total & 1023)) }
    return total
}
@inline(never) func runOld(_ values: [Double], _ buffer: UnsafeMutablePointer<UInt8>) -> Int {
    var total = 0
    for v in values { total &+= GrisuShortestDouble.write(v, to: buffer + (total & 1023)) }
    return total
}
@inline(never) func runBuffer(_ values: [Double], _ out: inout ByteBuffer) -> Int {
    out.removeAll()
    for v in values { out.append(v); out.append(byte: 44) }
    return out.count
}

func bench() {
    let count = 200_000
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 2048)
    var byteBuffer = ByteBuffer(capacity: 1 << 24)
    for (name, values) in mixes(count) {
        var old: [Double] = [], new: [Double] = [], appended: [Double] = []
        var sink = 0
        for _ in 0..<15 {
            var t = DispatchTime.now().uptimeNanoseconds
            sink &+= runOld(values, buffer)
            old.append(Double(DispatchTime.now().uptimeNanoseconds - t) / Double(count))
            t = DispatchTime.now().uptimeNanoseconds
            sink &+= runNew(values, buffer)
            new.append(Double(DispatchTime.now().uptimeNanoseconds - t) / Double(count))
            t = DispatchTime.now().uptimeNanoseconds
            sink &+= runBuffer(values, &byteBuffer)
            appended.append(Double(DispatchTime.now().uptimeNanoseconds - t) / Double(count))
        }
        func median(_ x: [Double]) -> Double { x.sorted()[x.count / 2] }
        print(String(format: "%-14@ old %6.1f ns  new %6.1f ns  (%.2fx)  ByteBuffer.append(new)+comma %6.1f ns   [sink %d]",
                     name as NSString, median(old), median(new), median(old) / median(new), median(appended), sink & 1))
    }
}

/// One formatter on one mix, many times: for `perf stat` (instructions and cycles per number).
func repeatOne(_ which: String, _ mix: String) {
    let values = mixes(200_000).first { $0.0 == mix }!.1
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 2048)
    var sink = 0, byteBuffer = ByteBuffer(capacity: 1 << 24)
    for _ in 0..<50 {
        switch which {
        case "old": sink &+= runOld(values, buffer)
        case "new": sink &+= runNew(values, buffer)
        case "buffer": sink &+= runBuffer(values, &byteBuffer)
        default: break
        }
    }
    print("\(which) \(mix): \(50 * values.count) numbers [sink \(sink & 1)]")
}

let args = CommandLine.arguments
switch args.count > 1 ? args[1] : "bench" {
case "check": check(args.count > 2 ? Int(args[2])! : 1_000_000)
case "old", "new", "buffer", "none": repeatOne(args[1], args[2])
default: bench()
}
