import Scenarios

/// Guards one cluster: admits or refuses calls (fast-failing with `circuit_breaker`) and learns
/// from their outcomes. Every state change goes into the trace.
actor BreakerActor: LabActor {
    nonisolated let timeline: TimelineCore
    nonisolated let cluster: Int32
    /// Nil: the cluster has no breaker and every call is admitted.
    @exclusivity(unchecked) private var breaker: CountBreaker?

    init(timeline: TimelineCore, cluster: Int32, policy: BreakerPolicy?) {
        self.timeline = timeline
        self.cluster = cluster
        breaker = policy.map(CountBreaker.init)
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { timeline.executor.asUnownedSerialExecutor() }

    var state: BreakerState { breaker?.state ?? .closed }

    func admit() -> Bool {
        guard breaker != nil else { return true }
        let (admitted, transition) = breaker!.admit(at: timeline.now)
        if let transition { trace(transition) }
        return admitted
    }

    func record(success: Bool) {
        guard breaker != nil, let transition = breaker!.record(success: success, at: timeline.now) else { return }
        trace(transition)
    }

    private func trace(_ t: BreakerTransition) {
        timeline.emit(.breakerTransition(at: timeline.now, cluster: cluster, from: t.from, to: t.to))
    }
}
