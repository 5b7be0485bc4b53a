import Scenarios

/// What a WebSocket message event says about the message.
public enum SessionMessageKind: Int32, Sendable, CaseIterable {
    case clientDelivered = 0, clientDropped = 1, serverReply = 2, serverPush = 3, serverOnConnect = 4
}

/// Who ended a WebSocket session.
public enum SessionInitiator: Int32, Sendable, CaseIterable {
    case client = 0, server = 1, abnormal = 2
}

/// An attempt's answer, as the trace holds it.
public struct AttemptAnswerView: Sendable, Equatable {
    public var cluster: Int32
    public var request: Int64
    public var attempt: UInt8
    public var status: Int16
    public var outcome: Outcome
    /// Time from sending the attempt to its answer, in nanoseconds.
    public var latency: Int64
    /// The answer came after the attempt's deadline: the request had already moved on.
    public var late: Bool
}

/// A client request's answer, as the trace holds it.
public struct RequestCompletionView: Sendable, Equatable {
    public var route: Int32
    public var request: Int64
    /// Attempts sent; 0 when no cluster's breaker admitted the request.
    public var attempts: UInt8
    public var status: Int16
    public var outcome: Outcome
    public var latency: Int64
}

/// One event, decoded: the only way consumers (metrics, the recorder, reports) read events.
public enum LabEventView: Sendable, Equatable {
    case requestArrived(route: Int32, request: Int64, template: Int32, parameter: Int64)
    case attemptSent(cluster: Int32, request: Int64, attempt: UInt8, chaosWindow: Int32?)
    case attemptAnswered(AttemptAnswerView)
    /// `hung`: chaos held the attempt, so no answer will ever come (otherwise a late one may).
    case attemptTimedOut(cluster: Int32, request: Int64, attempt: UInt8, latency: Int64, hung: Bool)
    case requestCompleted(RequestCompletionView)
    case breakerTransition(cluster: Int32, from: BreakerState, to: BreakerState)
    case chaosBegan(window: Int32, target: Int32)
    case chaosEnded(window: Int32, target: Int32)
    case sessionMessage(cluster: Int32, request: Int64, kind: SessionMessageKind, messageIndex: Int64)
    case sessionClosed(cluster: Int32, request: Int64, code: UInt16, initiator: SessionInitiator, length: Int64)
    /// An operation on a cluster's breaker (an action, a script's step, the API); `refused` when it
    /// was not applied (the state is unchanged).
    case breakerOperation(cluster: Int32, operation: BreakerOperation, refused: BreakerOperationError?)
    /// Outlier detection took a backend out of its cluster's balancing until `until`; `ejections`
    /// counts this backend's ejections so far, this one included.
    case backendEjected(cluster: Int32, backend: Int32, reason: EjectionReason, ejections: Int32, until: Int64)
    /// An ejected backend's ejection time ended: it takes traffic again.
    case backendReturned(cluster: Int32, backend: Int32)
    /// A hedged attempt lost the race and was abandoned `latency` after it was sent.
    case attemptCancelled(cluster: Int32, request: Int64, attempt: UInt8, latency: Int64)
    /// The lab (`cluster` -1) or one cluster switched mode; `entry` is the index of the scenario's
    /// `modes` entry that did it, or -1 when an API call did.
    case modeSwitched(cluster: Int32, mode: ModeKind, entry: Int32)
}

/// The packing of every kind, in one place: constructors for producers, `view` for consumers.
extension LabEvent {
    private static let lateFlag: Int32 = 0x100
    private static let hungFlag: Int32 = 0x200

    @inline(__always)
    static func requestArrived(at time: Int64, route: Int32, request: Int64, template: Int32, parameter: Int64) -> LabEvent {
        LabEvent(time: time, kind: .requestArrived, subject: route, request: request, detail: template, value: parameter)
    }

