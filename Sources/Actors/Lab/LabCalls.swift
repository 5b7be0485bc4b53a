/// The per-request entries into the lab's actors: each a static function with an `isolated`
/// first parameter, cast once to a plain function of the same shape (see `LabActor`, "entered
/// synchronously"). Concrete function types, so calling one is one indirect call — no
/// reabstraction thunk, no context to retain.
struct LabCalls {
    let accept = unsafeBitCast(ClusterActor.accept as (isolated ClusterActor, AttemptTicket) -> Bool,
                               to: ((ClusterActor, AttemptTicket) -> Bool).self)
    let admit = unsafeBitCast(BreakerActor.admit as (isolated BreakerActor) -> Bool, to: ((BreakerActor) -> Bool).self)
    let record = unsafeBitCast(BreakerActor.record as (isolated BreakerActor, Bool) -> Void, to: ((BreakerActor, Bool) -> Void).self)
    let strike = unsafeBitCast(ChaosActor.strike as (isolated ChaosActor, Int32) -> ChaosEffect,
                               to: ((ChaosActor, Int32) -> ChaosEffect).self)
    let openSession = unsafeBitCast(ClusterActor.openSession as (isolated ClusterActor, Int64, Int32, Int64) -> Void,
                                    to: ((ClusterActor, Int64, Int32, Int64) -> Void).self)
    let answered = unsafeBitCast(RouterActor.answered as (isolated RouterActor, TransportAnswer) -> Void,
                                 to: ((RouterActor, TransportAnswer) -> Void).self)
}

extension ClusterActor {
    static func accept(_ cluster: isolated ClusterActor, _ ticket: AttemptTicket) -> Bool { cluster.accept(ticket) }
    static func openSession(_ cluster: isolated ClusterActor, _ request: Int64, _ template: Int32, _ parameter: Int64) {
        cluster.openSession(request: request, template: template, parameter: parameter)
    }
}

extension BreakerActor {
    static func admit(_ breaker: isolated BreakerActor) -> Bool { breaker.admit() }
    static func record(_ breaker: isolated BreakerActor, _ success: Bool) { breaker.record(success: success) }
}

extension ChaosActor {
    static func strike(_ chaos: isolated ChaosActor, _ cluster: Int32) -> ChaosEffect { chaos.strike(cluster) }
}
