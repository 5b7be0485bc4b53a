import Scenarios

/// A cluster of mock backends. Each backend serves up to `concurrency` attempts at once and
/// queues the rest in FIFO order; a new attempt goes to the backend with the fewest outstanding
/// (serving + queued), ties to the lowest index. Service times come from the cluster's latency
/// distribution; after service, `errorRate` of answers carry `errorStatus`. A WebSocket
/// cluster also runs the sessions its handshakes open (see `WebSocketSessions`).
public actor ClusterActor: LabActor {
    struct Backend {
        var serving: Int32 = 0
        var waiting = FIFOQueue<AttemptTicket>()
        var outstanding: Int { Int(serving) + waiting.count }
    }

    /// An answer leaving a backend.
    struct Answer {
        var ticket: AttemptTicket
        var backend: Int32
        var status: Int16
        var outcome: Outcome
    }

    nonisolated let kernel: LabKernel
    public nonisolated let index: Int32
    public nonisolated let spec: ClusterSpec
    @exclusivity(unchecked) private var backends: [Backend]
    @exclusivity(unchecked) var sampler: Sampler
    @exclusivity(unchecked) var rng: SeededGenerator
    @exclusivity(unchecked) var sessions: WebSocketSessions
    private let concurrency: Int32
    private let queueLimit: Int
    private let answers: [TemplateAnswer]
    private let holds: Bool
    private let errorStatus: Int16
    private let errorRate: Double
    let calls = LabCalls()

    init(kernel: LabKernel, index: Int32, spec: ClusterSpec, templates: [RequestTemplate], chaos: ChaosActor) {
        self.kernel = kernel
        self.index = index
        self.spec = spec
        backends = Array(repeating: Backend(), count: spec.backends)
        sampler = Sampler(spec.latency)
        rng = kernel.generator("cluster:\(spec.name)")
        sessions = WebSocketSessions(cluster: spec, templates: templates, chaos: chaos)
        concurrency = Int32(spec.concurrency)
        queueLimit = spec.queueLimit ?? Int.max
        answers = TemplateAnswer.table(for: spec, templates: templates)
        holds = answers.contains { $0.hold > 0 }
        errorStatus = Int16(spec.errorStatus)
        errorRate = spec.errorRate
    }

    public nonisolated var unownedExecutor: UnownedSerialExecutor { kernel.executor.asUnownedSerialExecutor() }

    /// Attempts held (serving or queued) across all backends.
    public var outstanding: Int { backends.reduce(0) { $0 + $1.outstanding } }

    /// WebSocket sessions open on this cluster.
    public var openSessions: Int { sessions.count }

    /// Takes an attempt: starts serving it, or queues it. Returns false when the chosen backend's
    /// queue is full (the caller answers 503 at once).
    func accept(_ ticket: AttemptTicket) -> Bool {
        var chosen = 0
        var fewest = backends[0].outstanding
        var i = 1
        while i < backends.count {
            let outstanding = backends[i].outstanding
            if outstanding < fewest { fewest = outstanding; chosen = i }
            i += 1
        }
        if backends[chosen].serving < concurrency {
            backends[chosen].serving += 1
            startService(ticket, backend: chosen)
            return true
        }
        guard backends[chosen].waiting.count < queueLimit else { return false }
        backends[chosen].waiting.append(ticket)
        return true
    }

    private func startService(_ ticket: AttemptTicket, backend: Int) {
        var serviceTime = sampler.draw(&rng)
        if holds { serviceTime += answers[Int(ticket.template)].hold }
        kernel.queue.schedule(at: kernel.now + serviceTime, .serviceDone, a: index, b: Int32(backend), c: ticket.packed, d: ticket.serial)
    }

    /// A backend finished serving; its next queued attempt starts. Returns the answer.
    func finishService(backend: Int32, ticket: AttemptTicket) -> Answer {
        let b = Int(backend)
        if let next = backends[b].waiting.popFirst() {
            startService(next, backend: b)
        } else {
            backends[b].serving -= 1
        }
        if errorRate > 0 && rng.nextUnit() < errorRate {
            return Answer(ticket: ticket, backend: backend, status: errorStatus, outcome: errorStatus >= 500 ? .internalError : .ok)
        }
        let status = answers[Int(ticket.template)].status
        return Answer(ticket: ticket, backend: backend, status: status, outcome: status >= 500 ? .internalError : .ok)
    }
}
