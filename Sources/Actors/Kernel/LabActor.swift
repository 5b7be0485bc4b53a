/// An actor of a lab: it runs on the lab's `SimulationExecutor`, like every other actor and task
/// of that lab, in the time of its timeline (virtual headless, wall-clock live).
protocol LabActor: Actor {
    nonisolated var timeline: TimelineCore { get }
}

extension LabActor {
    /// Runs `body` isolated to this actor, synchronously, from code already running on the lab's
    /// executor (the timeline's loop or another actor of the same lab). For set-up and rare
    /// events; the per-request hops use `LabCalls`, which allocate nothing per call.
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

// Entered synchronously: the hot path's hops between actors that share the lab's executor are
// plain calls — no job, no suspension, no allocation. Each entry is a static function of the actor
// with an `isolated` first parameter, cast once per run to the same function without the
// `isolated` (`LabCalls`, and the timer handlers, cast to `TimerHandler`: an actor reference and
// an `AnyObject` are the same single pointer).
//
// `assumeIsolated` would do the same, but it asks the runtime for the current executor and boxes
// its closure on every call; at a few hops per request that cost more than the simulation itself
// (see Docs/PERFORMANCE.md). Why the cast is safe: every call comes either from code isolated to an
// actor of the same lab (so from a job of the lab's executor, which only its owner thread drains —
// `SimulationExecutor.drain` traps elsewhere) or from a timer handler, which only the timeline's
// loop calls, and the loop checks its thread when it starts. `onLab` checks on every call; it is
// for set-up.
