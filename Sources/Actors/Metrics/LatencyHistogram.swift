/// A log-linear histogram of non-negative integers (nanoseconds) with 1/1024 relative bucket
/// width: quantiles within 0.05% of the exact sample quantile, at constant cost per sample.
///
/// Buckets: values below 2048 have one bucket each; above, each octave [2^m, 2^(m+1)) has 1024
/// equal buckets. Counts live in pages of 256 neighbouring buckets, allocated only when a sample
/// first lands in one, so a histogram costs what its range of values needs (a page per quarter
/// octave touched: about 8 KB for values spanning four octaves) instead of one counter per bucket
/// from zero up to the largest value. A page counts in 16 bits; the rare bucket that passes 65,535
/// carries into a 32-bit page of high counts allocated for it, so no count is ever lost (a bucket
/// holds up to 2^48 samples).
public struct LatencyHistogram: Sendable {
    static let subBucketBits = 10
    static let pageBits = 8
    static let pageSize = 1 << pageBits

    /// Per page number, where its counts start in `low` (in pages), or -1 while untouched.
    private var pages: [Int16] = []
    /// The low 16 bits of every count, page after page in the order pages were touched.
    private var low: [UInt16] = []
    /// Per page number, where its high counts start in `high` (in pages), or -1; empty until a carry.
    private var highPages: [Int16] = []
    /// The counts above 16 bits, for pages that carried (count = high << 16 + low).
    private var high: [UInt32] = []

    public private(set) var count = 0
    public private(set) var sum: Int64 = 0
    public private(set) var maximum: Int64 = 0
    private var smallest = Int64.max

    public init() {}

    /// The smallest value recorded; zero when empty.
    public var minimum: Int64 { count == 0 ? 0 : smallest }

    /// Bytes held for counts (what the histogram costs beyond its fixed fields), for budgets and tests.
    public var storageBytes: Int {
        pages.capacity * MemoryLayout<Int16>.stride + low.capacity * MemoryLayout<UInt16>.stride
            + highPages.capacity * MemoryLayout<Int16>.stride + high.capacity * MemoryLayout<UInt32>.stride
    }

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
        add(1, toBucket: Self.bucket(of: value))
        count += 1
        sum &+= value
        if value > maximum { maximum = value }
        if value < smallest { smallest = value }
    }

    @inline(__always)
    private mutating func add(_ amount: Int, toBucket bucket: Int) {
        let page = bucket >> Self.pageBits
        let start: Int
        if page < pages.count, pages[page] >= 0 {
            start = Int(pages[page]) << Self.pageBits
        } else {
            start = allocate(page)
        }
        let slot = start + bucket & (Self.pageSize - 1)
        let total = Int(low[slot]) + amount
        low[slot] = UInt16(truncatingIfNeeded: total)
        if total > Int(UInt16.max) { carry(total >> 16, page: page, offset: bucket & (Self.pageSize - 1)) }
    }

    /// Gives `page` its counts, zeroed, and returns where they start in `low`.
    private mutating func allocate(_ page: Int) -> Int {
        if page >= pages.count { pages.append(contentsOf: repeatElement(-1, count: page + 1 - pages.count)) }
        let start = low.count
        low.reserveCapacity(start + Self.pageSize)  // exactly one page more: storage is the point
        low.append(contentsOf: repeatElement(0, count: Self.pageSize))
        pages[page] = Int16(start >> Self.pageBits)
        return start
    }

    private mutating func carry(_ amount: Int, page: Int, offset: Int) {
        if page >= highPages.count { highPages.append(contentsOf: repeatElement(-1, count: page + 1 - highPages.count)) }
        if highPages[page] < 0 {
            highPages[page] = Int16(high.count >> Self.pageBits)
            high.append(contentsOf: repeatElement(0, count: Self.pageSize))
        }
        high[Int(highPages[page]) << Self.pageBits + offset] += UInt32(amount)  // traps past 2^48 samples in one bucket
    }

    /// The count of bucket `offset` of page `page`, given where the page's low and high counts
    /// start (`highStart` -1: the page never carried). Plain indexing, no closure: merges and
    /// quantiles walk every bucket of every touched page.
    @inline(__always)
    private func count(lowStart: Int, highStart: Int, offset: Int) -> Int {
        let value = Int(low[lowStart + offset])
        return highStart < 0 ? value : value + Int(high[highStart + offset]) << 16
    }

    /// Where a touched page's low and high counts start; nil when the page was never touched.
    @inline(__always)
    private func starts(ofPage page: Int) -> (low: Int, high: Int)? {
        guard page < pages.count, pages[page] >= 0 else { return nil }
        let highStart = page < highPages.count && highPages[page] >= 0 ? Int(highPages[page]) << Self.pageBits : -1
        return (Int(pages[page]) << Self.pageBits, highStart)
    }

    public mutating func merge(_ other: LatencyHistogram) {
        for page in 0..<other.pages.count {
            guard let from = other.starts(ofPage: page) else { continue }
            let base = page << Self.pageBits
            for offset in 0..<Self.pageSize {
                let c = other.count(lowStart: from.low, highStart: from.high, offset: offset)
                if c > 0 { add(c, toBucket: base + offset) }
            }
        }
        count += other.count
        sum &+= other.sum
        maximum = max(maximum, other.maximum)
        smallest = min(smallest, other.smallest)
    }

    /// The value at quantile `q` (0...1): the sample of rank min(n-1, floor(q·n)) in sorted order,
    /// as the middle of its bucket, clamped to the observed [minimum, maximum] so no estimate reads
    /// beyond what was seen. Zero when empty.
    public func quantile(_ q: Double) -> Int64 {
        guard count > 0 else { return 0 }
        let rank = min(count - 1, Int(q * Double(count)))
        var seen = 0
        for page in 0..<pages.count {
            guard let from = starts(ofPage: page) else { continue }
            for offset in 0..<Self.pageSize {
                seen += count(lowStart: from.low, highStart: from.high, offset: offset)
                if seen > rank {
                    let (low, width) = Self.range(of: page << Self.pageBits + offset)
                    return min(max(low + (width - 1) / 2, smallest), maximum)
                }
            }
        }
        return maximum
    }

    /// Samples at or below `bound` (for Prometheus cumulative buckets), exact to a bucket.
    public func count(atOrBelow bound: Int64) -> Int {
        let last = Self.bucket(of: bound)
        var total = 0
        for page in 0...(last >> Self.pageBits) {
            guard let from = starts(ofPage: page) else { continue }
            for offset in 0..<min(Self.pageSize, last - page << Self.pageBits + 1) {
                total += count(lowStart: from.low, highStart: from.high, offset: offset)
            }
        }
        return total
    }
}
