/// What the event loop does when a timer fires; the payload fields mean what the case says.
public enum TimerKind: UInt8, Sendable {
    /// The next arrival of traffic source `a`.
    case arrival
    /// Cluster `a`, backend `b` finishes serving attempt `c` (request slot) / `d` (attempt serial).
    case serviceDone
    /// Attempt `d` of request slot `c` reaches its deadline.
    case deadline
    /// A chaos-delayed attempt reaches cluster `a`: request slot `c`, attempt serial `d`.
    case delayedDelivery
    /// Chaos window `a` begins.
    case chaosBegins
    /// Chaos window `a` ends.
    case chaosEnds
    /// A task sleeping on the virtual clock wakes: continuation token `d`.
    case wake
    /// A WebSocket session on cluster `a` takes its next step: request id `c`, step and argument `d`.
    case sessionStep
}

/// One pending timer. Ordered by time, then by the sequence number it got when scheduled, so
/// timers at the same instant fire in the order they were set.
public struct Timer: Sendable {
    public var time: Int64
    public var sequence: UInt64
    public var kind: TimerKind
    public var a: Int32
    public var b: Int32
    public var c: Int64
    public var d: Int64

    @inline(__always)
    func precedes(_ other: Timer) -> Bool {
        time < other.time || (time == other.time && sequence < other.sequence)
    }
}

/// A binary min-heap of timers: the lab's future, in (time, sequence) order.
public struct EventQueue: Sendable {
    private var heap: [Timer] = []
    private var nextSequence: UInt64 = 0

    public init() { heap.reserveCapacity(1024) }

    public var count: Int { heap.count }
    public var isEmpty: Bool { heap.isEmpty }
    public var nextTime: Int64? { heap.first?.time }

    @inline(__always)
    public mutating func schedule(at time: Int64, _ kind: TimerKind, a: Int32 = 0, b: Int32 = 0, c: Int64 = 0, d: Int64 = 0) {
        let timer = Timer(time: time, sequence: nextSequence, kind: kind, a: a, b: b, c: c, d: d)
        nextSequence &+= 1
        heap.append(timer)
        siftUp(heap.count - 1)
    }

    /// Removes and returns the earliest timer.
    @inline(__always)
    public mutating func pop() -> Timer? {
        guard let first = heap.first else { return nil }
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
