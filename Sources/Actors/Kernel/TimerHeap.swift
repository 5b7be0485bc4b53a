/// A binary min-heap of timers: a lab's future, in (time, sequence) order. Both timelines keep
/// their timers in one; only how they wait for the next one differs.
struct TimerHeap: Sendable {
    private var heap: [Timer] = []
    private var nextSequence: UInt64 = 0

    init() { heap.reserveCapacity(1024) }

    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }
    /// The instant of the earliest timer, if any.
    var nextTime: Int64? { heap.first?.time }

    @inline(__always)
    mutating func schedule(at time: Int64, owner: TimerOwnerID, token: TimerToken) {
        heap.append(Timer(time: time, sequence: nextSequence, owner: owner, token: token))
        nextSequence &+= 1
        siftUp(heap.count - 1)
    }

    /// Removes and returns the earliest timer if it is due before `limit`.
    @inline(__always)
    mutating func pop(before limit: Int64) -> Timer? {
        guard let first = heap.first, first.time < limit else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        return first
    }

    @inline(__always)
    private mutating func siftUp(_ start: Int) {
        var child = start
        let item = heap[child]
        while child > 0 {
            let parent = (child - 1) >> 1
            guard item.precedes(heap[parent]) else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = item
    }

    @inline(__always)
    private mutating func siftDown(_ start: Int) {
        var parent = start
        let item = heap[parent]
        let n = heap.count
        while true {
            var child = 2 * parent + 1
            if child >= n { break }
            let right = child + 1
            if right < n && heap[right].precedes(heap[child]) { child = right }
            guard heap[child].precedes(item) else { break }
            heap[parent] = heap[child]
            parent = child
        }
        heap[parent] = item
    }
}
