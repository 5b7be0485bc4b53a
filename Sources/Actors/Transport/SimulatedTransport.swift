/// The transport of a headless run: attempts go to the simulated clusters of the same lab, in
/// virtual time. Confined to the lab's executor: it is called from the router's isolated code and
/// from its own timers and its clusters' answers, all on the lab's thread. It is `Sendable` only
/// so those callbacks can hold it.
///
/// It applies chaos's verdict on each attempt: a refusal or a reset answered by the gateway
/// without delivering (at once or after its delay), a hang (no answer ever), a delay before
/// delivery, and on the answer a replaced status or outcome and the delays after it (bandwidth,
/// slow close, slicer) — see `ChaosEffect`.
final class SimulatedTransport: AttemptTransport, @unchecked Sendable {
    /// The timers of this transport, as their tokens carry them.
    enum Timer {
        /// A chaos-delayed attempt reaches its cluster.
        case delayedDelivery(cluster: Int32, ticket: AttemptTicket)
        /// The gateway answers an attempt chaos never delivered (a reset, a timeout's close), or an
        /// answer chaos delayed arrives: `status` and `outcome` packed in `b`.
        case answer(cluster: Int32, ticket: AttemptTicket, status: Int16, outcome: Outcome)

        init(_ token: TimerToken) {
            var ticket = AttemptTicket(packed: token.c, serial: token.d)
            if token.tag == 0 {
                ticket.key = UInt32(bitPattern: token.b)
                self = .delayedDelivery(cluster: token.a, ticket: ticket)
            } else {
                self = .answer(cluster: token.a, ticket: ticket, status: Int16(truncatingIfNeeded: token.b & 0xFFFF),
                               outcome: Outcome(rawValue: token.b >> 16) ?? .reset)
            }
        }

        var token: TimerToken {
            switch self {
            case .delayedDelivery(let cluster, let ticket): return TimerToken(tag: 0, a: cluster, b: Int32(bitPattern: ticket.key), c: ticket.packed, d: ticket.serial)
            case .answer(let cluster, let ticket, let status, let outcome):
                return TimerToken(tag: 1, a: cluster, b: Int32(UInt16(bitPattern: status)) | outcome.rawValue << 16, c: ticket.packed, d: ticket.serial)
            }
        }
    }

    let timeline: TimelineCore
    private let clusters: [ClusterActor]
    private let ledger: ChaosLedger
    private let calls = LabCalls()
    private var owner: TimerOwnerID?
    private var router: Unmanaged<RouterActor>?

    init(timeline: TimelineCore, clusters: [ClusterActor], ledger: ChaosLedger) {
        self.timeline = timeline
        self.clusters = clusters
        self.ledger = ledger
    }

    func start(answering router: RouterActor) {
        self.router = Unmanaged.passUnretained(router)
        owner = timeline.register(self) { transport, token in
            let transport = unsafeDowncast(transport, to: SimulatedTransport.self)
            switch Timer(token) {
            case .delayedDelivery(let cluster, let ticket): transport.deliver(ticket, to: cluster)
            case .answer(let cluster, let ticket, let status, let outcome): transport.reply(ticket, cluster: cluster, status: status, outcome: outcome)
            }
        }
        for cluster in clusters {
            cluster.onLab { $0.start(transport: self) }
        }
    }

    @inline(__always)
    func send(_ ticket: AttemptTicket, to cluster: Int32, effect: ChaosEffect) {
        if effect.hang { return }
        if effect.endStatus != 0 { return end(ticket, cluster: cluster, effect) }
        var ticket = ticket
        if effect.needsLedger {
            ledger.record(ticket.serial, effect)
            ticket.chaosStatus = ChaosLedger.mark
        }
        if effect.extraDelay > 0 {
            timeline.schedule(at: timeline.now + effect.extraDelay, owner: owner.unsafelyUnwrapped,
                              token: Timer.delayedDelivery(cluster: cluster, ticket: ticket).token)
        } else {
            deliver(ticket, to: cluster)
        }
    }

    /// The gateway's answer to an attempt chaos does not deliver: at once, or after the delays.
    private func end(_ ticket: AttemptTicket, cluster: Int32, _ effect: ChaosEffect) {
        let after = effect.extraDelay + effect.endAfter
        if after == 0 { return reply(ticket, cluster: cluster, status: effect.endStatus, outcome: effect.endOutcome) }
        timeline.schedule(at: timeline.now + after, owner: owner.unsafelyUnwrapped,
                          token: Timer.answer(cluster: cluster, ticket: ticket, status: effect.endStatus, outcome: effect.endOutcome).token)
    }

    func openSession(on cluster: Int32, request: Int64, template: Int32, parameter: Int64) {
        calls.openSession(clusters[Int(cluster)], request, template, parameter)
    }

    /// Hands an attempt to its cluster; a full queue answers 503 at once.
    @inline(__always)
    private func deliver(_ ticket: AttemptTicket, to cluster: Int32) {
        if !calls.accept(clusters[Int(cluster)], ticket) {
            var ticket = ticket
            // Nothing was served: what chaos meant for the answer has no answer to act on.
            if ticket.chaosStatus == ChaosLedger.mark { _ = ledger.take(ticket.serial); ticket.chaosStatus = 0 }
            backendAnswered(.init(ticket: ticket, backend: -1, status: 503, outcome: .serviceUnavailable), cluster: cluster)
        }
    }

    /// A backend's answer; a chaos-replaced status wins over it, and chaos may delay it.
    @inline(__always)
    func backendAnswered(_ answer: ClusterActor.Answer, cluster: Int32) {
        var status = answer.status
        var outcome = answer.outcome
        if answer.ticket.chaosStatus > 0 {
            status = answer.ticket.chaosStatus
            outcome = .chaos
        } else if answer.ticket.chaosStatus == ChaosLedger.mark, let entry = ledger.take(answer.ticket.serial) {
            if entry.status != 0 {
                status = entry.status
                outcome = entry.outcome
            } else if let relabel = entry.relabel, outcome == .ok {
                outcome = relabel
            }
            if entry.answerDelay > 0 {
                timeline.schedule(at: timeline.now + entry.answerDelay, owner: owner.unsafelyUnwrapped,
                                  token: Timer.answer(cluster: cluster, ticket: answer.ticket, status: status, outcome: outcome).token)
                return
            }
        }
        reply(answer.ticket, cluster: cluster, status: status, outcome: outcome)
    }

    @inline(__always)
    private func reply(_ ticket: AttemptTicket, cluster: Int32, status: Int16, outcome: Outcome) {
        let reply = TransportAnswer(ticket: ticket, cluster: cluster, status: status, outcome: outcome)
        router.unsafelyUnwrapped._withUnsafeGuaranteedRef { calls.answered($0, reply) }
    }
}
