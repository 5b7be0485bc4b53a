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

extension BreakerOperation {
    /// Every operation's name, in the order documentation lists them.
    public static let names = ["transition_to_open", "transition_to_open_for", "transition_to_half_open", "transition_to_closed",
                               "force_open", "disable", "metrics_only", "reset"]

    /// The operation a name spells; `wait` is what `transition_to_open_for` needs (nil for the others).
    public init?(name: String, wait: TimeSpan?) {
        switch name {
        case "transition_to_open": self = .transitionToOpen
        case "transition_to_open_for":
            guard let wait else { return nil }
            self = .transitionToOpenFor(wait: wait.nanoseconds)
        case "transition_to_half_open": self = .transitionToHalfOpen
        case "transition_to_closed": self = .transitionToClosed
        case "force_open": self = .forceOpen
        case "disable": self = .disable
        case "metrics_only": self = .metricsOnly
        case "reset": self = .reset
        default: return nil
        }
    }
}
