/// A log-linear histogram of non-negative integers (nanoseconds) with 1/1024 relative bucket
/// width: quantiles within 0.05% of the exact sample quantile, at constant cost per sample.
public struct LatencyHistogram: Sendable {
    static let subBucketBits = 10
    private var counts: [Int] = []
    public private(set) var count = 0
    public private(set) var sum: Int64 = 0
    public private(set) var maximum: Int64 = 0

    public init() {}

    @inline(__always)
    static func bucket(of value: Int64) -> Int {
        let v = UInt64(max(value, 0))
        if v < 2048 { return Int(v) }
        let magnitude = 63 - v.leadingZeroBitCount
        let shift = magnitude - subBucketBits
        return 2048 + (shift - 1) * 1024 + Int(v >> UInt64(shift)) - 1024
    }

    /// The smallest value of a bucket and its width.
    static func range(of bucket: Int) -> (low: Int64, width: Int64) {
        if bucket < 2048 { return (Int64(bucket), 1) }
        let shift = (bucket - 2048) / 1024 + 1
        let mantissa = Int64((bucket - 2048) % 1024 + 1024)
        return (mantissa << Int64(shift), 1 << Int64(shift))
    }

    @inline(__always)
    public mutating func record(_ value: Int64) {
        let b = Self.bucket(of: value)
        if b >= counts.count { counts.append(contentsOf: repeatElement(0, count: b + 1 - counts.count + 256)) }
        counts[b] += 1
        count += 1
        sum &+= value
        if value > maximum { maximum = value }
    }

    public mutating func merge(_ other: LatencyHistogram) {
        if other.counts.count > counts.count { counts.append(contentsOf: repeatElement(0, count: other.counts.count - counts.count)) }
        for (i, c) in other.counts.enumerated() { counts[i] += c }
        count += other.count
        sum &+= other.sum
        maximum = max(maximum, other.maximum)
    }

    /// The value at quantile `q` (0...1): the sample of rank min(n-1, floor(q·n)) in sorted order,
    /// as the middle of its bucket. Zero when empty.
    public func quantile(_ q: Double) -> Int64 {
        guard count > 0 else { return 0 }
        let rank = min(count - 1, Int(q * Double(count)))
        var seen = 0
        for (b, c) in counts.enumerated() where c > 0 {
            seen += c
            if seen > rank {
                let (low, width) = Self.range(of: b)
                return low + (width - 1) / 2
            }
        }
        return maximum
    }

    /// Samples at or below `bound` (for Prometheus cumulative buckets), exact to a bucket.
    public func count(atOrBelow bound: Int64) -> Int {
        let last = Self.bucket(of: bound)
        var total = 0
        for b in 0..<min(counts.count, last + 1) { total += counts[b] }
        return total
    }
}
