import Protocols

/// Something that happened in a lab, at a virtual instant. The trace is the sequence of these;
/// its hash is the run's fingerprint, metrics and the recorder are computed from it.
///
/// Plain integers only (names are indices into the scenario's arrays), so emitting an event on
/// the hot path costs a few stores and hashing it is exact. The fields' meaning changes with the
/// kind: events are made by the constructors of `LabEvent+Views.swift` and read through `view`,
/// the one place that packs and unpacks them.
public struct LabEvent: Sendable, Hashable {
    /// What happened; `view` says what the other fields mean for each kind.
    public enum Kind: UInt8, Sendable, CaseIterable {
        case requestArrived, attemptSent, attemptAnswered, attemptTimedOut, requestCompleted
        case breakerTransition, chaosBegan, chaosEnded, sessionMessage, sessionClosed
        case breakerOperation
        case backendEjected, backendReturned, attemptCancelled, modeSwitched
    }

    public var time: Int64
    public var kind: Kind
    public var attempt: UInt8
    public var status: Int16
    public var subject: Int32
    public var detail: Int32
    public var request: Int64
    public var value: Int64

    init(time: Int64, kind: Kind, subject: Int32, request: Int64 = -1, attempt: UInt8 = 0,
                status: Int16 = 0, detail: Int32 = 0, value: Int64 = 0) {
        self.time = time
        self.kind = kind
        self.attempt = attempt
        self.status = status
        self.subject = subject
        self.detail = detail
        self.request = request
        self.value = value
    }
}

/// Why an attempt or a request ended as it did; also the `errors_total{type}` label (names from
/// the error classification the lab grew from). The same type as the responders' verdict reason.
public typealias Outcome = MockVerdict.Reason

extension MockVerdict.Reason {
    /// The label value used in metrics, reports and the recording.
    public var label: String {
        switch self {
        case .ok: return "ok"
        case .internalError: return "internal"
        case .chaos: return "chaos"
        case .serviceUnavailable: return "service_unavailable"
        case .timeout: return "timeout"
        case .circuitBreaker: return "circuit_breaker"
        case .overflow: return "overflow"
        case .rateLimit: return "rate_limit"
        case .reset: return "reset"
        case .refused: return "refused"
        case .protocolError: return "protocol_error"
        case .truncated: return "truncated"
        case .cancelled: return "cancelled"
        }
    }
}
