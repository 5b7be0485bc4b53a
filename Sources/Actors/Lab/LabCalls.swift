/// The per-request entries into the lab's actors, made once per run (see `LabCall`).
struct LabCalls {
    let accept = LabCall<ClusterActor, AttemptTicket, Bool>(ClusterActor.accept)
    let admit = LabCall<BreakerActor, Void, Bool>(BreakerActor.admit)
    let record = LabCall<BreakerActor, Bool, Void>(BreakerActor.record)
    let strike = LabCall<ChaosActor, Int32, ChaosEffect>(ChaosActor.strike)
    let openSession = LabCall<ClusterActor, (Int64, Int32, Int64), Void>(ClusterActor.openSession)
}

extension ClusterActor {
    static func accept(_ cluster: isolated ClusterActor, _ ticket: AttemptTicket) -> Bool { cluster.accept(ticket) }
    static func openSession(_ cluster: isolated ClusterActor, _ a: (Int64, Int32, Int64)) {
        cluster.openSession(request: a.0, template: a.1, parameter: a.2)
    }
}

extension BreakerActor {
    static func admit(_ breaker: isolated BreakerActor, _: Void) -> Bool { breaker.admit() }
    static func record(_ breaker: isolated BreakerActor, _ success: Bool) { breaker.record(success: success) }
}

extension ChaosActor {
    static func strike(_ chaos: isolated ChaosActor, _ cluster: Int32) -> ChaosEffect { chaos.strike(cluster) }
}
