/// The calls of the last `seconds` whole seconds of virtual time: resilience4j-core's
/// `SlidingTimeWindowMetrics`.
///
/// One bucket per second, numbered `floor(t / 1 s)` (resilience4j's `Instant.getEpochSecond`; the
/// lab's virtual time 0 is an epoch-second boundary). At instant t the window holds seconds
/// `floor(t/1s) - seconds + 1 … floor(t/1s)`, so a whole second leaves at once, not a sliding
/// interval. Both recording and reading move the window to the current second first
/// (`moveWindowToCurrentEpochSecond`, called by `record` and `getSnapshot`). Preallocated at init.
struct SlidingTimeWindow: Sendable {
    private static let second: Int64 = 1_000_000_000

    private var buckets: [CallAggregate]
    private(set) var head = 0
    /// The second the head bucket holds.
    private(set) var headSecond: Int64
    private var runningTotal = CallAggregate.empty

    /// The window starts at `now`'s second, as resilience4j's constructor reads the clock.
    init(seconds: Int, at now: Int64) {
        buckets = Array(repeating: .empty, count: max(0, seconds))
        headSecond = SlidingTimeWindow.secondOf(now)
    }

    var seconds: Int { buckets.count }

    static func secondOf(_ instant: Int64) -> Int64 {
        instant >= 0 ? instant / second : -((-instant + second - 1) / second)
    }

    mutating func record(failed: Bool, slow: Bool, duration: Int64, at now: Int64) -> CallAggregate {
        guard !buckets.isEmpty else { return runningTotal }
        move(to: now)
        runningTotal.add(failed: failed, slow: slow, duration: duration)
        buckets[head].add(failed: failed, slow: slow, duration: duration)
        return runningTotal
    }

    /// The total at `now`, after moving the window (`getSnapshot`).
    mutating func total(at now: Int64) -> CallAggregate {
        move(to: now)
        return runningTotal
    }

    /// Advances the head to `now`'s second, evicting one bucket per second passed (at most the whole
    /// ring). An instant before the head's second moves nothing: virtual time never runs backwards.
    mutating func move(to now: Int64) {
        guard !buckets.isEmpty else { return }
        let current = SlidingTimeWindow.secondOf(now)
        let behind = current - headSecond
        guard behind > 0 else { return }
        let steps = min(behind, Int64(buckets.count))
        for _ in 0..<steps {
            head = (head + 1) % buckets.count
            runningTotal.remove(buckets[head])
            buckets[head] = .empty
        }
        headSecond = current
    }

    /// Empties the window in place, starting again at `now`'s second.
    mutating func reset(at now: Int64) {
        for index in buckets.indices { buckets[index] = .empty }
        head = 0
        headSecond = SlidingTimeWindow.secondOf(now)
        runningTotal = .empty
    }
}
