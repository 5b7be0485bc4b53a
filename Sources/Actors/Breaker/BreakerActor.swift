import Scenarios

/// Guards one cluster: admits or refuses calls (fast-failing with `circuit_breaker`) and learns
/// from their outcomes. Every state change goes into the trace; refusals are only counted
/// (`refusals`), and reach the summary and the metrics at the end of the run, not the trace.
actor BreakerActor: LabActor {
    nonisolated let timeline: TimelineCore
    nonisolated let cluster: Int32
    /// Nil: the cluster has no breaker and every call is admitted.
    @exclusivity(unchecked) private var breaker: CountBreaker?
    /// Admissions this breaker refused so far: every time the router asked it for a call (a first
    /// attempt or a retry) while it was open, or half-open with its trials taken.
    @exclusivity(unchecked) private(set) var refusals = 0

    init(timeline: TimelineCore, cluster: Int32, policy: BreakerPolicy?) {
        self.timeline = timeline
        self.cluster = cluster
        if case .count(let count) = policy { breaker = CountBreaker(policy: count) } else { breaker = nil }
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { timeline.executor.asUnownedSerialExecutor() }

    var state: BreakerState { breaker?.state ?? .closed }

    func admit() -> Bool {
        guard breaker != nil else { return true }
        let (admitted, transition) = breaker!.admit(at: timeline.now)
        if let transition { trace(transition) }
        if !admitted { refusals += 1 }
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
