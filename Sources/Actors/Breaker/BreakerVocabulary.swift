/// How one call ended, as a breaker judges it.
public enum CallVerdict: UInt8, Sendable, CaseIterable {
    case success
    case failure
    /// Neither: gobreaker's exclusion, resilience4j's ignored exception (not buffered; a half-open
    /// permit is given back). The count breaker drops it.
    case ignored
}

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

/// An operation on a breaker from outside: a scenario's `actions`, a script's `op` step, the Swift API,
/// the daemon's `/circuit-breakers`. Names and rules are resilience4j's.
public enum BreakerOperation: Sendable, Equatable {
    case transitionToOpen
    /// Open for `wait` nanoseconds instead of the policy's wait (resilience4j keeps the attempt count).
    case transitionToOpenFor(wait: Int64)
    case transitionToHalfOpen
    case transitionToClosed
    case forceOpen
    case disable
    case metricsOnly
    /// A fresh closed breaker with empty metrics.
    case reset

    /// The operation's name as scenario files and the API write it.
    public var name: String {
        switch self {
        case .transitionToOpen: return "transition_to_open"
        case .transitionToOpenFor: return "transition_to_open_for"
        case .transitionToHalfOpen: return "transition_to_half_open"
        case .transitionToClosed: return "transition_to_closed"
        case .forceOpen: return "force_open"
        case .disable: return "disable"
        case .metricsOnly: return "metrics_only"
        case .reset: return "reset"
        }
    }
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