    @inline(__always)
    static func attemptSent(at time: Int64, cluster: Int32, request: Int64, attempt: UInt8, chaosWindow: Int32?,
                            hedged: Bool = false) -> LabEvent {
        LabEvent(time: time, kind: .attemptSent, subject: cluster, request: request, attempt: attempt, status: hedged ? 1 : 0,
                 detail: chaosWindow.map { $0 + 1 } ?? 0)
    }

    /// Whether an `attemptSent` event is a hedge (sent beside earlier attempts, not after a failure).
    public var hedged: Bool { kind == .attemptSent && status == 1 }

    @inline(__always)
    static func attemptAnswered(at time: Int64, _ a: AttemptAnswerView) -> LabEvent {
        LabEvent(time: time, kind: .attemptAnswered, subject: a.cluster, request: a.request, attempt: a.attempt, status: a.status,
                 detail: a.outcome.rawValue | (a.late ? lateFlag : 0), value: a.latency)
    }

    @inline(__always)
    static func attemptTimedOut(at time: Int64, cluster: Int32, request: Int64, attempt: UInt8, latency: Int64, hung: Bool) -> LabEvent {
        LabEvent(time: time, kind: .attemptTimedOut, subject: cluster, request: request, attempt: attempt, status: 504,
                 detail: Outcome.timeout.rawValue | (hung ? hungFlag : 0), value: latency)
    }

    @inline(__always)
    static func requestCompleted(at time: Int64, _ c: RequestCompletionView) -> LabEvent {
        LabEvent(time: time, kind: .requestCompleted, subject: c.route, request: c.request, attempt: c.attempts, status: c.status,
                 detail: c.outcome.rawValue, value: c.latency)
    }

    static func breakerTransition(at time: Int64, cluster: Int32, from: BreakerState, to: BreakerState) -> LabEvent {
        LabEvent(time: time, kind: .breakerTransition, subject: cluster, detail: Int32(from.rawValue) << 8 | Int32(to.rawValue))
    }

    static func chaosBegan(at time: Int64, window: Int32, target: Int32) -> LabEvent {
        LabEvent(time: time, kind: .chaosBegan, subject: window, detail: target)
    }

    static func chaosEnded(at time: Int64, window: Int32, target: Int32) -> LabEvent {
        LabEvent(time: time, kind: .chaosEnded, subject: window, detail: target)
    }

    static func sessionMessage(at time: Int64, cluster: Int32, request: Int64, kind: SessionMessageKind, messageIndex: Int64 = 0) -> LabEvent {
        LabEvent(time: time, kind: .sessionMessage, subject: cluster, request: request, detail: kind.rawValue, value: messageIndex)
    }

    static func sessionClosed(at time: Int64, cluster: Int32, request: Int64, code: UInt16, initiator: SessionInitiator, length: Int64) -> LabEvent {
        LabEvent(time: time, kind: .sessionClosed, subject: cluster, request: request, status: Int16(bitPattern: code),
                 detail: initiator.rawValue, value: length)
    }

    static func breakerOperation(at time: Int64, cluster: Int32, operation: BreakerOperation, refused: BreakerOperationError?) -> LabEvent {
        var wait: Int64 = 0
        if case .transitionToOpenFor(let w) = operation { wait = w }
        let code = Int32(BreakerOperation.names.firstIndex(of: operation.name) ?? 0)
        return LabEvent(time: time, kind: .breakerOperation, subject: cluster, detail: code << 8 | Int32(refused.map { $0.rawValue + 1 } ?? 0), value: wait)
    }

    static func backendEjected(at time: Int64, cluster: Int32, backend: Int32, reason: EjectionReason, ejections: Int32, until: Int64) -> LabEvent {
        LabEvent(time: time, kind: .backendEjected, subject: cluster, request: Int64(backend), detail: reason.rawValue << 24 | (ejections & 0xFF_FFFF),
                 value: until)
    }

