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
    @exclusivity(unchecked) private var transcripts: SessionTranscripts

    /// A request in flight: what its exchange rows repeat. Plain values, no allocation per request.
    struct PendingRequest {
        var route: Int32
        var template: Int32
        var parameter: Int64
        var arrivedAt: Int64
        var lastSentAt: Int64 = 0
        var lastAttempt: UInt8 = 0
        var lastWindow: Int32 = -1
    }

    /// The latest answered attempt, held until the next event tells whether it became the
    /// client's answer: the router concludes an attempt in the same step, so a `requestCompleted`
    /// for the same request is the next event (breaker transitions aside) exactly when it did.
    @exclusivity(unchecked) private var held: ExchangeRecord?

    init(executor: ThreadExecutor, writer: RecordingWriter, payloads: PayloadRenderer) {
        self.executor = executor
        self.writer = writer
        self.payloads = payloads
        transcripts = SessionTranscripts(clusters: payloads.scenario.clusters, templates: payloads.templates)
        footer = Mutex(nil)
    }

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    nonisolated func setFooter(_ value: RecordingFooter) { footer.withLock { $0 = value } }

    /// Writes every batch until the stream ends, then finishes the file.
    func record(_ batches: AsyncStream<[LabEvent]>) async -> RecordingOutcome {
        for await batch in batches where failure == nil {
            do { try write(batch) } catch { failure = "\(error)" }
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
        }
        return RecordingOutcome(path: writer.path, rows: writer.rowsWritten, error: failure)
    }

    private func write(_ batch: [LabEvent]) throws {
        for e in batch {
            if held != nil && e.kind != .breakerTransition {
                held!.final = e.kind == .requestCompleted && e.request == held!.requestID
                try writer.write(held!)
                held = nil
            }
            switch e.kind {
            case .requestArrived:
                pending[e.request] = PendingRequest(route: e.subject, template: e.detail, parameter: e.value, arrivedAt: e.time)
            case .attemptSent:
                pending[e.request]?.lastSentAt = e.time
                pending[e.request]?.lastAttempt = e.attempt
                pending[e.request]?.lastWindow = e.detail - 1
            case .attemptAnswered, .attemptTimedOut:
                if let request = pending[e.request] {
                    let window = request.lastAttempt == e.attempt ? request.lastWindow : -1
                    held = try exchange(e, request, window: window)
                    if e.kind == .attemptTimedOut { late[lateKey(e)] = request }
                } else if let request = late.removeValue(forKey: lateKey(e)) {
                    try writer.write(try exchange(e, request, window: -1))
                }
            case .requestCompleted:
                guard let request = pending.removeValue(forKey: e.request) else { continue }
                if e.status == 101 {
                    transcripts.handshakeSucceeded(request: e.request, template: Int(request.template), parameter: request.parameter)
                }
                guard e.attempt == 0 else { continue }
                let outcome = Outcome(rawValue: e.detail) ?? .circuitBreaker
                let wire = try payloads.render(cluster: nil, template: Int(request.template), parameter: request.parameter,
                                               status: Int(e.status), outcome: outcome, writer: writer)
                try writer.write(ExchangeRecord(requestID: e.request, attempt: 0, route: Int(request.route), template: Int(request.template),
                                                parameter: request.parameter, arrivedAt: request.arrivedAt, sentAt: nil, answeredAt: e.time,
                                                cluster: nil, status: Int(e.status), outcome: Int(e.detail), chaosWindow: nil, final: true,
                                                wireStatus: wire.wireStatus, protocolStatus: wire.protocolStatus, bodyID: wire.bodyID))
            case .sessionMessage:
                if let line = transcripts.message(e) {
                    try writer.writeWebSocketMessage(request: e.request, cluster: Int(e.subject), at: e.time,
                                                     direction: line.direction, kind: line.kind, text: line.text)
                }
            case .sessionClosed:
                transcripts.closed(e)
                let closedBy = WebSocketSessions.Initiator(rawValue: e.detail).map { "\($0)" } ?? "\(e.detail)"
                try writer.writeWebSocketSession(request: e.request, cluster: Int(e.subject), closedAt: e.time,
                                                 code: Int(UInt16(bitPattern: e.status)), closedBy: closedBy, length: e.value)
            case .breakerTransition:
                let from = BreakerState(rawValue: UInt8(e.detail >> 8)) ?? .closed
                let to = BreakerState(rawValue: UInt8(e.detail & 0xFF)) ?? .closed
                try writer.writeBreakerTransition(at: e.time, cluster: Int(e.subject), from: from.description, to: to.description)
            case .chaosBegan:
                try writer.writeChaos(at: e.time, window: Int(e.subject), phase: "began")
            case .chaosEnded:
                try writer.writeChaos(at: e.time, window: Int(e.subject), phase: "ended")
            }
        }
    }

    private func lateKey(_ e: LabEvent) -> Int64 { e.request << 8 | Int64(e.attempt) }

    private func exchange(_ e: LabEvent, _ request: PendingRequest, window: Int32) throws -> ExchangeRecord {
        let wire = try payloads.render(cluster: Int(e.subject), template: Int(request.template), parameter: request.parameter,
                                       status: Int(e.status), outcome: Outcome(rawValue: e.detail) ?? .internalError, writer: writer)
        return ExchangeRecord(requestID: e.request, attempt: Int(e.attempt), route: Int(request.route), template: Int(request.template),
                              parameter: request.parameter, arrivedAt: request.arrivedAt, sentAt: e.time - e.value, answeredAt: e.time,
                              cluster: Int(e.subject), status: Int(e.status), outcome: Int(e.detail),
                              chaosWindow: window >= 0 ? Int(window) : nil, final: false,
                              wireStatus: wire.wireStatus, protocolStatus: wire.protocolStatus, bodyID: wire.bodyID)
    }

    /// The last held answer is written at the end; attempts still in flight have no answer to record.
    private func flushUnfinished() throws {
        if let row = held { try writer.write(row) }
        held = nil
    }
}
