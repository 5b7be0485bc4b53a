/// One small fixed log-linear latency histogram per backend, for the latency rule's per-interval
/// quantiles: 16 buckets per octave (1/16 relative width, so a quantile reads within about 3% of the
/// sample's value), exact below 32 ns, everything from 2^40 ns (about 18 minutes) up in the top bucket.
///
/// All backends' counts live in one flat array allocated at init (592 counters per backend), so
/// recording never allocates; each backend remembers the range of buckets it touched so clearing and
/// reading a quantile cost that range, not the whole histogram.
struct IntervalLatencyHistograms: Sendable {
    static let subBucketBits = 4
    static let exactBelow: Int64 = 32
    static let topMagnitude = 39
    static let bucketCount = 32 + (topMagnitude - 4) * 16

    private var counts: [UInt32]
    private(set) var samples: [Int32]
    private var lowest: [Int32]
    private var highest: [Int32]
    private var smallest: [Int64]
    private var largest: [Int64]

    init(backends: Int) {
        counts = Array(repeating: 0, count: backends * Self.bucketCount)
        samples = Array(repeating: 0, count: backends)
        lowest = Array(repeating: Int32(Self.bucketCount), count: backends)
        highest = Array(repeating: -1, count: backends)
        smallest = Array(repeating: .max, count: backends)
        largest = Array(repeating: .min, count: backends)
    }

    @inline(__always)
    static func bucket(of value: Int64) -> Int {
        let v = UInt64(max(value, 0))
        if v < UInt64(exactBelow) { return Int(v) }
        let magnitude = 63 - v.leadingZeroBitCount
        if magnitude > topMagnitude { return bucketCount - 1 }
        let shift = magnitude - subBucketBits
        return 32 + (magnitude - 5) * 16 + Int(v >> UInt64(shift)) - 16
    }

    /// The smallest value of a bucket and its width.
    static func range(of bucket: Int) -> (low: Int64, width: Int64) {
        if bucket < 32 { return (Int64(bucket), 1) }
        let magnitude = (bucket - 32) / 16 + 5
        let mantissa = Int64((bucket - 32) % 16 + 16)
        let shift = Int64(magnitude - subBucketBits)
        return (mantissa << shift, 1 << shift)
    }

    @inline(__always)
    mutating func record(backend: Int, latency: Int64) {
        let b = Self.bucket(of: latency)
        counts[backend * Self.bucketCount + b] &+= 1
        samples[backend] &+= 1
        if Int32(b) < lowest[backend] { lowest[backend] = Int32(b) }
        if Int32(b) > highest[backend] { highest[backend] = Int32(b) }
        if latency < smallest[backend] { smallest[backend] = latency }
        if latency > largest[backend] { largest[backend] = latency }
    }

    /// The backend's latency at quantile `q` (0 … 1) over the interval: the sample of rank
    /// min(n−1, ⌊q·n⌋), read as the middle of its bucket and clamped to the interval's observed
    /// minimum and maximum. Zero with no samples.
    func quantile(_ q: Double, backend: Int) -> Int64 {
        let n = Int(samples[backend])
        guard n > 0 else { return 0 }
        let rank = min(n - 1, max(0, Int(q * Double(n))))
        let base = backend * Self.bucketCount
        var seen = 0
        var b = Int(lowest[backend])
        while b <= Int(highest[backend]) {
            seen += Int(counts[base + b])
            if seen > rank { break }
            b += 1
        }
        let (low, width) = Self.range(of: min(b, Self.bucketCount - 1))
        return min(max(low + (width - 1) / 2, smallest[backend]), largest[backend])
    }

    /// Empties every backend's histogram for the next interval.
    mutating func clear() {
        for backend in samples.indices where samples[backend] > 0 {
            let base = backend * Self.bucketCount
            for b in Int(lowest[backend])...Int(highest[backend]) { counts[base + b] = 0 }
            samples[backend] = 0
            lowest[backend] = Int32(Self.bucketCount)
            highest[backend] = -1
            smallest[backend] = .max
            largest[backend] = .min
        }
    }
}
