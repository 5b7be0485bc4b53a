import Scenarios

/// Front door of the lab: generates the traffic, matches each request to its route, asks the
/// route's balancer for a cluster whose breaker admits the call, lets chaos strike, hands the
/// attempt to the cluster, and on the answer decides between retrying and answering the client.
/// Front door of the lab: generates the traffic, matches each request to its route, asks the
/// route's balancer for a cluster whose breaker admits the call, asks chaos for its verdict, hands
/// the attempt to the transport, and on the answer decides between retrying and answering the client.
actor RouterActor: LabActor {
    /// The timers of this actor, as their tokens carry them.
    enum Timer {
        /// The next arrival of a traffic source.
        case arrival(source: Int32)
        /// An attempt's deadline.
        case deadline(attemptSlot: Int32, serial: Int64)

        init(_ token: TimerToken) {
            self = token.tag == 0 ? .arrival(source: token.a) : .deadline(attemptSlot: token.a, serial: token.d)
        }

        var token: TimerToken {
            switch self {
            case .arrival(let source): return TimerToken(tag: 0, a: source)
            case .deadline(let slot, let serial): return TimerToken(tag: 1, a: slot, d: serial)
            }
        }
    }

    struct Route {
        let spec: RouteSpec
        /// Global cluster index per position.
        let clusters: [Int32]
        /// The breaker guarding each position's cluster (the lab holds every breaker for the run).
        let breakers: [Unmanaged<BreakerActor>]
        let retryServerErrors: Bool
        let retryTimeouts: Bool
        let timeout: Int64?
    }

    /// What changes as requests come and go: one value behind one unchecked property.
    struct State {
        var routes: [Route]
        var sources: [TrafficSource]
        let requests = Slab<RequestState>()
        let attempts = Slab<AttemptState>()
        var nextRequestID: Int64 = 0
        var nextSerial: Int64 = 0
        /// Attempts sent and not yet answered, per cluster (this router's view of load).
        var outstanding: [Int]
        var owner: TimerOwnerID?
    }

    nonisolated let timeline: TimelineCore
    @exclusivity(unchecked) private var state: State
    /// Per route; apart from `state` because a pick reads the load in `state` while it moves.
    @exclusivity(unchecked) private var balancers: [Balancer]
    private let transport: any AttemptTransport
    private let breakers: [BreakerActor]
    /// Per template: whether a 101 answer opens a WebSocket session.
    private let opensSession: [Bool]
    private let chaos: ChaosActor
    private let limit: InFlightLimit
    private let clusterNames: [String]
    private let calls = LabCalls()

    /// Traffic stops arriving at `end`, the run's last instant.
    init(timeline: TimelineCore, scenario: Scenario, templates: [RequestTemplateRef], end: Int64, transport: any AttemptTransport,
         breakers: [BreakerActor], chaos: ChaosActor, streams: SeededStreams, limit: InFlightLimit) {
        self.timeline = timeline
        self.transport = transport
        self.breakers = breakers
        self.chaos = chaos
        self.limit = limit
        clusterNames = scenario.clusters.map(\.name)
        opensSession = templates.map { if case .websocket = $0.template.kind { return true } else { return false } }
        let routes = scenario.routes.map { spec in
            let clusters = spec.clusters.map { Int32(scenario.clusterIndex(named: $0)!) }
            return Route(spec: spec, clusters: clusters, breakers: clusters.map { Unmanaged.passUnretained(breakers[Int($0)]) },
                  retryServerErrors: spec.retry.on.contains(.serverError),
                  retryTimeouts: spec.retry.on.contains(.timeout),
                  timeout: spec.timeout?.nanoseconds)
        }
        let sources = scenario.traffic.enumerated().map { i, spec in
            let entries = templates.filter { $0.source == i }
            return TrafficSource(spec: spec, routes: entries.map(\.route), templates: entries.map(\.index),
                                 rng: streams.generator("traffic:\(spec.name)"), runEnd: end)
        }
        balancers = scenario.routes.map { spec in
            Balancer(kind: spec.balancer, count: spec.clusters.count, weights: spec.weights, rng: streams.generator("balancer:\(spec.name)"))
        }
        state = State(routes: routes, sources: sources, outstanding: Array(repeating: 0, count: scenario.clusters.count))
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { timeline.executor.asUnownedSerialExecutor() }

    /// Requests in flight.
    var inFlight: Int { state.requests.liveCount }

    /// Registers the router's timers, starts the transport and schedules every source's first arrival.
    func start() {
        state.owner = timeline.register(self, LabCalls.timerHandler { router, token in RouterActor.fire(router, token) })
        transport.start(answering: self)
        for i in state.sources.indices {
            if let first = state.sources[i].nextArrival(after: nil) { schedule(.arrival(source: Int32(i)), at: first) }
        }
    }

    private static func fire(_ router: isolated RouterActor, _ token: TimerToken) {
        switch Timer(token) {
        case .arrival(let source): router.arrive(source: source)
        case .deadline(let slot, let serial): router.deadline(attemptSlot: slot, serial: serial)
        }
    }

    /// The entry a transport calls with each answer.
    static func answered(_ router: isolated RouterActor, _ answer: TransportAnswer) { router.answered(answer) }

    @inline(__always)
    private func schedule(_ timer: Timer, at time: Int64) {
        timeline.schedule(at: time, owner: state.owner.unsafelyUnwrapped, token: timer.token)
    }

    // MARK: Arrivals

    private func arrive(source index: Int32) {
        let s = Int(index)
        let now = timeline.now
        if let next = state.sources[s].nextArrival(after: now) { schedule(.arrival(source: index), at: next) }
        let (entry, parameter) = state.sources[s].drawRequest()
        let route = state.sources[s].routes[entry]
        let template = state.sources[s].templates[entry]
        let id = state.nextRequestID
        state.nextRequestID += 1
        timeline.emit(.requestArrived(at: now, route: route, request: id, template: template, parameter: parameter))
        let slot = state.requests.insert(RequestState(id: id, arrivedAt: now, parameter: parameter, route: route,
                                                      template: template, attempts: 0, tried: 0, lastStatus: 0, lastOutcome: .ok))
        if state.requests.liveCount > limit.requests { overloaded() }
        dispatch(slot)
    }

    /// Too many requests in flight: the run ends here, naming the cluster they pile up at.
    private func overloaded() {
        var busiest = 0
        for c in state.outstanding.indices where state.outstanding[c] > state.outstanding[busiest] { busiest = c }
        timeline.halt(.overloaded(inFlight: max(state.requests.liveCount, state.attempts.liveCount), limit: limit.requests, at: timeline.now,
                                       cluster: clusterNames.isEmpty ? "" : clusterNames[busiest],
                                       outstanding: state.outstanding.isEmpty ? 0 : state.outstanding[busiest]))
    }

    // MARK: Attempts

    private func dispatch(_ slot: Int32) {
        let request = state.requests[slot]
        let r = Int(request.route)
        var admissionTicket: UInt64 = 0
        let picked = balancers[r].pick(
            tried: request.tried,
            outstanding: { self.state.outstanding[Int(self.state.routes[r].clusters[$0])] },
            admit: {
                let admission = self.calls.admit(self.state.routes[r].breakers[$0].takeUnretainedValue())
                admissionTicket = admission.ticket
                return admission.admitted
            })
        guard let position = picked else {
            if request.attempts == 0 {
                complete(slot, status: 503, outcome: .circuitBreaker)
            } else {
                complete(slot, status: request.lastStatus, outcome: request.lastOutcome)
            }
            return
        }
        let cluster = state.routes[r].clusters[position]
        let now = timeline.now
        let number = request.attempts
        state.requests[slot].attempts += 1
        state.requests[slot].tried |= 1 << position
        let effect = calls.strike(chaos, cluster, request.template)
        let serial = state.nextSerial
        state.nextSerial += 1
        let attemptSlot = state.attempts.insert(AttemptState(request: slot, requestID: request.id, serial: serial, sentAt: now, cluster: cluster,
                                                             position: Int32(position), number: number, ticket: admissionTicket,
                                                             timedOut: false, hung: effect.hang))
        state.outstanding[Int(cluster)] += 1
        // Timed-out attempts wait for their late answers after their requests completed: they count too.
        if state.attempts.liveCount > limit.requests { overloaded() }
        timeline.emit(.attemptSent(at: now, cluster: cluster, request: request.id, attempt: number, chaosWindow: effect.window))
        if let timeout = state.routes[r].timeout {
            schedule(.deadline(attemptSlot: attemptSlot, serial: serial), at: now + timeout)
        }
        let ticket = AttemptTicket(slot: attemptSlot, chaosStatus: effect.status, template: UInt16(request.template), serial: serial)
        transport.send(ticket, to: cluster, effect: effect)
    }

    /// An attempt's answer from the transport (possibly late, after its deadline).
    private func answered(_ answer: TransportAnswer) {
        let attemptSlot = answer.ticket.slot
        let attempt = state.attempts[attemptSlot]
        guard attempt.serial == answer.ticket.serial else { return }
        let cluster = answer.cluster
        state.outstanding[Int(cluster)] -= 1
        let status = answer.status
        let outcome = answer.outcome
        let now = timeline.now
        timeline.emit(.attemptAnswered(at: now, AttemptAnswerView(cluster: cluster, request: attempt.requestID, attempt: attempt.number,
                                                                   status: status, outcome: outcome, latency: now - attempt.sentAt,
                                                                   late: attempt.timedOut)))
        state.attempts.remove(attemptSlot)
        state.attempts[attemptSlot].serial = -1
        if attempt.timedOut { return }
        calls.record(breakers[Int(cluster)], BreakerActor.AttemptResult(status: status, outcome: outcome, duration: now - attempt.sentAt,
                                                                        ticket: attempt.ticket))
        let request = state.requests[attempt.request]
        conclude(attempt.request, status: status, outcome: outcome,
                 retryable: status >= 500 && state.routes[Int(request.route)].retryServerErrors)
        if status == 101 && opensSession[Int(request.template)] {
            transport.openSession(on: cluster, request: request.id, template: request.template, parameter: request.parameter)
        }
    }

    /// An attempt's deadline: if it is still unanswered, it fails with 504 and the request moves on.
    private func deadline(attemptSlot: Int32, serial: Int64) {
        let attempt = state.attempts[attemptSlot]
        guard attempt.serial == serial, !attempt.timedOut else { return }
        let now = timeline.now
        let request = state.requests[attempt.request]
        timeline.emit(.attemptTimedOut(at: now, cluster: attempt.cluster, request: request.id, attempt: attempt.number,
                                       latency: now - attempt.sentAt, hung: attempt.hung))
        calls.record(breakers[Int(attempt.cluster)], BreakerActor.AttemptResult(status: 504, outcome: .timeout, duration: now - attempt.sentAt,
                                                                                ticket: attempt.ticket))
        if attempt.hung {
            state.outstanding[Int(attempt.cluster)] -= 1
            state.attempts.remove(attemptSlot)
            state.attempts[attemptSlot].serial = -1
        } else {
            state.attempts[attemptSlot].timedOut = true
        }
        conclude(attempt.request, status: 504, outcome: .timeout, retryable: state.routes[Int(request.route)].retryTimeouts)
    }

    private func conclude(_ slot: Int32, status: Int16, outcome: Outcome, retryable: Bool) {
        state.requests[slot].lastStatus = status
        state.requests[slot].lastOutcome = outcome
        let request = state.requests[slot]
        if retryable && Int(request.attempts) <= state.routes[Int(request.route)].spec.retry.attempts {
            dispatch(slot)
        } else {
            complete(slot, status: status, outcome: outcome)
        }
    }

    private func complete(_ slot: Int32, status: Int16, outcome: Outcome) {
        let request = state.requests[slot]
        let now = timeline.now
        timeline.emit(.requestCompleted(at: now, RequestCompletionView(route: request.route, request: request.id, attempts: request.attempts,
                                                                       status: status, outcome: outcome, latency: now - request.arrivedAt)))
        state.requests.remove(slot)
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
