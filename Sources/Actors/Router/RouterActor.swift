import Scenarios

/// Front door of the lab: generates the traffic, matches each request to its route, passes the
/// route's rate limit and cache, asks the route's balancer for a cluster whose breaker admits the
/// call and whose pool has room, asks chaos for its verdict, hands the attempt to the transport,
/// and on each answer decides between waiting for a hedge, retrying and answering the client.
///
/// Every decision is made on the virtual clock from the lab's seeded streams; the transport may
/// answer within `send`, so each path finishes its bookkeeping before it sends.
actor RouterActor: LabActor {
    /// The timers of this actor, as their tokens carry them. A request's timers carry its id:
    /// one that fires after the request completed finds another id (or none) in the slot.
    enum Timer {
        /// The next arrival of a traffic source.
        case arrival(source: Int32)
        /// An attempt's per-try deadline.
        case attemptDeadline(attemptSlot: Int32, serial: Int64)
        /// The whole request's deadline.
        case requestDeadline(requestSlot: Int32, id: Int64)
        /// A retry's back-off is over.
        case retryDue(requestSlot: Int32, id: Int64)
        /// The next hedged attempt is due, `delay` after the request's `sent`-th attempt went out.
        case hedgeDue(requestSlot: Int32, id: Int64, sent: Int32)
        /// The head of one of the fixed-length timer queues is due (`DueQueues`).
        case queueDue(queue: Int32)

        init(_ token: TimerToken) {
            switch token.tag {
            case 0: self = .arrival(source: token.a)
            case 1: self = .attemptDeadline(attemptSlot: token.a, serial: token.d)
            case 2: self = .requestDeadline(requestSlot: token.a, id: token.d)
            case 3: self = .retryDue(requestSlot: token.a, id: token.d)
            case 4: self = .hedgeDue(requestSlot: token.a, id: token.d, sent: token.b)
            default: self = .queueDue(queue: token.a)
            }
        }

        var token: TimerToken {
            switch self {
            case .arrival(let source): return TimerToken(tag: 0, a: source)
            case .attemptDeadline(let slot, let serial): return TimerToken(tag: 1, a: slot, d: serial)
            case .requestDeadline(let slot, let id): return TimerToken(tag: 2, a: slot, d: id)
            case .retryDue(let slot, let id): return TimerToken(tag: 3, a: slot, d: id)
            case .hedgeDue(let slot, let id, let sent): return TimerToken(tag: 4, a: slot, b: sent, d: id)
            case .queueDue(let queue): return TimerToken(tag: 5, a: queue)
            }
        }
    }

    /// What changes as requests come and go: one value behind one unchecked property.
    struct State {
        var routes: [CompiledRoute]
        /// `routes[i].rules`, kept apart as plain values for the hot path.
        let rules: [RouteRules]
        /// Every route's clusters and breakers in one flat table, read without touching the routes.
        let targets: RouteTargets
        var sources: [TrafficSource]
        let requests = Slab<RequestState>()
        let attempts = Slab<AttemptState>()
        var nextRequestID: Int64 = 0
        var nextSerial: Int64 = 0
        /// Attempts sent and not yet answered, per cluster (this router's view of load).
        var outstanding: [Int]
        var guards: RouteGuards
        var due: DueQueues
        var owner: TimerOwnerID?
    }

    nonisolated let timeline: TimelineCore
    @exclusivity(unchecked) var state: State
    /// Per route; apart from `state` because a pick reads the load in `state` while it moves.
    @exclusivity(unchecked) private var balancers: [Balancer]
    let transport: any AttemptTransport
    let breakers: [BreakerActor]
    /// Per template: whether a 101 answer opens a WebSocket session.
    private let opensSession: [Bool]
    private let chaos: ChaosActor
    private let limit: InFlightLimit
    private let clusterNames: [String]
    /// Per cluster: whether its backend balancer hashes requests (ring hash, Maglev).
    private let hashesBackends: [Bool]
    let calls = LabCalls()

    /// Traffic stops arriving at `end`, the run's last instant.
    init(timeline: TimelineCore, scenario: Scenario, templates: [RequestTemplateRef], end: Int64, transport: any AttemptTransport,
         breakers: [BreakerActor], chaos: ChaosActor, streams: SeededStreams, limit: InFlightLimit) {
        self.timeline = timeline
        self.transport = transport
        self.breakers = breakers
        self.chaos = chaos
        self.limit = limit
        clusterNames = scenario.clusters.map(\.name)
        hashesBackends = scenario.clusters.map { $0.balancer?.kind == .ringHash || $0.balancer?.kind == .maglev }
        opensSession = templates.map { if case .websocket = $0.template.kind { return true } else { return false } }
        let routes = scenario.routes.map { CompiledRoute(spec: $0, scenario: scenario, templates: templates, breakers: breakers) }
        let sources = scenario.traffic.enumerated().map { i, spec in
            let entries = templates.filter { $0.source == i }
            return TrafficSource(spec: spec, routes: entries.map(\.route), templates: entries.map(\.index),
                                 rng: streams.generator("traffic:\(spec.name)"), runEnd: end)
        }
        // Each balancer takes its keys, rings, tables and tiers now, so no pick pays for them.
        let templateList = BalancerSetup.templates(of: sources)
        balancers = zip(scenario.routes, routes).map { spec, route in
            var balancer = Balancer(kind: spec.balancer, count: spec.clusters.count, weights: spec.weights, rng: streams.generator("balancer:\(spec.name)"))
            balancer.prepare(BalancerSetup(route: spec, clusterNames: route.clusters.map { scenario.clusters[Int($0)].name }, templates: templateList))
            return balancer
        }
        state = State(routes: routes, rules: routes.map(\.rules), targets: RouteTargets(routes), sources: sources, outstanding: Array(repeating: 0, count: scenario.clusters.count),
                      guards: RouteGuards(scenario: scenario, streams: streams), due: DueQueues(routes: scenario.routes.count))
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
        router.handle(Timer(token))
    }

    private func handle(_ timer: Timer) {
        switch timer {
        case .arrival(let source): arrive(source: source)
        case .attemptDeadline(let slot, let serial): attemptDeadline(attemptSlot: slot, serial: serial)
        case .requestDeadline(let slot, let id): requestDeadline(requestSlot: slot, id: id)
        case .retryDue(let slot, let id): if state.requests[slot].id == id { dispatch(slot, kind: .retry) }
        case .hedgeDue(let slot, let id, let sent): hedgeDue(requestSlot: slot, id: id, sent: sent)
        case .queueDue(let queue): queueDue(Int(queue))
        }
    }

    /// Handles every timer of the queue due now, then arms the queue for its next head.
    private func queueDue(_ q: Int) {
        let now = timeline.now
        while let timer = state.due.popDue(queue: q, now: now) { handle(timer) }
        if let next = state.due.rearm(queue: q) { schedule(.queueDue(queue: Int32(q)), at: next) }
    }

    /// Sets a fixed-length timer of route `r`.
    @inline(__always)
    func setFixed(_ timer: Timer, at due: Int64, route r: Int, _ kind: DueQueues.Kind) {
        let q = DueQueues.index(route: r, kind)
        if state.due.add(timer, at: due, queue: q) { schedule(.queueDue(queue: Int32(q)), at: due) }
    }

    /// The entry a transport calls with each answer.
    static func answered(_ router: isolated RouterActor, _ answer: TransportAnswer) { router.answered(answer) }

    @inline(__always)
    func schedule(_ timer: Timer, at time: Int64) {
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
        state.guards.active[Int(route)] += 1
        if state.guards.guardsTheDoor[Int(route)], let answer = state.guards.answerAtTheDoor(route: Int(route), state.routes[Int(route)], template: template,
                                                     parameter: parameter, now: now) {
            return complete(slot, status: answer.status, outcome: answer.outcome)
        }
        // The deadline runs from the arrival, whether the first attempt goes out now or waits in a pool.
        if let deadline = state.rules[Int(route)].deadline {
            setFixed(.requestDeadline(requestSlot: slot, id: id), at: now + deadline, route: Int(route), .deadline)
        }
        dispatch(slot, kind: .first)
    }

    /// Too many requests in flight: the run ends here, naming the cluster they pile up at.
    func overloaded() {
        var busiest = 0
        for c in state.outstanding.indices where state.outstanding[c] > state.outstanding[busiest] { busiest = c }
        timeline.halt(.overloaded(inFlight: max(state.requests.liveCount, state.attempts.liveCount), limit: limit.requests, at: timeline.now,
                                       cluster: clusterNames.isEmpty ? "" : clusterNames[busiest],
                                       outstanding: state.outstanding.isEmpty ? 0 : state.outstanding[busiest]))
    }

    // MARK: Attempts

    /// Picks a cluster for the request's next attempt and sends it, queues it in the cluster's
    /// pool, or answers the client when no cluster will take it.
    func dispatch(_ slot: Int32, kind: AttemptKind) {
        let request = state.requests[slot]
        let r = Int(request.route)
        let route = state.rules[r]
        if kind == .retry, let budget = route.budget,
           !budget.allows(activeRequests: state.guards.active[r], activeRetries: state.guards.activeRetries[r]) {
            return give(slot, up: request)
        }
        var admissionTicket: UInt64 = 0
        var position = pick(request, route: r, tried: kind == .retry && route.sameCluster ? 0 : request.tried) { admissionTicket = $0 }
        if position == nil && kind == .hedge {
            position = pick(request, route: r, tried: 0) { admissionTicket = $0 }
        }
        guard let position else {
            if kind == .hedge { return }
            return request.attempts == 0 ? complete(slot, status: 503, outcome: .circuitBreaker) : give(slot, up: request)
        }
        let cluster = state.targets.cluster(route: r, position: position)
        if kind == .retry && !state.guards.startRetry(route: r, cluster: Int(cluster)) {
            abandonTicket(admissionTicket, cluster: cluster)
            return give(slot, up: request)
        }
        switch state.guards.admitToPool(cluster: Int(cluster)) {
        case .proceed:
            send(slot, position: Int32(position), cluster: cluster, ticket: admissionTicket, kind: kind)
        case .pend:
            state.requests[slot].pendingCluster = cluster
            state.guards.pend(PendingAttempt(request: slot, requestID: request.id, position: Int32(position),
                                             ticket: admissionTicket, kind: kind), cluster: Int(cluster))
        case .overflow:
            if kind == .retry { state.guards.retryFinished(route: r, cluster: Int(cluster)) }
            abandonTicket(admissionTicket, cluster: cluster)
            if kind == .hedge { return }
            complete(slot, status: 503, outcome: .overflow)
        }
    }

    /// The balancer's choice among `tried`'s complement; `ticket` receives the admitting breaker's ticket.
    private func pick(_ request: RequestState, route r: Int, tried: UInt64, ticket: (UInt64) -> Void) -> Int? {
        balancers[r].pick(
            tried: tried,
            key: balancers[r].kind.hashesRequests ? balancers[r].hash(template: request.template, parameter: request.parameter, requestID: request.id) : nil,
            now: timeline.now,
            outstanding: { self.state.outstanding[Int(self.state.targets.cluster(route: r, position: $0))] },
            admit: {
                let admission = self.calls.admit(self.state.targets.breaker(route: r, position: $0))
                ticket(admission.ticket)
                return admission.admitted
            })
    }

    /// Sends an attempt that holds its place in the cluster's pool (if any) and its breaker's admission.
    func send(_ slot: Int32, position: Int32, cluster: Int32, ticket admissionTicket: UInt64, kind: AttemptKind) {
        let request = state.requests[slot]
        let r = Int(request.route)
        let now = timeline.now
        let number = request.attempts
        state.requests[slot].attempts += 1
        state.requests[slot].tried |= 1 << position
        if kind == .hedge { state.requests[slot].hedges += 1 }
        let effect = calls.strike(chaos, cluster, request.template)
        let serial = state.nextSerial
        state.nextSerial += 1
        let attemptSlot = state.attempts.insert(AttemptState(request: slot, requestID: request.id, serial: serial, sentAt: now, cluster: cluster,
                                                             position: position, number: number, ticket: admissionTicket,
                                                             timedOut: false, hung: effect.hang, kind: kind))
        state.requests[slot].addLive(attemptSlot)
        state.outstanding[Int(cluster)] += 1
        // Timed-out attempts wait for their late answers after their requests completed: they count too.
        if state.attempts.liveCount > limit.requests { overloaded() }
        timeline.emit(.attemptSent(at: now, cluster: cluster, request: request.id, attempt: number, chaosWindow: effect.window,
                                   hedged: kind == .hedge))
        let route = state.rules[r]
        if let perTry = route.perTry {
            setFixed(.attemptDeadline(attemptSlot: attemptSlot, serial: serial), at: now + perTry, route: r, .perTry)
        }
        if let delay = route.hedgeDelay, Int(state.requests[slot].hedges) < route.hedgeMax {
            setFixed(.hedgeDue(requestSlot: slot, id: request.id, sent: Int32(number) + 1), at: now + delay, route: r, .hedge)
        }
        // Only a cluster that hashes its backends reads the key.
        let key = hashesBackends[Int(cluster)] ? balancers[r].ticketKey(template: request.template, parameter: request.parameter, requestID: request.id) : 0
        let attemptTicket = AttemptTicket(slot: attemptSlot, chaosStatus: effect.status, template: UInt16(request.template), serial: serial, key: key)
        transport.send(attemptTicket, to: cluster, effect: effect)
    }

    /// An attempt's answer from the transport (possibly late, after its deadline, or for a
    /// cancelled hedge, which is dropped).
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
        state.requests[attempt.request].removeLive(attemptSlot)
        let retryable = state.rules[Int(request.route)].retryOn.matches(status: Int(status), outcome: outcome)
        if status == 101 && opensSession[Int(request.template)] {
            transport.openSession(on: cluster, request: request.id, template: request.template, parameter: request.parameter)
        }
        endRetry(attempt)
        settle(attempt.request, status: status, outcome: outcome, retryable: retryable)
        // Only now, with the request answered or moved on: handing the connection on may send (and
        // answer) the oldest waiting attempt, which must not be this request's own waiting hedge.
        releaseConnection(cluster: attempt.cluster)
    }

    /// An attempt that was a retry stopped counting against its route's and cluster's retries.
    func endRetry(_ attempt: AttemptState) {
        if attempt.kind == .retry {
            state.guards.retryFinished(route: Int(state.requests[attempt.request].route), cluster: Int(attempt.cluster))
        }
    }

    /// One attempt of a live request ended with this status: answer the client, retry, or wait
    /// for the attempts still out (a hedge in flight may yet succeed).
    func settle(_ slot: Int32, status: Int16, outcome: Outcome, retryable: Bool) {
        guard state.requests[slot].id >= 0 else { return }
        state.requests[slot].lastStatus = status
        state.requests[slot].lastOutcome = outcome
        let request = state.requests[slot]
        guard retryable else { return complete(slot, status: status, outcome: outcome) }
        if request.live > 0 || request.pendingCluster >= 0 { return }
        let route = state.rules[Int(request.route)]
        let retriesSent = Int(request.attempts) - 1 - Int(request.hedges)
        guard retriesSent < route.retries else { return complete(slot, status: status, outcome: outcome) }
        if let backoff = route.backoff {
            let wait = backoff.delay(retry: retriesSent + 1, using: &state.guards.backoffRandom[Int(request.route)])
            schedule(.retryDue(requestSlot: slot, id: request.id), at: timeline.now + wait)
        } else {
            dispatch(slot, kind: .retry)
        }
    }

    /// No further attempt may go out: the client gets what the last attempt got (once nothing is out).
    private func give(_ slot: Int32, up request: RequestState) {
        if request.live > 0 || request.pendingCluster >= 0 { return }
        complete(slot, status: request.lastStatus, outcome: request.lastOutcome)
    }

    /// Answers the client, cancels the attempts still out (hedges that lost) and frees the slot.
    /// The cancellations are traced before the answer, and the connections they held are handed
    /// on only after the slot is free (handing one on may send, and answer, another request).
    func complete(_ slot: Int32, status: Int16, outcome: Outcome) {
        let request = state.requests[slot]
        let now = timeline.now
        let r = Int(request.route)
        // Only a hedging route completes a request with attempts still out.
        var freed: [Int32] = []
        if request.live > 0 { freed = (0..<Int(request.live)).map { cancel(attemptSlot: request.liveSlot($0), route: r, now: now) } }
        timeline.emit(.requestCompleted(at: now, RequestCompletionView(route: request.route, request: request.id, attempts: request.attempts,
                                                                       status: status, outcome: outcome, latency: now - request.arrivedAt)))
        state.guards.active[r] -= 1
        if request.attempts > 0 && state.guards.caching[r] { state.guards.remember(route: r, state.routes[r], request, status: status, outcome: outcome, now: now) }
        state.requests.remove(slot)
        state.requests[slot].id = -1
        if request.pendingCluster >= 0 { abandonPending(request, cluster: request.pendingCluster) }
        for cluster in freed { releaseConnection(cluster: cluster) }
    }

    /// Releases a breaker's admission that no attempt used.
    func abandonTicket(_ ticket: UInt64, cluster: Int32) {
        calls.record(breakers[Int(cluster)], BreakerActor.AttemptResult(status: 0, outcome: .cancelled, duration: 0, ticket: ticket))
    }
}

/// Why an attempt went out: it is the first, a retry after a failure, or a hedge beside others.
enum AttemptKind: UInt8, BitwiseCopyable {
    case first, retry, hedge
}

/// A request template of a traffic source with its route and global index.
struct RequestTemplateRef: Sendable {
    var index: Int32
    var source: Int
    var entry: Int
    var route: Int32
    var template: RequestTemplate
}
