/// When each attempt a cluster holds was accepted, for the latency its outlier detection's latency
/// rule judges (from accepting the attempt to its answer, queueing included).
///
/// A slab of instants with a free list: `take` hands out a slot that the attempt carries in its
/// ticket's `key` (free once the backend is chosen) through the queue and the service timer, and
/// `release` gives it back with the latency. O(1); it allocates only while it grows to the most
/// attempts the cluster held at once.
struct AcceptTimes {
    private var times: [Int64] = []
    private var free: [UInt32] = []

    /// A slot holding `now`.
    @inline(__always)
    mutating func take(_ now: Int64) -> UInt32 {
        if let slot = free.popLast() {
            times[Int(slot)] = now
            return slot
        }
        times.append(now)
        return UInt32(times.count - 1)
    }

    /// Frees `slot`; returns the time since it was taken.
    @inline(__always)
    mutating func release(_ slot: UInt32, now: Int64) -> Int64 {
        free.append(slot)
        return now - times[Int(slot)]
    }
}
