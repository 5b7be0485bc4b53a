import Scenarios

/// Front door of the lab: generates the traffic, matches each request to its route, asks the
/// route's balancer for a cluster whose breaker admits the call, lets chaos strike, hands the
/// attempt to the cluster, and on the answer decides between retrying and answering the client.
public actor RouterActor: LabActor {
    struct Route {
        let spec: RouteSpec
        /// Global cluster index per position.
        let clusters: [Int32]
        var balancer: Balancer
        let retryServerErrors: Bool
        let retryTimeouts: Bool
        let timeout: Int64?
    }

    nonisolated let kernel: LabKernel
    @exclusivity(unchecked) private var routes: [Route]
    @exclusivity(unchecked) private var sources: [TrafficSource]
    @exclusivity(unchecked) private var requests = Slab<RequestState>()
    @exclusivity(unchecked) private var attempts = Slab<AttemptState>()
    @exclusivity(unchecked) private var nextRequestID: Int64 = 0
    @exclusivity(unchecked) private var nextSerial: Int64 = 0
    /// Attempts sent and not yet answered, per cluster (this router's view of load).
    @exclusivity(unchecked) private var outstanding: [Int]
    private let clusters: [ClusterActor]
    private let breakers: [BreakerActor]
    /// Per template: whether a 101 answer opens a WebSocket session.
    private let opensSession: [Bool]
    private let chaos: ChaosActor
    private let calls = LabCalls()

    /// Traffic stops arriving at `end`, the run's last instant.
    init(kernel: LabKernel, scenario: Scenario, templates: [RequestTemplateRef], end: Int64,
         clusters: [ClusterActor], breakers: [BreakerActor], chaos: ChaosActor) {
        self.kernel = kernel
        self.clusters = clusters
        self.breakers = breakers
        self.chaos = chaos
        opensSession = templates.map { if case .websocket = $0.template.kind { return true } else { return false } }
        outstanding = Array(repeating: 0, count: clusters.count)
        routes = scenario.routes.enumerated().map { i, spec in
            Route(spec: spec,
                  clusters: spec.clusters.map { Int32(scenario.clusterIndex(named: $0)!) },
                  balancer: Balancer(kind: spec.balancer, count: spec.clusters.count, weights: spec.weights,
                                     rng: kernel.generator("balancer:\(spec.name)")),
                  retryServerErrors: spec.retry.on.contains(.serverError),
                  retryTimeouts: spec.retry.on.contains(.timeout),
                  timeout: spec.timeout?.nanoseconds)
        }
        sources = scenario.traffic.enumerated().map { i, spec in
            let entries = templates.filter { $0.source == i }
            return TrafficSource(spec: spec, routes: entries.map(\.route), templates: entries.map(\.index),
                                 rng: kernel.generator("traffic:\(i):\(spec.name)"), runEnd: end)
        }
    }

    public nonisolated var unownedExecutor: UnownedSerialExecutor { kernel.executor.asUnownedSerialExecutor() }

    /// Requests in flight.
    public var inFlight: Int { requests.liveCount }

    /// Schedules every source's first arrival.
    func start() {
        for i in sources.indices {
            if let first = sources[i].nextArrival(after: nil) { kernel.queue.schedule(at: first, .arrival, a: Int32(i)) }
        }
    }

    // MARK: Arrivals

    func arrive(source index: Int32) {
        let s = Int(index)
        let now = kernel.now
        if let next = sources[s].nextArrival(after: now) { kernel.queue.schedule(at: next, .arrival, a: index) }
        let (entry, parameter) = sources[s].drawRequest()
        let route = sources[s].routes[entry]
        let id = nextRequestID
        nextRequestID += 1
        kernel.emit(LabEvent(time: now, kind: .requestArrived, subject: route, request: id,
                             detail: sources[s].templates[entry], value: parameter))
        let slot = requests.insert(RequestState(id: id, arrivedAt: now, parameter: parameter, route: route,
                                                template: sources[s].templates[entry], attempts: 0, tried: 0,
                                                lastStatus: 0, lastOutcome: .ok))
        dispatch(slot)
    }

    // MARK: Attempts

    private func dispatch(_ slot: Int32) {
        let request = requests[slot]
        let r = Int(request.route)
        let clusterIndices = routes[r].clusters
        let picked = routes[r].balancer.pick(
            tried: request.tried,
            outstanding: { self.outstanding[Int(clusterIndices[$0])] },
            admit: { self.calls.admit(self.breakers[Int(clusterIndices[$0])], ()) })
        guard let position = picked else {
            if request.attempts == 0 {
                complete(slot, status: 503, outcome: .circuitBreaker)
            } else {
                complete(slot, status: request.lastStatus, outcome: request.lastOutcome)
            }
            return
        }
        let cluster = clusterIndices[position]
        let now = kernel.now
        let number = request.attempts
        requests[slot].attempts += 1
        requests[slot].tried |= 1 << position
        let effect = calls.strike(chaos, cluster)
        let serial = nextSerial
        nextSerial += 1
        let attemptSlot = attempts.insert(AttemptState(request: slot, requestID: request.id, serial: serial, sentAt: now, cluster: cluster,
                                                       position: Int32(position), number: number, timedOut: false, hung: effect.hang))
        outstanding[Int(cluster)] += 1
        kernel.emit(LabEvent(time: now, kind: .attemptSent, subject: cluster, request: request.id, attempt: number,
                             detail: effect.window))
        if let timeout = routes[r].timeout {
            kernel.queue.schedule(at: now + timeout, .deadline, c: Int64(attemptSlot), d: serial)
        }
        if effect.hang { return }
        let ticket = AttemptTicket(slot: attemptSlot, chaosStatus: effect.status, template: UInt16(request.template), serial: serial)
        if effect.extraDelay > 0 {
            kernel.queue.schedule(at: now + effect.extraDelay, .delayedDelivery, a: cluster, c: ticket.packed, d: serial)
        } else {
            deliver(ticket, to: cluster)
        }
    }

    /// Hands an attempt to its cluster; a full queue answers 503 at once.
    func deliver(_ ticket: AttemptTicket, to cluster: Int32) {
        let accepted = calls.accept(clusters[Int(cluster)], ticket)
        if !accepted {
            answered(ClusterActor.Answer(ticket: ticket, backend: -1, status: 503, outcome: .serviceUnavailable), cluster: cluster)
        }
    }

    /// A backend's answer to an attempt (possibly late, after its deadline).
    func answered(_ answer: ClusterActor.Answer, cluster: Int32) {
        let attemptSlot = answer.ticket.slot
        let attempt = attempts[attemptSlot]
        guard attempt.serial == answer.ticket.serial else { return }
        outstanding[Int(cluster)] -= 1
        var status = answer.status
        var outcome = answer.outcome
        if answer.ticket.chaosStatus != 0 {
            status = answer.ticket.chaosStatus
            outcome = .chaos
        }
        let now = kernel.now
        kernel.emit(LabEvent(time: now, kind: .attemptAnswered, subject: cluster, request: attempt.requestID, attempt: attempt.number,
                             status: status, detail: outcome.rawValue, value: now - attempt.sentAt))
        attempts.remove(attemptSlot)
        attempts[attemptSlot].serial = -1
        if attempt.timedOut { return }
        calls.record(breakers[Int(cluster)], status < 500)
        let request = requests[attempt.request]
        conclude(attempt.request, status: status, outcome: outcome, retryable: status >= 500 && routes[Int(request.route)].retryServerErrors)
        if status == 101 && opensSession[Int(request.template)] {
            calls.openSession(clusters[Int(cluster)], (request.id, request.template, request.parameter))
        }
    }

    /// An attempt's deadline: if it is still unanswered, it fails with 504 and the request moves on.
    func deadline(attemptSlot: Int32, serial: Int64) {
        let attempt = attempts[attemptSlot]
        guard attempt.serial == serial, !attempt.timedOut else { return }
        let now = kernel.now
        let request = requests[attempt.request]
        kernel.emit(LabEvent(time: now, kind: .attemptTimedOut, subject: attempt.cluster, request: request.id,
                             attempt: attempt.number, status: 504, detail: Outcome.timeout.rawValue, value: now - attempt.sentAt))
        calls.record(breakers[Int(attempt.cluster)], false)
        if attempt.hung {
            outstanding[Int(attempt.cluster)] -= 1
            attempts.remove(attemptSlot)
            attempts[attemptSlot].serial = -1
        } else {
            attempts[attemptSlot].timedOut = true
        }
        conclude(attempt.request, status: 504, outcome: .timeout, retryable: routes[Int(request.route)].retryTimeouts)
    }

    private func conclude(_ slot: Int32, status: Int16, outcome: Outcome, retryable: Bool) {
        requests[slot].lastStatus = status
        requests[slot].lastOutcome = outcome
        let request = requests[slot]
        if retryable && Int(request.attempts) <= routes[Int(request.route)].spec.retry.attempts {
            dispatch(slot)
        } else {
            complete(slot, status: status, outcome: outcome)
        }
    }

    private func complete(_ slot: Int32, status: Int16, outcome: Outcome) {
        let request = requests[slot]
        let now = kernel.now
        kernel.emit(LabEvent(time: now, kind: .requestCompleted, subject: request.route, request: request.id,
                             attempt: request.attempts, status: status, detail: outcome.rawValue, value: now - request.arrivedAt))
        requests.remove(slot)
    }
}

/// A request template of a traffic source with its route and global index.
struct RequestTemplateRef: Sendable {
    var index: Int32
    var source: Int
    var entry: Int
    var route: Int32
    var template: RequestTemplate
}
