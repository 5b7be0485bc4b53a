import Recorder
import Scenarios
import Synchronization

/// What the lab hands the recorder after the last batch: the run's fingerprint.
struct RecordingFooter: Sendable {
    var virtualNanoseconds: Int64
    var traceHash: String
    var events: Int
}

/// What a recording came to.
public struct RecordingOutcome: Sendable {
    public var path: String
    public var rows: Int
    /// Set when writing failed; the rows before the failure are kept, and the recording is marked incomplete.
    public var error: String?
}

/// The flight recorder: turns the trace into rows (every exchange, breaker transition and chaos
/// window) and writes them to SQLite. It runs on its own thread, fed batches over an `AsyncStream`,
/// so writing costs the simulation nothing but the hand-over.
public actor RecorderActor {
    private nonisolated let executor: ThreadExecutor
    private let writer: RecordingWriter
    @exclusivity(unchecked) private var pending: [Int64: PendingRequest] = [:]
    /// Requests whose attempt timed out, kept until the late answer comes: (request, attempt) → request.
    @exclusivity(unchecked) private var late: [Int64: PendingRequest] = [:]
    @exclusivity(unchecked) private var failure: String?
    private let footer: Mutex<RecordingFooter?>
    @exclusivity(unchecked) private var payloads: PayloadRenderer
    /// The texts of WebSocket messages, as the sessions sent them; nil when the run has no sessions.
    private let texts: SessionTextLog?
    /// Texts taken from `texts` and not yet written: the next one is the next message event's.
    @exclusivity(unchecked) private var unread: [String] = []
    @exclusivity(unchecked) private var read = 0

    /// A request in flight: what its exchange rows repeat, and the answer of its latest attempt,
    /// held until the router says whether it was the client's. Plain values, no allocation per request.
    struct PendingRequest {
        var route: Int32
        var template: Int32
        var parameter: Int64
        var arrivedAt: Int64
        var lastAttempt: UInt8 = 0
        var lastWindow: Int32 = -1
        var held: ExchangeRecord?
        /// A hedge went out: attempts overlap, and the answer held at completion is the one the client got.
        var hedged = false
    }

    init(executor: ThreadExecutor, writer: RecordingWriter, payloads: PayloadRenderer, texts: SessionTextLog?) {
        self.executor = executor
        self.writer = writer
        self.payloads = payloads
        self.texts = texts
        footer = Mutex(nil)
    }

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    nonisolated func setFooter(_ value: RecordingFooter) { footer.withLock { $0 = value } }

    /// Writes every batch until the stream ends, then finishes the file.
    func record(_ batches: AsyncStream<[LabEvent]>, credits: BatchCredits) async -> RecordingOutcome {
        for await batch in batches {
            if failure == nil {
                do { try write(batch) } catch { failure = "\(error)" }
            } else {
                _ = texts?.take()
            }
            credits.give()
        }
        if failure == nil {
            do {
                try flushUnfinished()
                if let footer = footer.withLock({ $0 }) {
                    try writer.finish(virtualNanoseconds: footer.virtualNanoseconds, traceHash: footer.traceHash, events: footer.events)
                } else {
                    try writer.finishIncomplete()
                }
            } catch {
                failure = "\(error)"
            }
        } else {
            // A failed row does not abort the open transaction: commit what was written before it,
            // marked incomplete, rather than let closing the file roll it back.
            try? writer.finishIncomplete()
        }
        return RecordingOutcome(path: writer.path, rows: writer.rowsWritten, error: failure)
    }

    /// Rows are written in the order their finality is known: an attempt's answer is held with
    /// its request until the router either sends another attempt (so it was not the client's) or
    /// completes the request, whose `attempts` names the attempt whose answer the client got.
    private func write(_ batch: [LabEvent]) throws {
        for e in batch {
            switch e.view {
            case .requestArrived(let route, let request, let template, let parameter):
                pending[request] = PendingRequest(route: route, template: template, parameter: parameter, arrivedAt: e.time)
            case .attemptSent(_, let request, let attempt, let window):
                guard var known = pending[request] else { continue }
                if var row = known.held {
                    row.final = false
                    try writer.write(row)
                    known.held = nil
                }
                known.lastAttempt = attempt
                known.lastWindow = window ?? -1
                if e.hedged { known.hedged = true }
                pending[request] = known
            case .attemptAnswered(let answer):
                try answered(e, cluster: answer.cluster, request: answer.request, attempt: answer.attempt, status: answer.status,
                             outcome: answer.outcome, latency: answer.latency, late: answer.late, timedOut: false)
            case .attemptTimedOut(let cluster, let request, let attempt, let latency, let hung):
                // A hung attempt never answers: nothing to keep for a late answer.
                try answered(e, cluster: cluster, request: request, attempt: attempt, status: 504, outcome: .timeout,
                             latency: latency, late: false, timedOut: !hung)
            case .requestCompleted(let completion):
                guard let request = pending.removeValue(forKey: completion.request) else { continue }
                var answeredByAnAttempt = false
                if var row = request.held {
                    // The held answer is the client's when it is what the client got: the router may
                    // instead have answered itself (a retry's pool overflow, the deadline during a
                    // back-off or a wait for a connection).
                    row.final = completion.attempts > 0 && (request.hedged || row.attempt == Int(completion.attempts) - 1)
                        && row.status == Int(completion.status) && row.outcome == Int(completion.outcome.rawValue)
                    answeredByAnAttempt = row.final
                    try writer.write(row)
                }
                if answeredByAnAttempt { continue }
                let wire = try payloads.render(cluster: nil, template: Int(request.template), parameter: request.parameter,
                                               status: Int(completion.status), outcome: completion.outcome, writer: writer)
                try writer.write(ExchangeRecord(requestID: completion.request, attempt: Int(completion.attempts), route: Int(request.route), template: Int(request.template),
                                                parameter: request.parameter, arrivedAt: request.arrivedAt, sentAt: nil, answeredAt: e.time,
                                                cluster: nil, status: Int(completion.status), outcome: Int(completion.outcome.rawValue),
                                                chaosWindow: nil, final: true,
                                                wireStatus: wire.wireStatus, protocolStatus: wire.protocolStatus, bodyID: wire.bodyID))
            case .sessionMessage(let cluster, let request, let kind, _):
                let (direction, name) = Self.transcriptKind(kind)
                try writer.writeWebSocketMessage(request: request, cluster: Int(cluster), at: e.time,
                                                 direction: direction, kind: name, text: try nextText())
            case .sessionClosed(let cluster, let request, let code, let initiator, let length):
                try writer.writeWebSocketSession(request: request, cluster: Int(cluster), closedAt: e.time,
                                                 code: Int(code), closedBy: "\(initiator)", length: length)
            case .breakerTransition(let cluster, let from, let to):
                try writer.writeBreakerTransition(at: e.time, cluster: Int(cluster), from: from.description, to: to.description)
            case .chaosBegan(let window, _):
                try writer.writeChaos(at: e.time, window: Int(window), phase: "began")
            case .chaosEnded(let window, _):
                try writer.writeChaos(at: e.time, window: Int(window), phase: "ended")
            case .breakerOperation(let cluster, let operation, let refused):
                var wait: Int64?
                if case .transitionToOpenFor(let w) = operation { wait = w }
                try writer.writeBreakerOperation(at: e.time, cluster: Int(cluster), operation: operation.name, wait: wait,
                                                 refused: refused?.description)
            case .modeSwitched(let cluster, let mode, let entry):
                let modes = payloads.scenario.modes
                try writer.writeModeSwitch(at: e.time, cluster: cluster >= 0 ? Int(cluster) : nil, mode: mode.name,
                                           entry: entry >= 0 ? Int(entry) : nil,
                                           preset: entry >= 0 && Int(entry) < modes.count ? modes[Int(entry)].preset : nil)
            case .attemptCancelled(let cluster, let request, let attempt, let latency):
                // A hedge that lost: its row says so at the instant it was given up.
                guard let known = pending[request] else { continue }
                let window = known.lastAttempt == attempt ? known.lastWindow : -1
                try writer.write(try exchange(e, known, cluster: cluster, request: request, attempt: attempt, status: 499, outcome: .cancelled,
                                              latency: latency, window: window))
            case .backendEjected(let cluster, let backend, let reason, let ejections, let until):
                try writer.writeBackendEjection(at: e.time, cluster: Int(cluster), backend: Int(backend), event: "ejected",
                                                reason: reason.label, ejections: Int(ejections), until: until)
            case .backendReturned(let cluster, let backend):
                try writer.writeBackendEjection(at: e.time, cluster: Int(cluster), backend: Int(backend), event: "returned",
                                                reason: nil, ejections: nil, until: nil)
            }
        }
    }

    /// An attempt's answer or timeout, held with its request; a late answer (after its attempt's
    /// deadline) was never the client's and is written at once, with the window that struck its attempt.
    private func answered(_ e: LabEvent, cluster: Int32, request id: Int64, attempt: UInt8, status: Int16, outcome: Outcome,
                          latency: Int64, late isLate: Bool, timedOut: Bool) throws {
        let key = id << 8 | Int64(attempt)
        if isLate {
            guard let request = late.removeValue(forKey: key) else { return }
            try writer.write(try exchange(e, request, cluster: cluster, request: id, attempt: attempt, status: status, outcome: outcome,
                                          latency: latency, window: request.lastWindow))
            return
        }
        guard var request = pending[id] else { return }
        if var earlier = request.held {
            earlier.final = false
            try writer.write(earlier)
            request.held = nil
        }
        let window = request.lastAttempt == attempt ? request.lastWindow : -1
        request.held = try exchange(e, request, cluster: cluster, request: id, attempt: attempt, status: status, outcome: outcome,
                                    latency: latency, window: window)
        if timedOut {
            var kept = request
            kept.held = nil
            late[key] = kept
        }
        pending[id] = request
    }

    private func exchange(_ e: LabEvent, _ request: PendingRequest, cluster: Int32, request id: Int64, attempt: UInt8, status: Int16,
                          outcome: Outcome, latency: Int64, window: Int32) throws -> ExchangeRecord {
        let wire = try payloads.render(cluster: Int(cluster), template: Int(request.template), parameter: request.parameter,
                                       status: Int(status), outcome: outcome, window: window, writer: writer)
        return ExchangeRecord(requestID: id, attempt: Int(attempt), route: Int(request.route), template: Int(request.template),
                              parameter: request.parameter, arrivedAt: request.arrivedAt, sentAt: e.time - latency, answeredAt: e.time,
                              cluster: Int(cluster), status: Int(status), outcome: Int(outcome.rawValue),
                              chaosWindow: window >= 0 ? Int(window) : nil, final: false,
                              wireStatus: wire.wireStatus, protocolStatus: wire.protocolStatus, bodyID: wire.bodyID)
    }

    /// The text of the next message event: the sessions appended it before emitting the event,
    /// so it is in the log by the time the event's batch arrives.
    private func nextText() throws(MissingSessionText) -> String {
        if read == unread.count {
            unread = texts?.take() ?? []
            read = 0
        }
        guard read < unread.count else { throw MissingSessionText() }
        defer { read += 1 }
        return unread[read]
    }

    /// How `ws_messages` names a message event: its direction and kind.
    static func transcriptKind(_ kind: SessionMessageKind) -> (direction: String, kind: String) {
        switch kind {
        case .clientDelivered: return ("in", "message")
        case .clientDropped: return ("in", "dropped")
        case .serverReply: return ("out", "reply")
        case .serverPush: return ("out", "push")
        case .serverOnConnect: return ("out", "connect")
        }
    }

    /// Answers still held at the end (a run halted inside a request) are written as not final;
    /// attempts still in flight have no answer to record.
    private func flushUnfinished() throws {
        for id in pending.keys.sorted() {
            if let row = pending[id]?.held { try writer.write(row) }
        }
        pending.removeAll()
    }
}

/// A message event came without its text: the sessions and the recorder disagree on the order.
struct MissingSessionText: Error, CustomStringConvertible {
    var description: String { "a WebSocket message event has no text in the session log" }
}