    static func backendReturned(at time: Int64, cluster: Int32, backend: Int32) -> LabEvent {
        LabEvent(time: time, kind: .backendReturned, subject: cluster, request: Int64(backend))
    }

    static func attemptCancelled(at time: Int64, cluster: Int32, request: Int64, attempt: UInt8, latency: Int64) -> LabEvent {
        LabEvent(time: time, kind: .attemptCancelled, subject: cluster, request: request, attempt: attempt,
                 detail: Outcome.cancelled.rawValue, value: latency)
    }

    static func modeSwitched(at time: Int64, cluster: Int32, mode: ModeKind, entry: Int32) -> LabEvent {
        LabEvent(time: time, kind: .modeSwitched, subject: cluster, detail: mode.rawValue, value: Int64(entry))
    }

    /// The event's fields under the names its kind gives them.
    @inline(__always)
    public var view: LabEventView {
        switch kind {
        case .requestArrived:
            return .requestArrived(route: subject, request: request, template: detail, parameter: value)
        case .attemptSent:
            return .attemptSent(cluster: subject, request: request, attempt: attempt, chaosWindow: detail > 0 ? detail - 1 : nil)
        case .attemptAnswered:
            return .attemptAnswered(AttemptAnswerView(cluster: subject, request: request, attempt: attempt, status: status,
                                                      outcome: Outcome(rawValue: detail & 0xFF) ?? .internalError, latency: value,
                                                      late: detail & Self.lateFlag != 0))
        case .attemptTimedOut:
            return .attemptTimedOut(cluster: subject, request: request, attempt: attempt, latency: value, hung: detail & Self.hungFlag != 0)
        case .requestCompleted:
            return .requestCompleted(RequestCompletionView(route: subject, request: request, attempts: attempt, status: status,
                                                           outcome: Outcome(rawValue: detail) ?? .internalError, latency: value))
        case .breakerTransition:
            return .breakerTransition(cluster: subject, from: BreakerState(rawValue: UInt8(truncatingIfNeeded: detail >> 8)) ?? .closed,
                                      to: BreakerState(rawValue: UInt8(truncatingIfNeeded: detail)) ?? .closed)
        case .chaosBegan:
            return .chaosBegan(window: subject, target: detail)
        case .chaosEnded:
            return .chaosEnded(window: subject, target: detail)
        case .sessionMessage:
            return .sessionMessage(cluster: subject, request: request, kind: SessionMessageKind(rawValue: detail) ?? .clientDelivered,
                                   messageIndex: value)
        case .sessionClosed:
            return .sessionClosed(cluster: subject, request: request, code: UInt16(bitPattern: status),
                                  initiator: SessionInitiator(rawValue: detail) ?? .abnormal, length: value)
        case .breakerOperation:
            let name = BreakerOperation.names[Int(detail >> 8) % BreakerOperation.names.count]
            let refusal = UInt8(truncatingIfNeeded: detail & 0xFF)
            return .breakerOperation(cluster: subject, operation: BreakerOperation(name: name, wait: TimeSpan(nanoseconds: value)) ?? .reset,
                                     refused: refusal == 0 ? nil : BreakerOperationError(rawValue: refusal - 1))
        case .backendEjected:
            return .backendEjected(cluster: subject, backend: Int32(truncatingIfNeeded: request),
                                   reason: EjectionReason(rawValue: detail >> 24) ?? .consecutive5xx, ejections: detail & 0xFF_FFFF, until: value)
        case .backendReturned:
            return .backendReturned(cluster: subject, backend: Int32(truncatingIfNeeded: request))
        case .attemptCancelled:
            return .attemptCancelled(cluster: subject, request: request, attempt: attempt, latency: value)
        case .modeSwitched:
            return .modeSwitched(cluster: subject, mode: ModeKind(rawValue: detail) ?? .healthy, entry: Int32(truncatingIfNeeded: value))
        }
    }
}
