/// An answer to an attempt, as the transport hands it back to the router.
struct TransportAnswer {
    var ticket: AttemptTicket
    var cluster: Int32
    var status: Int16
    var outcome: Outcome
}

/// The far side of the router's single exit and entry: where an attempt goes, with chaos's
/// verdict on it, and whence its answer comes back. The simulated clusters of a headless run are
/// one transport; the daemon's live backends and a socket client are others. The transport
/// applies the chaos effects — a delay before the attempt arrives, a hang (no answer ever), a
/// replaced answer — so every transport fails the same way under the same chaos.
protocol AttemptTransport: AnyObject {
    /// Registers the transport's timers; every answer goes to `router`, on the lab's thread.
    func start(answering router: RouterActor)

    /// Sends an attempt to a cluster. An attempt a cluster cannot take is answered at once.
    func send(_ ticket: AttemptTicket, to cluster: Int32, effect: ChaosEffect)

    /// A WebSocket handshake the client accepted (its 101 was the request's answer): the session
    /// on that cluster begins.
    func openSession(on cluster: Int32, request: Int64, template: Int32, parameter: Int64)
}
