/// The per-request entries into the lab's actors: each a closure with an `isolated` actor
/// parameter, cast once to the same closure without the `isolated` (see `LabActor.swift`, "Entered
/// synchronously"). The cast goes through a pair of plain structs that hold the two function types:
/// casting the function values themselves would pass them through `unsafeBitCast`'s generic
/// parameter and leave a reabstraction thunk on every call (measured: ~25 instructions per call).
struct LabCalls {
    let accept = unsafeBitCast(IsolatedEntry.Accept(call: { cluster, ticket in cluster.accept(ticket) }), to: PlainEntry.Accept.self).call
    let admit = unsafeBitCast(IsolatedEntry.Admit(call: { breaker in breaker.admit() }), to: PlainEntry.Admit.self).call
    let record = unsafeBitCast(IsolatedEntry.Record(call: { breaker, result in breaker.record(result) }),
                               to: PlainEntry.Record.self).call
    let strike = unsafeBitCast(IsolatedEntry.Strike(call: { chaos, cluster, template in chaos.strike(cluster, template) }),
                               to: PlainEntry.Strike.self).call
    let strikeBackend = unsafeBitCast(IsolatedEntry.StrikeBackend(call: { chaos, cluster, backend, template in
        chaos.strikeBackend(cluster, backend, template)
    }), to: PlainEntry.StrikeBackend.self).call
    let openSession = unsafeBitCast(IsolatedEntry.OpenSession(call: { cluster, request, template, parameter in
        cluster.openSession(request: request, template: template, parameter: parameter)
    }), to: PlainEntry.OpenSession.self).call
    let answered = unsafeBitCast(IsolatedEntry.Answered(call: { router, answer in RouterActor.answered(router, answer) }), to: PlainEntry.Answered.self).call

    /// The timer handler of an actor, from its isolated `fire`.
    static func timerHandler(_ fire: @escaping (isolated RouterActor, TimerToken) -> Void) -> TimerHandler {
        unsafeBitCast(IsolatedEntry.RouterTimer(call: fire), to: PlainEntry.Timer.self).call
    }

    static func timerHandler(_ fire: @escaping (isolated ClusterActor, TimerToken) -> Void) -> TimerHandler {
        unsafeBitCast(IsolatedEntry.ClusterTimer(call: fire), to: PlainEntry.Timer.self).call
    }

    static func timerHandler(_ fire: @escaping (isolated BreakerActor, TimerToken) -> Void) -> TimerHandler {
        unsafeBitCast(IsolatedEntry.BreakerTimer(call: fire), to: PlainEntry.Timer.self).call
    }

    static func timerHandler(_ fire: @escaping (isolated ChaosActor, TimerToken) -> Void) -> TimerHandler {
        unsafeBitCast(IsolatedEntry.ChaosTimer(call: fire), to: PlainEntry.Timer.self).call
    }
}

/// The entries as the actors declare them.
private enum IsolatedEntry {
    struct Accept { let call: (isolated ClusterActor, AttemptTicket) -> Bool }
    struct Admit { let call: (isolated BreakerActor) -> Admission }
    struct Record { let call: (isolated BreakerActor, BreakerActor.AttemptResult) -> Void }
    struct Strike { let call: (isolated ChaosActor, Int32, Int32) -> ChaosEffect }
    struct StrikeBackend { let call: (isolated ChaosActor, Int32, Int32, Int32) -> ChaosEffect }
    struct OpenSession { let call: (isolated ClusterActor, Int64, Int32, Int64) -> Void }
    struct Answered { let call: (isolated RouterActor, TransportAnswer) -> Void }
    struct RouterTimer { let call: (isolated RouterActor, TimerToken) -> Void }
    struct ClusterTimer { let call: (isolated ClusterActor, TimerToken) -> Void }
    struct ChaosTimer { let call: (isolated ChaosActor, TimerToken) -> Void }
    struct BreakerTimer { let call: (isolated BreakerActor, TimerToken) -> Void }
}

/// The same entries, called from the lab's thread without a hop (an actor reference and an
/// `AnyObject` are the same single pointer, so a timer handler takes any owner).
private enum PlainEntry {
    struct Accept { let call: (ClusterActor, AttemptTicket) -> Bool }
    struct Admit { let call: (BreakerActor) -> Admission }
    struct Record { let call: (BreakerActor, BreakerActor.AttemptResult) -> Void }
    struct Strike { let call: (ChaosActor, Int32, Int32) -> ChaosEffect }
    struct StrikeBackend { let call: (ChaosActor, Int32, Int32, Int32) -> ChaosEffect }
    struct OpenSession { let call: (ClusterActor, Int64, Int32, Int64) -> Void }
    struct Answered { let call: (RouterActor, TransportAnswer) -> Void }
    struct Timer { let call: TimerHandler }
}
