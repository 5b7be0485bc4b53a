/// One breaker's settings: which machine guards the cluster and how it is tuned.
///
/// - `count`: the lab's own count-window breaker (the reference workload's).
/// - `consecutive`: gobreaker's breaker (v1 and v2): consecutive or ratio trips, generations, lazy time.
/// - `window`: resilience4j's breaker: count- or time-based sliding windows, failure and slow-call rates,
///   forced, disabled and metrics-only states.
public enum BreakerPolicy: Sendable, Equatable {
    case count(CountBreakerPolicy)
    case consecutive(ConsecutiveBreakerPolicy)
    case window(WindowBreakerPolicy)

    /// The type's name as scenario files write it.
    public var typeName: String {
        switch self {
        case .count: return "count"
        case .consecutive: return "consecutive"
        case .window: return "window"
        }
    }
}

/// The breakers of a scenario: an optional default for every cluster and per-cluster overrides.
/// A cluster with neither has no breaker (it always admits).
public struct BreakerPolicies: Sendable, Equatable {
    public var defaultPolicy: BreakerPolicy?
    /// Overrides by cluster name, in file order.
    public var overrides: [(cluster: String, policy: BreakerPolicy)]

    public init(defaultPolicy: BreakerPolicy? = nil, overrides: [(cluster: String, policy: BreakerPolicy)] = []) {
        self.defaultPolicy = defaultPolicy
        self.overrides = overrides
    }

    /// The policy that guards the named cluster, if any.
    public func policy(for cluster: String) -> BreakerPolicy? {
        overrides.first { $0.cluster == cluster }?.policy ?? defaultPolicy
    }

    public static func == (lhs: BreakerPolicies, rhs: BreakerPolicies) -> Bool {
        lhs.defaultPolicy == rhs.defaultPolicy
            && lhs.overrides.map(\.cluster) == rhs.overrides.map(\.cluster)
            && lhs.overrides.map(\.policy) == rhs.overrides.map(\.policy)
    }
}
