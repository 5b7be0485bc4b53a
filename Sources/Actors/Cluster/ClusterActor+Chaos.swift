/// Chaos where a cluster hands an attempt to a backend: the faults of windows on that backend
/// (decided here, where the backend is chosen) and the stretch of service times a degraded mode
/// sets (seed 001's `latency_multiplier`).
extension ClusterActor {
    /// Strikes an attempt the cluster gives `backend`: a refusal is answered at once (true: the
    /// attempt is done); any other fault goes into the ledger for the service and the answer.
    func strikeBackend(_ ticket: inout AttemptTicket, backend: Int) -> Bool {
        let effect = calls.strikeBackend(state.sessions.chaos, index, Int32(backend), Int32(ticket.template))
        guard effect.window != nil else { return false }
        if effect.endStatus != 0 && effect.endOutcome == .refused {
            if ticket.chaosStatus == ChaosLedger.mark { _ = chaosLedger.take(ticket.serial) }
            ticket.chaosStatus = 0
            let answer = Answer(ticket: ticket, backend: Int32(backend), status: effect.endStatus, outcome: effect.endOutcome)
            if observes { observe(backend: backend, status: Int(effect.endStatus), gatewayFailure: true, latency: 0) }
            state.transport.unsafelyUnwrapped.takeUnretainedValue().backendAnswered(answer, cluster: index)
            return true
        }
        guard effect.extraDelay != 0 || effect.endStatus != 0 || effect.status != 0 || effect.needsLedger else { return false }
        chaosLedger.merge(ticket.serial, plainStatus: ticket.chaosStatus, effect)
        ticket.chaosStatus = ChaosLedger.mark
        return false
    }

    /// A service time as a backend's faults change it: held for a reset's or a timeout's delay,
    /// or lengthened by a latency.
    @inline(never)
    func chaosServiceTime(_ drawn: Int64, _ ticket: AttemptTicket) -> Int64 {
        guard let entry = chaosLedger.entry(ticket.serial) else { return drawn }
        return entry.service >= 0 ? entry.service : drawn + entry.serviceExtra
    }

    /// A service time stretched by the cluster's mode (1: unchanged).
    @inline(__always)
    func stretched(_ serviceTime: Int64) -> Int64 {
        let scale = chaosLedger.serviceScale[Int(index)]
        return scale == 1 ? serviceTime : Int64((Double(serviceTime) * scale).rounded())
    }
}
