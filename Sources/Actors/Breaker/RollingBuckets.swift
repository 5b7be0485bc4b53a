import Scenarios

/// gobreaker v2's `rollingCounts`: a generation's counts kept in a ring of buckets, so old results leave
/// the totals bucket by bucket instead of all at once.
///
/// `age` is the number of bucket periods since the generation began; bucket `age % count` is the current
/// one. A fixed window is a ring of one bucket whose age never moves. The ring is allocated once, at
/// init; counting, rolling and clearing only write into it.
struct RollingBuckets: Sendable {
    /// The generation's counts: the sum of the buckets (streaks excepted, see `evict`).
    private(set) var totals = ConsecutiveCounts()
    private(set) var age: UInt64 = 0
    private var ring: [ConsecutiveCounts]

    init(count: Int) {
        ring = Array(repeating: ConsecutiveCounts(), count: max(1, count))
    }

    var count: Int { ring.count }

    /// The bucket `offset` places after the current one, wrapping both ways (gobreaker `bucketAt`):
    /// 0 is the current bucket, -1 the one before it.
    func bucket(at offset: Int) -> ConsecutiveCounts {
        let step = ((offset % ring.count) + ring.count) % ring.count
        return ring[(index(age) + step) % ring.count]
    }

    /// gobreaker `rollingCounts.onRequest`: an admission counts in the current bucket.
    mutating func countRequest() {
        totals.countRequest()
        ring[index(age)].countRequest()
    }

    /// gobreaker `rollingCounts.onSuccess` / `onFailure` / `onExclusion`: the result counts in the bucket
    /// of its admission (`admittedAge`), or is dropped when that bucket has already rolled out (or lies
    /// in the future, which only a foreign ticket can claim).
    mutating func count(_ verdict: CallVerdict, admittedAge: UInt64) {
        guard admittedAge <= age, age - admittedAge < UInt64(ring.count) else { return }
        let slot = index(admittedAge)
        switch verdict {
        case .success:
            totals.countSuccess()
            ring[slot].countSuccess()
        case .failure:
            totals.countFailure()
            ring[slot].countFailure()
        case .ignored:
            totals.countExclusion()
            ring[slot].countExclusion()
        }
    }

    /// gobreaker `rollingCounts.clear`: empty totals and buckets, age 0.
    mutating func clear() {
        totals = ConsecutiveCounts()
        age = 0
        for slot in ring.indices { ring[slot] = ConsecutiveCounts() }
    }

    /// gobreaker `rollingCounts.grow`: moves the ring on to `newAge`, one roll per bucket period passed;
    /// when a whole ring's worth has passed, everything is cleared at once. A smaller age changes nothing.
    mutating func grow(to newAge: UInt64) {
        guard newAge > age else { return }
        let passed = newAge - age
        if passed >= UInt64(ring.count) {
            clear()
            age = newAge
        } else {
            for _ in 0..<passed { roll() }
        }
    }

    /// gobreaker `rollingCounts.roll`: the next bucket becomes current; what it held (the oldest
    /// bucket) leaves the totals first.
    mutating func roll() {
        age += 1
        let slot = index(age)
        evict(slot)
        ring[slot] = ConsecutiveCounts()
    }

    /// gobreaker `rollingCounts.subtract`. Totals lose the evicted bucket's totals (never below 0).
    /// A streak is shortened by the evicted bucket's own streak only when the current streak is exactly
    /// that bucket's streak plus every result of the same kind in the younger buckets, that is, when the
    /// streak may have begun in the evicted bucket; otherwise it began later and is kept whole. This is
    /// gobreaker's heuristic, reproduced as is.
    private mutating func evict(_ slot: Int) {
        let oldest = ring[slot]
        // The totals are the sum of the ring's buckets, so the younger buckets' sums are the totals
        // less the oldest: one roll costs the same whatever the number of buckets.
        let youngerSuccesses = totals.totalSuccesses - oldest.totalSuccesses
        let youngerFailures = totals.totalFailures - oldest.totalFailures
        if totals.consecutiveSuccesses == oldest.consecutiveSuccesses + youngerSuccesses {
            totals.consecutiveSuccesses = Self.reduced(totals.consecutiveSuccesses, by: oldest.consecutiveSuccesses)
        }
        if totals.consecutiveFailures == oldest.consecutiveFailures + youngerFailures {
            totals.consecutiveFailures = Self.reduced(totals.consecutiveFailures, by: oldest.consecutiveFailures)
        }
        totals.requests = Self.reduced(totals.requests, by: oldest.requests)
        totals.totalSuccesses = Self.reduced(totals.totalSuccesses, by: oldest.totalSuccesses)
        totals.totalFailures = Self.reduced(totals.totalFailures, by: oldest.totalFailures)
        totals.totalExclusions = Self.reduced(totals.totalExclusions, by: oldest.totalExclusions)
    }

    /// gobreaker's guarded unsigned subtraction: `value - amount` when `value > amount`, else 0.
    private static func reduced(_ value: Int, by amount: Int) -> Int { value > amount ? value - amount : 0 }

    private func index(_ age: UInt64) -> Int { Int(age % UInt64(ring.count)) }
}
