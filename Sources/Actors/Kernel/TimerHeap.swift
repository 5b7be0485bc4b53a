/// A binary min-heap of timers: a lab's future, in (time, sequence) order, so timers at the same
/// instant fire in the order they were set. Both timelines keep their timers in one; only how they
/// wait for the next one differs.
///
/// The heap orders small entries (time, sequence, slot: 24 bytes) and each timer's owner and token
/// wait in a slot of their own, so sifting moves a third of the bytes. The storage is buffers it
/// owns rather than arrays: every timer of a run passes through here, and an array held by a class
/// checks its uniqueness on every mutation.
final class TimerHeap {
    private struct Entry {
        var time: Int64
        var sequence: UInt64
        var slot: UInt32

        @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    private struct Payload {
        var owner: TimerOwnerID
        var token: TimerToken
    }

    private var entries: UnsafeMutablePointer<Entry>
    private var payloads: UnsafeMutablePointer<Payload>
    /// Free payload slots, a stack in `free[0..<freeCount]`.
    private var free: UnsafeMutablePointer<UInt32>
    private var capacity: Int
    private(set) var count = 0
    private var freeCount = 0
    private var nextSequence: UInt64 = 0

    init(capacity: Int = 1024) {
        self.capacity = capacity
        entries = .allocate(capacity: capacity)
        payloads = .allocate(capacity: capacity)
        free = .allocate(capacity: capacity)
        for i in 0..<capacity { free[i] = UInt32(capacity - 1 - i) }
        freeCount = capacity
    }

    deinit {
        entries.deallocate()
        payloads.deallocate()
        free.deallocate()
    }

    var isEmpty: Bool { count == 0 }
    /// The instant of the earliest timer, if any.
    var nextTime: Int64? { count > 0 ? entries[0].time : nil }

    @inline(__always)
    func schedule(at time: Int64, owner: TimerOwnerID, token: TimerToken) {
        if count == capacity { grow() }
        freeCount -= 1
        let slot = free[freeCount]
        (payloads + Int(slot)).initialize(to: Payload(owner: owner, token: token))
        let entry = Entry(time: time, sequence: nextSequence, slot: slot)
        nextSequence &+= 1
        var child = count
        count += 1
        while child > 0 {
            let parent = (child - 1) >> 1
            guard entry.precedes(entries[parent]) else { break }
            entries[child] = entries[parent]
            child = parent
        }
        entries[child] = entry
    }

    /// Removes and returns the earliest timer if it is due before `limit`.
    @inline(__always)
    func pop(before limit: Int64) -> Timer? {
        guard count > 0, entries[0].time < limit else { return nil }
        let first = entries[0]
        count -= 1
        if count > 0 { siftDown(entries[count]) }
        let payload = payloads[Int(first.slot)]
        free[freeCount] = first.slot
        freeCount += 1
        return Timer(time: first.time, owner: payload.owner, token: payload.token)
    }

    /// Places `item` from the root down, the heap being one shorter than before.
    @inline(__always)
    private func siftDown(_ item: Entry) {
        var parent = 0
        let n = count
        while true {
            var child = 2 * parent + 1
            if child >= n { break }
            if child + 1 < n && entries[child + 1].precedes(entries[child]) { child += 1 }
            guard entries[child].precedes(item) else { break }
            entries[parent] = entries[child]
            parent = child
        }
        entries[parent] = item
    }

    /// Doubles every buffer; only when full, so every slot is in use and the new ones are free.
    private func grow() {
        let bigger = capacity * 2
        let newEntries = UnsafeMutablePointer<Entry>.allocate(capacity: bigger)
        newEntries.moveInitialize(from: entries, count: count)
        entries.deallocate()
        entries = newEntries
        let newPayloads = UnsafeMutablePointer<Payload>.allocate(capacity: bigger)
        newPayloads.moveInitialize(from: payloads, count: capacity)
        payloads.deallocate()
        payloads = newPayloads
        free.deallocate()
        free = .allocate(capacity: bigger)
        for i in 0..<capacity { free[i] = UInt32(bigger - 1 - i) }
        freeCount = capacity
        capacity = bigger
    }
}
