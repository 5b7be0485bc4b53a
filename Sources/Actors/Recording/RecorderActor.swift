import Protocols
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
    private let templates: [PathTemplate]
    private let templateRoutes: [Int32]
    private var pending: [Int64: PendingRequest] = [:]
    /// Requests whose attempt timed out, kept until the late answer comes: (request, attempt) → request.
    private var late: [Int64: PendingRequest] = [:]
    private var failure: String?
    private let footer: Mutex<RecordingFooter?>

    struct PendingRequest {
        var route: Int
        var template: Int
        var path: String
        var arrivedAt: Int64
        var sent: [(attempt: Int, at: Int64, window: Int?)] = []
        var answered: [ExchangeRecord] = []
    }

    init(executor: ThreadExecutor, writer: RecordingWriter, templates: [RequestTemplateRef]) {
        self.executor = executor
        self.writer = writer
        self.templates = templates.map { PathTemplate($0.template.path) }
        templateRoutes = templates.map(\.route)
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
                }
            } catch {
                failure = "\(error)"
            }
        }
        return RecordingOutcome(path: writer.path, rows: writer.rowsWritten, error: failure)
    }

    private func write(_ batch: [LabEvent]) throws {
        for e in batch {
            switch e.kind {
            case .requestArrived:
                let t = Int(e.detail)
                pending[e.request] = PendingRequest(route: Int(e.subject), template: t, path: templates[t].render(id: e.value), arrivedAt: e.time)
            case .attemptSent:
                pending[e.request]?.sent.append((Int(e.attempt), e.time, e.detail > 0 ? Int(e.detail) - 1 : nil))
            case .attemptAnswered, .attemptTimedOut:
                if var request = pending[e.request] {
                    let window = request.sent.first { $0.attempt == Int(e.attempt) }?.window
                    request.answered.append(exchange(e, request, window: window, final: false))
                    pending[e.request] = request
                    if e.kind == .attemptTimedOut { late[lateKey(e)] = request }
                } else if let request = late.removeValue(forKey: lateKey(e)) {
                    let window = request.sent.first { $0.attempt == Int(e.attempt) }?.window
                    try writer.write(exchange(e, request, window: window, final: false))
                }
            case .requestCompleted:
                guard let request = pending.removeValue(forKey: e.request) else { continue }
                if request.answered.isEmpty || e.attempt == 0 {
                    try writer.write(ExchangeRecord(requestID: e.request, attempt: 0, route: request.route, template: request.template,
                                                    path: request.path, arrivedAt: request.arrivedAt, sentAt: nil, answeredAt: e.time,
                                                    cluster: nil, status: Int(e.status), outcome: Int(e.detail), chaosWindow: nil, final: true))
                } else {
                    let last = request.answered.count - 1
                    for (i, var row) in request.answered.enumerated() {
                        row.final = i == last
                        try writer.write(row)
                    }
                }
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

    private func exchange(_ e: LabEvent, _ request: PendingRequest, window: Int?, final: Bool) -> ExchangeRecord {
        ExchangeRecord(requestID: e.request, attempt: Int(e.attempt), route: request.route, template: request.template,
                       path: request.path, arrivedAt: request.arrivedAt, sentAt: e.time - e.value, answeredAt: e.time,
                       cluster: Int(e.subject), status: Int(e.status), outcome: Int(e.detail), chaosWindow: window, final: final)
    }

    /// Answers to requests still in flight at the end are kept too (none of them final).
    private func flushUnfinished() throws {
        for id in pending.keys.sorted() {
            for row in pending[id]!.answered { try writer.write(row) }
        }
        pending.removeAll()
    }
}
