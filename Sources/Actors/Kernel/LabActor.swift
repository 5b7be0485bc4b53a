/// An actor of a headless lab: it runs on the lab's `SimulationExecutor`, like every other actor
/// and task of that lab.
protocol LabActor: Actor {
    nonisolated var kernel: LabKernel { get }
}

extension LabActor {
    /// Runs `body` isolated to this actor, synchronously, from code already running on the lab's
    /// executor (the event loop or another actor of the same lab). For set-up and rare events;
    /// the per-request hops use `LabCall`, which allocates nothing per call.
    ///
    /// All actors of a lab share one serial executor, so being on it is being isolated to each of
    /// them. It traps when called from any thread but the lab's.
    nonisolated func onLab(_ body: (isolated Self) -> Void) {
        precondition(kernel.executor.isOwnerThread, "a lab actor was entered from outside the lab's executor")
        withoutActuallyEscaping(body) { escapable in
            unsafeBitCast(escapable, to: ((Self) -> Void).self)(self)
        }
    }
}

/// A synchronous entry into an actor of the lab, made once and called per request: the hot
/// path's hop between actors that share the lab's executor — no job, no suspension, no allocation.
///
/// `assumeIsolated` would do the same, but it asks the runtime for the current executor and boxes
/// its closure on every call; at a few hops per request that cost more than the simulation itself
/// (see Docs/PERFORMANCE.md). The check here is that the caller runs on the lab's thread.
struct LabCall<A: LabActor, Argument, Result> {
    private let call: (A, Argument) -> Result

    /// `entry` is a static function of the actor with an `isolated` first parameter.
    init(_ entry: @escaping (isolated A, Argument) -> Result) {
        call = unsafeBitCast(entry, to: ((A, Argument) -> Result).self)
    }

    @inline(__always)
    func callAsFunction(_ actor: A, _ argument: Argument) -> Result {
        precondition(actor.kernel.executor.isOwnerThread, "a lab actor was entered from outside the lab's executor")
        return call(actor, argument)
    }
}
