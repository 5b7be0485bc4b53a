import Scenarios

/// A cluster of mock backends. Each backend serves up to `concurrency` attempts at once and
/// queues the rest in FIFO order; a new attempt goes to the backend with the fewest outstanding
/// (serving + queued), ties to the lowest index. Service times come from the cluster's latency
/// distribution; after service, `errorRate` of answers carry `errorStatus`, and the answers `fail` names
/// carry its status. A WebSocket
/// cluster also runs the sessions its handshakes open (see `WebSocketSessions`).
///
/// A cluster with a `balancer` other than least-outstanding chooses by it, and one with `outlier`
/// detection feeds the detector every answer of its backends and skips those ejected (see
/// `BackendChoice` and `ClusterActor+Outlier.swift`); without either the choice above is unchanged.
actor ClusterActor: LabActor {
    /// An answer leaving a backend.
    struct Answer {
        var ticket: AttemptTicket
        var backend: Int32
        var status: Int16
        var outcome: Outcome
    }

    /// The timers of this actor, as their tokens carry them.
    enum Timer {
        /// A backend finishes serving an attempt.
        case serviceDone(backend: Int32, ticket: AttemptTicket)
        /// A WebSocket session takes its next step (`WebSocketSessions.Step` in the low byte, its argument above).
        case sessionStep(request: Int64, word: Int64)
        /// Outlier detection's interval sweep.
        case outlierSweep

        init(_ token: TimerToken) {
            switch token.tag {
            case 0:
                var ticket = AttemptTicket(packed: token.c, serial: token.d)
                ticket.key = UInt32(bitPattern: token.b)
                self = .serviceDone(backend: token.a, ticket: ticket)
            case 1: self = .sessionStep(request: token.c, word: token.d)
            default: self = .outlierSweep
            }
        }

        var token: TimerToken {
            switch self {
            case .serviceDone(let backend, let ticket):
                return TimerToken(tag: 0, a: backend, b: Int32(bitPattern: ticket.key), c: ticket.packed, d: ticket.serial)
            case .sessionStep(let request, let word): return TimerToken(tag: 1, c: request, d: word)
            case .outlierSweep: return TimerToken(tag: 2)
            }
        }
    }

    /// What changes as attempts come and go: one value behind one unchecked property.
    struct Backend {
        var serving: Int32 = 0
        var waiting = FIFOQueue<AttemptTicket>()
        var outstanding: Int { Int(serving) + waiting.count }
    }

    struct State {
        var backends: [Backend]
        /// Kept only for clusters of more than `LeastLoaded.scanLimit` backends; smaller ones scan.
        var load: LeastLoaded?
        var sampler: Sampler
        var rng: SeededGenerator
        var sessions: WebSocketSessions
        var owner: TimerOwnerID?
        /// Where answers go: the transport that delivered the attempts.
        var transport: Unmanaged<SimulatedTransport>?
        /// Answers given so far (counted only for scripted failures).
        var answers = 0
        /// The balancer and the backends it may choose (used only when `choosing`).
        var choice: BackendChoice
        /// The cluster's outlier detection, when its spec has `outlier`.
        var outlier: OutlierDetector?
        /// When each held attempt was accepted, for the outlier latency rule only.
        var acceptTimes: AcceptTimes?

        /// One draw from the cluster's latency distribution.
        @inline(__always)
        mutating func serviceTime() -> Int64 { sampler.draw(&rng) }
    }

    nonisolated let timeline: TimelineCore
    nonisolated let index: Int32
    nonisolated let spec: ClusterSpec
    @exclusivity(unchecked) var state: State
    private let concurrency: Int32
    private let queueLimit: Int
    private let answers: [TemplateAnswer]
    private let holds: Bool
    private let errorStatus: Int16
    private let errorRate: Double
    private let fail: ScriptedFailures?
    /// Chaos's verdicts on attempts in flight and the modes' stretch of service times.
    let chaosLedger: ChaosLedger
    /// Whether a chaos window strikes one of this cluster's backends (see `ClusterActor+Chaos.swift`).
    let strikesBackends: Bool
    let calls = LabCalls()
    /// Whether the backend is chosen by `state.choice` (a balancer other than least-outstanding, or
    /// outlier detection) rather than by the plain least-outstanding choice.
    let choosing: Bool
    /// Whether outlier detection watches this cluster's answers.
    let observes: Bool

    init(timeline: TimelineCore, index: Int32, spec: ClusterSpec, templates: [RequestTemplate], chaos: ChaosActor, streams: SeededStreams) {
        self.timeline = timeline
        self.index = index
        self.spec = spec
        let balancer = spec.balancer ?? .leastOutstanding
        state = State(backends: Array(repeating: Backend(), count: spec.backends),
                      load: spec.backends > LeastLoaded.scanLimit ? LeastLoaded(count: spec.backends) : nil,
                      sampler: Sampler(spec.latency), rng: streams.generator("cluster:\(spec.name)"),
                      sessions: WebSocketSessions(cluster: spec, templates: templates, chaos: chaos),
                      choice: BackendChoice(balancer: balancer, cluster: spec.name, backends: spec.backends,
                                            tracksEjections: spec.outlier != nil, streams: streams),
                      outlier: spec.outlier.map { OutlierDetector(spec: $0, backends: spec.backends, generator: streams.generator("outlier:\(spec.name)")) },
                      acceptTimes: spec.outlier?.latency == nil ? nil : AcceptTimes())
        choosing = balancer != .leastOutstanding || spec.outlier != nil
        observes = spec.outlier != nil
        concurrency = Int32(spec.concurrency)
        queueLimit = spec.queueLimit ?? Int.max
        answers = TemplateAnswer.table(for: spec, templates: templates)
        holds = answers.contains { $0.hold > 0 }
        errorStatus = Int16(spec.errorStatus)
        errorRate = spec.errorRate
        fail = spec.fail
        chaosLedger = chaos.ledger
        strikesBackends = chaos.strikesBackends[Int(index)]
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { timeline.executor.asUnownedSerialExecutor() }

    /// Registers this cluster's timers; its answers go back to `transport`.
    func start(transport: SimulatedTransport) {
        state.owner = timeline.register(self, LabCalls.timerHandler { cluster, token in ClusterActor.fire(cluster, token) })
        state.transport = Unmanaged.passUnretained(transport)
        if let outlier = spec.outlier { schedule(.outlierSweep, at: timeline.now + outlier.interval) }
    }

    private static func fire(_ cluster: isolated ClusterActor, _ token: TimerToken) {
        switch Timer(token) {
        case .serviceDone(let backend, let ticket): let answer = cluster.finishService(backend: backend, ticket: ticket)
            if cluster.observes { cluster.observeServed(answer) }
            cluster.state.transport.unsafelyUnwrapped.takeUnretainedValue().backendAnswered(answer, cluster: cluster.index)
        case .sessionStep(let request, let word): cluster.sessionStep(request: request, word: word)
        case .outlierSweep: cluster.sweep()
        }
    }

    @inline(__always)
    func schedule(_ timer: Timer, at time: Int64) {
        timeline.schedule(at: time, owner: state.owner.unsafelyUnwrapped, token: timer.token)
    }

    /// Attempts held (serving or queued) across all backends.
    var outstanding: Int { state.backends.reduce(0) { $0 + $1.outstanding } }

    /// WebSocket sessions open on this cluster.
    var openSessions: Int { state.sessions.count }

    /// Takes an attempt: starts serving it, or queues it. Returns false when the chosen backend's
    /// queue is full (the caller answers 503 at once).
    func accept(_ ticket: AttemptTicket) -> Bool {
        let chosen = choosing ? chooseBackend(key: ticket.key) : leastLoaded()
        var ticket = ticket
        if strikesBackends && strikeBackend(&ticket, backend: chosen) { return true }
        if state.backends[chosen].serving < concurrency {
            if state.acceptTimes != nil { ticket.key = state.acceptTimes!.take(timeline.now) }
            state.backends[chosen].serving += 1
            state.load?.increment(chosen)
            startService(ticket, backend: chosen)
            return true
        }
        guard state.backends[chosen].waiting.count < queueLimit else {
            if observes { observe(backend: chosen, status: 503, gatewayFailure: false, latency: 0) }
            return false
        }
        if state.acceptTimes != nil { ticket.key = state.acceptTimes!.take(timeline.now) }
        state.backends[chosen].waiting.append(ticket)
        state.load?.increment(chosen)
        return true
    }

    /// The backend with the fewest outstanding attempts, ties to the lowest index: a scan of a
    /// few backends, the heap's top for many.
    @inline(__always)
    func leastLoaded() -> Int {
        if let load = state.load { return load.least }
        var chosen = 0
        var fewest = state.backends[0].outstanding
        var i = 1
        while i < state.backends.count {
            let outstanding = state.backends[i].outstanding
            if outstanding < fewest { fewest = outstanding; chosen = i }
            i += 1
        }
        return chosen
    }

    @inline(__always)
    private func startService(_ ticket: AttemptTicket, backend: Int) {
        var serviceTime = stretched(state.serviceTime())
        if ticket.chaosStatus < 0 { serviceTime = chaosServiceTime(serviceTime, ticket) }
        if holds { serviceTime += answers[Int(ticket.template)].hold }
        schedule(.serviceDone(backend: Int32(backend), ticket: ticket), at: timeline.now + serviceTime)
    }

    /// A backend finished serving; its next queued attempt starts. Returns the answer.
    private func finishService(backend: Int32, ticket: AttemptTicket) -> Answer {
        let b = Int(backend)
        state.load?.decrement(b)
        if let next = state.backends[b].waiting.popFirst() {
            startService(next, backend: b)
        } else {
            state.backends[b].serving -= 1
        }
        let drawnError = errorRate > 0 && state.rng.nextUnit() < errorRate
        if let fail {
            state.answers += 1
            if fail.fails(answer: state.answers) {
                return Answer(ticket: ticket, backend: backend, status: Int16(fail.status), outcome: fail.status >= 500 ? .internalError : .ok)
            }
        }
        if drawnError {
            return Answer(ticket: ticket, backend: backend, status: errorStatus, outcome: errorStatus >= 500 ? .internalError : .ok)
        }
        let status = answers[Int(ticket.template)].status
        return Answer(ticket: ticket, backend: backend, status: status, outcome: status >= 500 ? .internalError : .ok)
    }
}
