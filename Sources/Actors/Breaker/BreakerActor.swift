import Scenarios

/// Guards one cluster: admits or refuses calls (fast-failing with `circuit_breaker`) and learns
/// from their outcomes. Every state change goes into the trace.
public actor BreakerActor: LabActor {
    nonisolated let kernel: LabKernel
    public nonisolated let cluster: Int32
    @exclusivity(unchecked) private var breaker: CountBreaker?

    /// `policy` nil: the cluster has no breaker and every call is admitted.
    init(kernel: LabKernel, cluster: Int32, policy: BreakerPolicy?) {
        self.kernel = kernel
        self.cluster = cluster
        breaker = policy.map(CountBreaker.init)
    }

    public nonisolated var unownedExecutor: UnownedSerialExecutor { kernel.executor.asUnownedSerialExecutor() }

    public var state: BreakerState { breaker?.state ?? .closed }

    func admit() -> Bool {
        guard breaker != nil else { return true }
        let (admitted, transition) = breaker!.admit(at: kernel.now)
        if let transition { trace(transition) }
        return admitted
    }

    func record(success: Bool) {
        guard breaker != nil, let transition = breaker!.record(success: success, at: kernel.now) else { return }
        trace(transition)
    }

    private func trace(_ t: BreakerTransition) {
        kernel.emit(LabEvent(time: kernel.now, kind: .breakerTransition, subject: cluster,
                             detail: Int32(t.from.rawValue) << 8 | Int32(t.to.rawValue)))
    }
}
