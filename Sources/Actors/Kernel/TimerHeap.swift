/// A binary min-heap of timers: a lab's future, in (time, sequence) order. Both timelines keep
/// their timers in one; only how they wait for the next one differs.
///
/// Its storage is a buffer it owns rather than an `Array`: every timer of a run is pushed and
/// popped here, and an array held by a class checks its uniqueness on every mutation.
final class TimerHeap {
    private var storage: UnsafeMutablePointer<Timer>
    private var capacity: Int
    private(set) var count = 0
    private var nextSequence: UInt64 = 0

    init(capacity: Int = 1024) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    var isEmpty: Bool { count == 0 }
    /// The instant of the earliest timer, if any.
    var nextTime: Int64? { count > 0 ? storage[0].time : nil }

    @inline(__always)
    func schedule(at time: Int64, owner: TimerOwnerID, token: TimerToken) {
        if count == capacity { grow() }
        let timer = Timer(time: time, sequence: nextSequence, owner: owner, token: token)
        nextSequence &+= 1
        var child = count
        count += 1
        while child > 0 {
            let parent = (child - 1) >> 1
            guard timer.precedes(storage[parent]) else { break }
            storage[child] = storage[parent]
            child = parent
        }
        storage[child] = timer
    }

    /// Removes and returns the earliest timer if it is due before `limit`.
    @inline(__always)
    func pop(before limit: Int64) -> Timer? {
        guard count > 0, storage[0].time < limit else { return nil }
        let first = storage[0]
        count -= 1
        if count > 0 { siftDown(storage[count]) }
        return first
    }

    /// Places `item` from the root down, the heap being one shorter than before.
    @inline(__always)
    private func siftDown(_ item: Timer) {
        var parent = 0
        let n = count
        while true {
            var child = 2 * parent + 1
            if child >= n { break }
            if child + 1 < n && storage[child + 1].precedes(storage[child]) { child += 1 }
            guard storage[child].precedes(item) else { break }
            storage[parent] = storage[child]
            parent = child
        }
        storage[parent] = item
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<Timer>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = bigger
        capacity *= 2
    }
}
