/// The run cut into equal slices of virtual time, for the report's table over time: what arrived,
/// completed, succeeded and was retried in each slice, and its latencies.
///
/// The slices' width is the narrowest step of a ladder that fits the run's length in `mostSlices`
/// slices when the length is known (a headless run's is); otherwise it starts at 100 ms and, whenever
/// the run outgrows `mostSlices` slices, widens
/// to the next step of a ladder where each step is a whole multiple of the one before
/// (100 ms, 200 ms, 1 s, 2 s, 10 s, 30 s, 1 m, 5 m, 10 m, 30 m, 1 h, 2 h, 6 h, 12 h, 1 d, then
/// doubling), merging neighbouring slices. So memory stays bounded whatever the run's length — at
/// most `mostSlices` slices, each with a latency histogram that costs what its range of values needs
/// (about 10 KB for the reference workload: 6 MB for its 600 one-second slices) — and a run of up to
/// about 17 minutes keeps 1 s slices. Rows of the report are whole numbers of slices (`IntervalTable`).
public struct IntervalSeries: Sendable {
    /// The most slices kept; past it the slices widen.
    public static let mostSlices = 1024
    /// The widths slices take, in nanoseconds, each a multiple of the one before; past the last, doubling.
    static let ladder: [Int64] = [100_000_000, 200_000_000, 1_000_000_000, 2_000_000_000, 10_000_000_000, 30_000_000_000,
                                  60_000_000_000, 300_000_000_000, 600_000_000_000, 1_800_000_000_000, 3_600_000_000_000,
                                  7_200_000_000_000, 21_600_000_000_000, 43_200_000_000_000, 86_400_000_000_000]

    /// The width of every slice, in nanoseconds: slice `i` covers [i·width, (i+1)·width).
    public private(set) var width: Int64 = IntervalSeries.ladder[0]
    public private(set) var slices: [IntervalSlice] = []
    /// The slice the last event fell in and its bounds: events come in time order, so most
    /// events land in it without a division.
    private var current = -1
    private var currentStart: Int64 = 0
    private var currentEnd: Int64 = 0

    public init() {}

    /// Slices as narrow as the ladder allows for a run of `runLength` nanoseconds to fit in
    /// `mostSlices`: a run whose length is known never widens (each widening merges every slice).
    public init(runLength: Int64) {
        width = Self.ladder.first { runLength <= $0 * Int64(Self.mostSlices) } ?? Self.ladder[Self.ladder.count - 1]
    }

    /// The index of the slice holding `time` (≥ 0), creating it and widening the slices as needed.
    @inline(__always)
    mutating func slice(at time: Int64) -> Int {
        if time >= currentStart && time < currentEnd { return current }
        return locate(time)
    }

    @inline(__always)
    mutating func arrived(at time: Int64) { slices[slice(at: time)].arrived += 1 }

    @inline(__always)
    mutating func retried(at time: Int64) { slices[slice(at: time)].retries += 1 }

    @inline(__always)
    mutating func completed(at time: Int64, ok: Bool, latency: Int64) {
        let i = slice(at: time)
        slices[i].completed += 1
        if ok { slices[i].ok += 1 }
        slices[i].latency.record(latency)
    }

    private mutating func locate(_ time: Int64) -> Int {
        let t = max(time, 0)
        while t / width >= Int64(Self.mostSlices) { widen() }
        let index = Int(t / width)
        if index >= slices.count { slices.append(contentsOf: repeatElement(IntervalSlice(), count: index + 1 - slices.count)) }
        current = index
        currentStart = Int64(index) * width
        currentEnd = currentStart + width
        return index
    }

    /// Moves to the next width of the ladder, merging each group of slices it now covers.
    private mutating func widen() {
        let next = Self.ladder.first { $0 > width } ?? width * 2
        let factor = Int(next / width)
        var merged: [IntervalSlice] = []
        merged.reserveCapacity((slices.count + factor - 1) / factor)
        var start = 0
        while start < slices.count {
            var slice = slices[start]
            for i in (start + 1)..<min(start + factor, slices.count) { slice.merge(slices[i]) }
            merged.append(slice)
            start += factor
        }
        slices = merged
        width = next
        current = -1
        currentStart = 0
        currentEnd = 0
    }
}

/// What happened in one slice of the run's time.
public struct IntervalSlice: Sendable {
    /// Requests that arrived.
    public var arrived = 0
    /// Requests that completed (answered, failed or refused), and of them those under 500.
    public var completed = 0
    public var ok = 0
    /// Retries sent.
    public var retries = 0
    /// End-to-end latency of the requests completed in the slice.
    public var latency = LatencyHistogram()

    public init() {}

    public mutating func merge(_ other: IntervalSlice) {
        arrived += other.arrived
        completed += other.completed
        ok += other.ok
        retries += other.retries
        latency.merge(other.latency)
    }
}
