/// A count-based circuit breaker's settings, as the reference workload defines them.
///
/// Closed: the last `windowSize` outcomes are kept; once at least `minimumCalls` are in the window and
/// the failure ratio reaches `failureRate`, it opens. Open: calls are refused for `openFor`; the first call
/// after that turns it half-open. Half-open: `halfOpenCalls` trial calls are admitted; when all have
/// answered it closes if their failure ratio is below `failureRate`, and opens again otherwise.
public struct BreakerPolicy: Sendable, Equatable {
    public var windowSize: Int
    public var minimumCalls: Int
    public var failureRate: Double
    public var openFor: TimeSpan
    public var halfOpenCalls: Int

    public init(windowSize: Int = 50, minimumCalls: Int = 20, failureRate: Double = 0.5,
                openFor: TimeSpan = .seconds(10), halfOpenCalls: Int = 5) {
        self.windowSize = windowSize
        self.minimumCalls = minimumCalls
        self.failureRate = failureRate
        self.openFor = openFor
        self.halfOpenCalls = halfOpenCalls
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
