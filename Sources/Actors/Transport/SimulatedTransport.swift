/// The transport of a headless run: attempts go to the simulated clusters of the same lab, in
/// virtual time. Confined to the lab's executor: it is called from the router's isolated code and
/// from its own timers and its clusters' answers, all on the lab's thread. It is `Sendable` only
/// so those callbacks can hold it.
final class SimulatedTransport: AttemptTransport, @unchecked Sendable {
    /// The timers of this transport, as their tokens carry them.
    enum Timer {
        /// A chaos-delayed attempt reaches its cluster.
        case delayedDelivery(cluster: Int32, ticket: AttemptTicket)

        init(_ token: TimerToken) { self = .delayedDelivery(cluster: token.a, ticket: AttemptTicket(packed: token.c, serial: token.d)) }

        var token: TimerToken {
            switch self {
            case .delayedDelivery(let cluster, let ticket): return TimerToken(tag: 0, a: cluster, c: ticket.packed, d: ticket.serial)
            }
        }
    }

    let timeline: TimelineCore
    private let clusters: [ClusterActor]
    private let calls = LabCalls()
    private var owner: TimerOwnerID?
    private var router: Unmanaged<RouterActor>?

    init(timeline: TimelineCore, clusters: [ClusterActor]) {
        self.timeline = timeline
        self.clusters = clusters
    }

    func start(answering router: RouterActor) {
        self.router = Unmanaged.passUnretained(router)
        owner = timeline.register(self) { transport, token in
            switch Timer(token) {
            case .delayedDelivery(let cluster, let ticket): unsafeDowncast(transport, to: SimulatedTransport.self).deliver(ticket, to: cluster)
            }
        }
        for cluster in clusters {
            cluster.onLab { $0.start(transport: self) }
        }
    }

    @inline(__always)
    func send(_ ticket: AttemptTicket, to cluster: Int32, effect: ChaosEffect) {
        if effect.hang { return }
        if effect.extraDelay > 0 {
            timeline.schedule(at: timeline.now + effect.extraDelay, owner: owner.unsafelyUnwrapped,
                              token: Timer.delayedDelivery(cluster: cluster, ticket: ticket).token)
        } else {
            deliver(ticket, to: cluster)
        }
    }

    func openSession(on cluster: Int32, request: Int64, template: Int32, parameter: Int64) {
        calls.openSession(clusters[Int(cluster)], request, template, parameter)
    }

    /// Hands an attempt to its cluster; a full queue answers 503 at once.
    @inline(__always)
    private func deliver(_ ticket: AttemptTicket, to cluster: Int32) {
        if !calls.accept(clusters[Int(cluster)], ticket) {
            backendAnswered(.init(ticket: ticket, backend: -1, status: 503, outcome: .serviceUnavailable), cluster: cluster)
        }
    }

    /// A backend's answer; a chaos-replaced status wins over it.
    @inline(__always)
    func backendAnswered(_ answer: ClusterActor.Answer, cluster: Int32) {
        var reply = TransportAnswer(ticket: answer.ticket, cluster: cluster, status: answer.status, outcome: answer.outcome)
        if answer.ticket.chaosStatus != 0 {
            reply.status = answer.ticket.chaosStatus
            reply.outcome = .chaos
        }
        router.unsafelyUnwrapped._withUnsafeGuaranteedRef { calls.answered($0, reply) }
    }
}
