/// A rule that sends matching requests to one or more clusters.
public struct RouteSpec: Sendable, Equatable {
    /// Clusters one route may list: the router tracks the clusters a request tried in 64 bits.
    public static let maximumClusters = 64

    public var name: String
    /// Path glob: `*` matches any run of characters (slashes included); `{name}` matches one segment.
    public var pathPattern: String
    /// Nil matches every method.
    public var method: String?
    /// Cluster names, in balancing order.
    public var clusters: [String]
    public var balancer: BalancerKind
    /// Relative weights for `.weighted`, one per cluster; empty otherwise.
    public var weights: [Double]
    public var retry: RetryPolicySpec
    /// Per-attempt deadline; nil waits for every answer.
    public var timeout: TimeSpan?

    public init(name: String, pathPattern: String, method: String? = nil, clusters: [String],
                balancer: BalancerKind = .roundRobin, weights: [Double] = [], retry: RetryPolicySpec = .none,
                timeout: TimeSpan? = nil) {
        self.name = name
        self.pathPattern = pathPattern
        self.method = method
        self.clusters = clusters
        self.balancer = balancer
        self.weights = weights
        self.retry = retry
        self.timeout = timeout
    }
}

/// How a route picks among its clusters. Every balancer skips clusters whose breaker refuses the call.
public enum BalancerKind: String, Sendable, CaseIterable {
    case roundRobin = "round-robin"
    case weighted
    case random
    case leastOutstanding = "least-outstanding"
}

/// Which answers a route retries, and how often. Every retry goes to a cluster not yet tried.
public struct RetryPolicySpec: Sendable, Equatable {
    /// Retries after the first attempt (0: no retries).
    public var attempts: Int
    public var on: [RetryCondition]
    public init(attempts: Int, on: [RetryCondition]) { self.attempts = attempts; self.on = on }
    public static let none = RetryPolicySpec(attempts: 0, on: [])
}

/// An answer a retry policy may retry.
public enum RetryCondition: String, Sendable, CaseIterable {
    /// Any status from 500 to 599, whether a backend, the chaos or a full queue produced it.
    case serverError = "5xx"
    /// The attempt's deadline passed before an answer came.
    case timeout
}
