/// An actor of a lab: it runs on the lab's `SimulationExecutor`, like every other actor and task
/// of that lab, in the time of its timeline (virtual headless, wall-clock live).
protocol LabActor: Actor {
    nonisolated var timeline: TimelineCore { get }
}

extension LabActor {
    /// Runs `body` isolated to this actor, synchronously, from code already running on the lab's
    /// executor (the timeline's loop or another actor of the same lab). For set-up and rare
    /// events; the per-request hops use `LabCall`, which allocates nothing per call.
    ///
    /// All actors of a lab share one serial executor, so being on it is being isolated to each of
    /// them. It traps when called from any thread but the lab's.
    nonisolated func onLab(_ body: (isolated Self) -> Void) {
        precondition(timeline.isOwnerThread, "a lab actor was entered from outside the lab's executor")
        withoutActuallyEscaping(body) { escapable in
            unsafeBitCast(escapable, to: ((Self) -> Void).self)(self)
        }
    }
}

extension LabActor {
    /// The timer handler of an actor: its static `fire` entry (an `isolated` first parameter),
    /// entered synchronously like `LabCall` does, from the timeline's loop on the lab's thread.
    static func timerHandler(_ entry: @escaping (isolated Self, TimerToken) -> Void) -> TimerHandler {
        let plain = unsafeBitCast(entry, to: ((Self, TimerToken) -> Void).self)
        return { owner, token in plain(unsafeDowncast(owner, to: Self.self), token) }
    }
}

/// A synchronous entry into an actor of the lab, made once and called per request: the hot
/// path's hop between actors that share the lab's executor — no job, no suspension, no allocation.
///
/// `assumeIsolated` would do the same, but it asks the runtime for the current executor and boxes
/// its closure on every call; at a few hops per request that cost more than the simulation itself
/// (see Docs/PERFORMANCE.md).
///
/// Why it is safe without a check per call in release builds: every call comes either from code
/// isolated to an actor of the same lab (so from a job of the lab's executor, which only its
/// owner thread drains — `SimulationExecutor.drain` traps elsewhere) or from a timer handler,
/// which only the timeline's loop calls, and the loop checks its thread when it starts. Debug
/// builds check every call. Holding one is harmless from anywhere (it is a function pointer), hence
/// `Sendable`; calling one is what the rule above confines.
struct LabCall<A: LabActor, Argument, Result>: @unchecked Sendable {
    private let call: (A, Argument) -> Result

    /// `entry` is a static function of the actor with an `isolated` first parameter.
    init(_ entry: @escaping (isolated A, Argument) -> Result) {
        call = unsafeBitCast(entry, to: ((A, Argument) -> Result).self)
    }

    @inline(__always)
    func callAsFunction(_ actor: A, _ argument: Argument) -> Result {
        assert(actor.timeline.isOwnerThread, "a lab actor was entered from outside the lab's executor")
        return call(actor, argument)
    }
}
