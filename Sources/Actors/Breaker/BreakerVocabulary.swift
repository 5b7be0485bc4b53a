import Scenarios

/// Why a breaker refused a call.
public enum Refusal: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Open (or forced open): gobreaker's ErrOpenState, resilience4j's CallNotPermitted while open.
    case open
    /// Half-open with every trial taken: gobreaker's ErrTooManyRequests, resilience4j's
    /// CallNotPermitted while half-open.
    case tooManyRequests

    public var description: String { self == .open ? "open" : "too_many_requests" }
}

/// A breaker's answer to "may this call go through now?".
public struct Admission: Sendable, Equatable {
    /// Nil when admitted.
    public var refusal: Refusal?
    /// What the caller hands back with the call's result: gobreaker's generation (and bucket), so a
    /// result of an older generation is dropped. 0 for breakers that keep none.
    public var ticket: UInt64

    public init(refusal: Refusal?, ticket: UInt64 = 0) {
        self.refusal = refusal
        self.ticket = ticket
    }

    public var admitted: Bool { refusal == nil }

    public static func admitted(ticket: UInt64 = 0) -> Admission { Admission(refusal: nil, ticket: ticket) }
}

/// Why an operation was refused; the breaker's state is unchanged.
public enum BreakerOperationError: UInt8, Sendable, Error, CustomStringConvertible {
    /// The machine forbids this transition from its current state (resilience4j's
    /// IllegalStateTransitionException, e.g. closed → half-open).
    case illegalStateTransition
    /// This breaker type has no such state (forced open, disabled and metrics only are resilience4j's).
    case unsupportedOperation

    public var description: String { self == .illegalStateTransition ? "illegal_state_transition" : "unsupported_operation" }
}
