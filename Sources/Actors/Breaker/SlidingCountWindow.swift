/// The last `size` calls: resilience4j-core's `FixedSizeSlidingWindowMetrics`.
///
/// A ring of one-call slots and a running total; recording a call moves the head by one slot,
/// subtracts what that slot held (the oldest call once the ring is full) and adds the new call.
/// Preallocated at init; recording never allocates.
struct SlidingCountWindow: Sendable {
    private var slots: [CallAggregate]
    private(set) var head = 0
    private(set) var total = CallAggregate.empty

    init(size: Int) {
        slots = Array(repeating: .empty, count: max(0, size))
    }

    var size: Int { slots.count }

    /// Records one call and returns the new total. A window of size 0 (resilience4j's forced-open and
    /// disabled metrics) keeps nothing: resilience4j would fail with a division by zero there (an
    /// outcome reported to OPEN entered from FORCED_OPEN or DISABLED); the lab drops the call instead.
    mutating func record(failed: Bool, slow: Bool, duration: Int64) -> CallAggregate {
        guard !slots.isEmpty else { return total }
        moveHeadByOne()
        total.remove(slots[head])
        slots[head] = .empty
        slots[head].add(failed: failed, slow: slow, duration: duration)
        total.add(failed: failed, slow: slow, duration: duration)
        return total
    }

    /// `FixedSizeSlidingWindowMetrics.moveHeadIndexByOne`.
    mutating func moveHeadByOne() {
        guard !slots.isEmpty else { return }
        head = (head + 1) % slots.count
    }

    /// Empties the window in place (a fresh metrics object of a new state).
    mutating func reset() {
        for index in slots.indices { slots[index] = .empty }
        head = 0
        total = .empty
    }
}
