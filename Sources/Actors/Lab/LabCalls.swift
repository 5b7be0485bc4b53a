/// The per-request entries into the lab's actors, made once per run (see `LabCall`).
struct LabCalls {
    let arrive = LabCall<RouterActor, Int32, Void>(RouterActor.arrive)
    let answered = LabCall<RouterActor, (ClusterActor.Answer, Int32), Void>(RouterActor.answered)
    let deadline = LabCall<RouterActor, (Int32, Int64), Void>(RouterActor.deadline)
    let deliver = LabCall<RouterActor, (AttemptTicket, Int32), Void>(RouterActor.deliver)
    let accept = LabCall<ClusterActor, AttemptTicket, Bool>(ClusterActor.accept)
    let finishService = LabCall<ClusterActor, (Int32, AttemptTicket), ClusterActor.Answer>(ClusterActor.finishService)
    let admit = LabCall<BreakerActor, Void, Bool>(BreakerActor.admit)
    let record = LabCall<BreakerActor, Bool, Void>(BreakerActor.record)
    let strike = LabCall<ChaosActor, Int32, ChaosEffect>(ChaosActor.strike)
    let openSession = LabCall<ClusterActor, (Int64, Int32, Int64), Void>(ClusterActor.openSession)
    let sessionStep = LabCall<ClusterActor, (Int64, Int64), Void>(ClusterActor.sessionStep)
}

extension RouterActor {
    static func arrive(_ router: isolated RouterActor, _ source: Int32) { router.arrive(source: source) }
    static func answered(_ router: isolated RouterActor, _ a: (ClusterActor.Answer, Int32)) { router.answered(a.0, cluster: a.1) }
    static func deadline(_ router: isolated RouterActor, _ a: (Int32, Int64)) { router.deadline(attemptSlot: a.0, serial: a.1) }
    static func deliver(_ router: isolated RouterActor, _ a: (AttemptTicket, Int32)) { router.deliver(a.0, to: a.1) }
}

extension ClusterActor {
    static func accept(_ cluster: isolated ClusterActor, _ ticket: AttemptTicket) -> Bool { cluster.accept(ticket) }
    static func openSession(_ cluster: isolated ClusterActor, _ a: (Int64, Int32, Int64)) {
        cluster.openSession(request: a.0, template: a.1, parameter: a.2)
    }
    static func sessionStep(_ cluster: isolated ClusterActor, _ a: (Int64, Int64)) { cluster.sessionStep(request: a.0, word: a.1) }
    static func finishService(_ cluster: isolated ClusterActor, _ a: (Int32, AttemptTicket)) -> Answer {
        cluster.finishService(backend: a.0, ticket: a.1)
    }
}

extension BreakerActor {
    static func admit(_ breaker: isolated BreakerActor, _: Void) -> Bool { breaker.admit() }
    static func record(_ breaker: isolated BreakerActor, _ success: Bool) { breaker.record(success: success) }
}

extension ChaosActor {
    static func strike(_ chaos: isolated ChaosActor, _ cluster: Int32) -> ChaosEffect { chaos.strike(cluster) }
}
