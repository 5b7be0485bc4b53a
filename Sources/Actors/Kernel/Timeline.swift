import Synchronization

/// A lab's time: what moves `now` and fires the timers. Two implementations drive the same
/// actors: `VirtualTimeline` jumps from timer to timer (headless runs, deterministic) and
/// `LiveTimeline` waits for the wall clock (the daemon). The actors never see the difference:
/// they read `now`, set timers and emit events on the `TimelineCore` both share — one concrete
/// final class, so the hot path has no dynamic dispatch at all.
protocol Timeline: AnyObject, Sendable {
    /// The instant, timers, owners and trace the actors use.
    var core: TimelineCore { get }
}

/// The code that receives an owner's timers: a function of the owner and the token, called on
/// the lab's thread only. A plain function (no captures), so firing a timer retains nothing.
typealias TimerHandler = (AnyObject, TimerToken) -> Void

/// A registered owner: the object its handler is called with (kept alive by whoever built the
/// lab for as long as the run lasts) and the handler.
struct TimerOwnerEntry {
    let object: Unmanaged<AnyObject>
    let fire: TimerHandler
}

/// What both timelines share: the current instant, the timer heap and its owners, the trace.
/// Confined to the lab's thread: only code running there (the timeline's loop, the actors on the
/// lab's executor) touches it, which makes unsynchronised access safe and the order of
/// everything deterministic.
final class TimelineCore: @unchecked Sendable {
    let executor: SimulationExecutor
    /// The current instant, in nanoseconds since the run began; moved by the timeline's loop only.
    @exclusivity(unchecked) private(set) var now: Int64 = 0
    private let publishedNow = Atomic<Int64>(0)
    let heap = TimerHeap()
    let trace: TraceLog
    @exclusivity(unchecked) private var owners: [TimerOwnerEntry] = []
    /// Set when something ended the run early; the loop stops at its next turn.
    @exclusivity(unchecked) private(set) var haltReason: LabHalt?

    init(executor: SimulationExecutor, trace: TraceLog) {
        self.executor = executor
        self.trace = trace
    }

    /// Sets a timer: at `time` (never before now) the timeline hands `token` back to `owner`.
    @inline(__always)
    func schedule(at time: Int64, owner: TimerOwnerID, token: TimerToken) {
        heap.schedule(at: time, owner: owner, token: token)
    }

    /// Adds an event to the trace.
    @inline(__always)
    func emit(_ event: LabEvent) { trace.emit(event) }

    /// Whether the calling thread is the lab's (the one that drains its executor).
    @inline(__always)
    var isOwnerThread: Bool { executor.isOwnerThread }

    /// Registers an owner of timers and the function that receives them. The owner must outlive
    /// the run (the lab's wiring holds every owner until its units stop).
    func register(_ object: AnyObject, _ handler: @escaping TimerHandler) -> TimerOwnerID {
        precondition(executor.isOwnerThread, "timer owners register on the lab's thread")
        precondition(owners.count < Int(UInt16.max), "too many timer owners")
        owners.append(TimerOwnerEntry(object: Unmanaged.passUnretained(object), fire: handler))
        return TimerOwnerID(index: UInt16(owners.count - 1))
    }

    /// The current instant as seen from any thread.
    var observedNow: Int64 { publishedNow.load(ordering: .relaxed) }

    /// Moves `now`; the timelines' loops only.
    @inline(__always)
    func advance(to time: Int64) {
        now = time
        publishedNow.store(time, ordering: .relaxed)
    }

    /// Hands a fired timer to its owner.
    @inline(__always)
    func fire(_ timer: Timer) {
        let entry = owners[Int(timer.owner.index)]
        entry.object._withUnsafeGuaranteedRef { entry.fire($0, timer.token) }
    }

    /// Ends the run at the loop's next turn (the first reason wins).
    func halt(_ reason: LabHalt) {
        if haltReason == nil { haltReason = reason }
    }

    /// Runs every job waiting on the executor when a batch of events went out to the consumers
    /// or a task was woken, so everything that has work at this instant does it before time moves.
    @inline(__always)
    func settle() {
        if trace.flushed || executor.pendingJobs > 0 {
            trace.flushed = false
            executor.drain()
        }
    }
}

/// Why a run ended before its end.
enum LabHalt: Sendable, Equatable {
    /// More requests were in flight than the limit allows: the system cannot keep up.
    case overloaded(inFlight: Int, limit: Int, at: Int64, cluster: String, outstanding: Int)
}
