/// What the routing guards did over a run: hedges sent and cancelled, cache hits and misses,
/// rate-limited requests, pool overflows, and outlier ejections and returns. All zero for a run
/// whose routes and clusters declare none of them.
public struct RoutingCounts: Sendable, Equatable {
    public var hedges = 0
    /// Attempts cancelled because another attempt of their request answered first.
    public var cancelled = 0
    public var cacheHits = 0
    public var cacheMisses = 0
    /// Requests answered 429 by their route's rate limit.
    public var rateLimited = 0
    /// Requests answered 503 `overflow` by a cluster's pool.
    public var overflowed = 0
    public var ejections = 0
    public var returns = 0

    public init() {}

    /// Whether anything was counted (the report's line is left out otherwise).
    public var isEmpty: Bool { self == RoutingCounts() }
}
