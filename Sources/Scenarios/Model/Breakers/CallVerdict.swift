/// How one call ended, as a breaker judges it.
public enum CallVerdict: UInt8, Sendable, CaseIterable {
    case success
    case failure
    /// Neither: gobreaker's exclusion, resilience4j's ignored exception (not buffered; a half-open
    /// permit is given back). The count breaker drops it.
    case ignored
}

extension CallVerdict: CustomStringConvertible {
    public var description: String {
        switch self {
        case .success: return "success"
        case .failure: return "failure"
        case .ignored: return "ignored"
        }
    }
}
