/// The router's timers of fixed length — a route's per-try timeouts, request deadlines and hedge
/// delays — kept in one FIFO queue per route and kind instead of the timeline's heap. Each queue's
/// timers come due in the order they were set (now + a constant), so the heap holds only the head
/// of each queue: setting a timer costs O(1), and the heap stays as small as without them.
///
/// When a queue's head comes due, every timer due by then is handled in the order set, as the heap
/// would have handled them; timers whose attempt or request has gone are dropped when reached.
struct DueQueues {
    struct Entry {
        var due: Int64
        var timer: RouterActor.Timer
    }

    /// Which of a route's queues: the per-try timeout, the request deadline, the hedge delay.
    enum Kind: Int {
        case perTry = 0, deadline = 1, hedge = 2
    }

    private var queues: [FIFOQueue<Entry>]
    /// Whether the timeline holds a timer for the queue's head.
    private var armed: [Bool]

    init(routes: Int) {
        queues = Array(repeating: FIFOQueue(), count: routes * 3)
        armed = Array(repeating: false, count: routes * 3)
    }

    static func index(route r: Int, _ kind: Kind) -> Int { r * 3 + kind.rawValue }

    /// Adds a timer; true when the queue needs a timeline timer at `due` (it was empty and unarmed).
    @inline(__always)
    mutating func add(_ timer: RouterActor.Timer, at due: Int64, queue q: Int) -> Bool {
        queues[q].append(Entry(due: due, timer: timer))
        if armed[q] { return false }
        armed[q] = true
        return true
    }

    /// The next timer of queue `q` due by `now`, removed; nil when none is.
    @inline(__always)
    mutating func popDue(queue q: Int, now: Int64) -> RouterActor.Timer? {
        guard let head = queues[q].first, head.due <= now else { return nil }
        return queues[q].popFirst()!.timer
    }

    /// After handling: the instant to arm the queue's timer for, or nil (the queue is empty).
    mutating func rearm(queue q: Int) -> Int64? {
        guard let head = queues[q].first else {
            armed[q] = false
            return nil
        }
        return head.due
    }
}
