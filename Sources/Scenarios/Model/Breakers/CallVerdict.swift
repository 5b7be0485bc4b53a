/// How one call ended, as a breaker judges it.
public enum CallVerdict: String, Sendable, CaseIterable, CustomStringConvertible {
    case success
    case failure
    /// Neither: gobreaker's exclusion, resilience4j's ignored exception (not buffered; a half-open
    /// permit is given back). The count breaker drops it.
    case ignored

    public var description: String { rawValue }
}
