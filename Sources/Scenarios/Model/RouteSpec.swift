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
    /// The whole request's deadline, retries and hedges included (Envoy's route `timeout`): when
    /// it passes, the attempts in flight time out and the client gets 504. Nil: no deadline.
    public var timeout: TimeSpan?
    /// Each attempt's own deadline (Envoy's `per_try_timeout`): a timed-out attempt may be
    /// retried (`on: ["timeout"]`). Nil: attempts wait for their answer or the request's deadline.
    public var perTryTimeout: TimeSpan?
    /// Extra attempts sent while earlier ones are still out; the first acceptable answer wins.
    public var hedge: HedgeSpec?
    /// Answers kept and served without a backend while fresh.
    public var cache: CacheSpec?
    /// A token bucket in front of the route: a request without a token is answered 429.
    public var rateLimit: RateLimitSpec?
    /// `least-request`: hosts drawn per pick (Envoy's `choice_count`); nil: 2.
    public var choices: Int?
    /// `ring-hash`, `maglev`: where a request's hash comes from (Envoy's route `hash_policy`);
    /// nil, or a key the request lacks: the cluster is picked at random.
    public var hashKey: RouteHashKey?
    /// `ring-hash`: the fewest points on the ring (Envoy's `minimum_ring_size`); nil: 1024.
    public var minimumRingSize: Int?
    /// One priority per cluster, 0 the highest (Envoy's priority levels); empty: no tiers, no
    /// health tracking, every cluster a candidate.
    public var priorities: [Int]
    /// With `priorities`: Envoy's overprovisioning factor (a tier counts as fully healthy down to
    /// 1/factor of its clusters healthy); nil: 1.4.
    public var overprovisioning: Double?
    /// With `priorities`: the percent of a tier's clusters healthy below which the tier balances
    /// over all its clusters, health ignored (Envoy's panic threshold); nil: 50.
    public var panicThreshold: Double?

    public init(name: String, pathPattern: String, method: String? = nil, clusters: [String],
                balancer: BalancerKind = .roundRobin, weights: [Double] = [], retry: RetryPolicySpec = .none,
                timeout: TimeSpan? = nil, perTryTimeout: TimeSpan? = nil, hedge: HedgeSpec? = nil,
                cache: CacheSpec? = nil, rateLimit: RateLimitSpec? = nil, choices: Int? = nil, hashKey: RouteHashKey? = nil,
                minimumRingSize: Int? = nil, priorities: [Int] = [], overprovisioning: Double? = nil, panicThreshold: Double? = nil) {
        self.name = name
        self.pathPattern = pathPattern
        self.method = method
        self.clusters = clusters
        self.balancer = balancer
        self.weights = weights
        self.retry = retry
        self.timeout = timeout
        self.perTryTimeout = perTryTimeout
        self.hedge = hedge
        self.cache = cache
        self.rateLimit = rateLimit
        self.choices = choices
        self.hashKey = hashKey
        self.minimumRingSize = minimumRingSize
        self.priorities = priorities
        self.overprovisioning = overprovisioning
        self.panicThreshold = panicThreshold
    }

    /// Whether an attempt that never answers is ended: by the request's deadline, or by the
    /// per-try timeout unless a hedge without a delay turns that timeout into its trigger.
    public var endsUnansweredAttempts: Bool {
        timeout != nil || (perTryTimeout != nil && !(hedge != nil && hedge?.delay == nil))
    }
}

/// How a route picks among its clusters. Every balancer skips clusters whose breaker refuses the call.
public enum BalancerKind: String, Sendable, CaseIterable {
    case roundRobin = "round-robin"
    case weighted
    case random
    case leastOutstanding = "least-outstanding"
    /// Envoy's least request with equal weights: the least loaded of `choices` clusters drawn at random (P2C).
    case leastRequest = "least-request"
    /// Envoy's ring hash (ketama): a request's hash goes to the next cluster point on a ring.
    case ringHash = "ring-hash"
    /// Envoy's Maglev: a request's hash indexes a 65537-slot table the clusters share evenly.
    case maglev

    /// Whether the balancer picks by the request's hash (`hashKey`).
    public var hashesRequests: Bool { self == .ringHash || self == .maglev }
}

/// Where a hashing route balancer takes a request's key from (Envoy's route `hash_policy`).
public enum RouteHashKey: Sendable, Equatable {
    /// The value of the named header the request template sends (names compare case-insensitively).
    case header(String)
    /// The value of the named `{placeholder}` of the template's path.
    case pathParameter(String)
    /// The request's id: every request its own key, a request's retries the same one.
    case requestId
}

/// Which answers a route retries, how often, how long it waits before each retry and how many
/// retries may run at once. A retry goes to a cluster the request has not tried yet, unless
/// `sameCluster` allows any.
public struct RetryPolicySpec: Sendable, Equatable {
    /// Retries after the first attempt (0: no retries).
    public var attempts: Int
    /// The answers retried (Envoy's `retry_on`, its retriable statuses and gRPC codes).
    public var on: RetryOn
    /// Whether a retry may go to a cluster this request already tried (Envoy's default, which
    /// its `previous_hosts` predicate turns off); the lab's default is a fresh cluster.
    public var sameCluster: Bool
    /// The wait before each retry; nil retries at once (Envoy always waits, 25ms base by default).
    public var backoff: BackoffSpec?
    /// The cap on concurrent retries relative to the route's requests in flight; nil: none.
    public var budget: RetryBudgetSpec?

    public init(attempts: Int, on: RetryOn, sameCluster: Bool = false, backoff: BackoffSpec? = nil, budget: RetryBudgetSpec? = nil) {
        self.attempts = attempts
        self.on = on
        self.sameCluster = sameCluster
        self.backoff = backoff
        self.budget = budget
    }

    /// A policy written with the lab's first two conditions, `5xx` and `timeout`, with the meaning
    /// they had (see `RetryOn(legacy:)`).
    public init(attempts: Int, on conditions: [RetryCondition], sameCluster: Bool = false,
                backoff: BackoffSpec? = nil, budget: RetryBudgetSpec? = nil) {
        self.init(attempts: attempts, on: RetryOn(legacy: conditions), sameCluster: sameCluster, backoff: backoff, budget: budget)
    }

    public static let none = RetryPolicySpec(attempts: 0, on: RetryOn.none)
}

/// An answer a retry policy may retry.
public enum RetryCondition: String, Sendable, CaseIterable {
    /// Any status from 500 to 599, whether a backend, the chaos or a full queue produced it.
    case serverError = "5xx"
    /// The attempt's deadline passed before an answer came.
    case timeout
}
