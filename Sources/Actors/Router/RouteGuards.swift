import Scenarios

/// The router's guards and their state: per route a rate limit, a response cache, the requests
/// and retries in flight (for a retry budget) and the back-off stream; per cluster a connection
/// pool with its pending attempts. Routes and clusters without a guard pay one nil test.
struct RouteGuards {
    var buckets: [TokenBucket?]
    var caches: [ResponseCache?]
    /// Per route: whether it has a rate limit or a cache (else nothing answers at the door).
    let guardsTheDoor: [Bool]
    /// Per route: whether it has a cache (tested without copying the cache).
    let caching: [Bool]
    /// Requests of each route in flight (a budget's "active requests").
    var active: [Int]
    /// Retries of each route in flight (a budget's "active retries").
    var activeRetries: [Int]
    /// Per route: the back-off draws, stream `retry:ROUTE`.
    var backoffRandom: [SeededGenerator]
    var pools: [ConnectionPool?]
    /// Per cluster: the attempts waiting for a connection, oldest first (stale ones skipped).
    var pending: [FIFOQueue<PendingAttempt>]

    init(scenario: Scenario, streams: SeededStreams) {
        buckets = scenario.routes.map { $0.rateLimit.map { TokenBucket($0) } }
        caches = scenario.routes.map { $0.cache.map(ResponseCache.init) }
        guardsTheDoor = scenario.routes.map { $0.rateLimit != nil || $0.cache != nil }
        caching = scenario.routes.map { $0.cache != nil }
        active = Array(repeating: 0, count: scenario.routes.count)
        activeRetries = active
        backoffRandom = scenario.routes.map { streams.generator("retry:\($0.name)") }
        pools = scenario.clusters.map { $0.pool.map(ConnectionPool.init) }
        pending = Array(repeating: FIFOQueue(), count: scenario.clusters.count)
        budgeted = scenario.routes.map { $0.retry.budget != nil }
    }

    /// What the route answers before any cluster is asked: 429 without a token (Envoy's local
    /// rate limit), or a fresh cached answer (with 0 attempts and outcome `ok`).
    mutating func answerAtTheDoor(route r: Int, _ route: CompiledRoute, template: Int32, parameter: Int64,
                                  now: Int64) -> (status: Int16, outcome: Outcome)? {
        if buckets[r] != nil, !buckets[r]!.tryTake(now: now) { return (429, .rateLimit) }
        if caches[r] != nil, let status = caches[r]!.lookup(key: route.cacheKey(template: template, parameter: parameter), now: now) {
            return (Int16(status), .ok)
        }
        return nil
    }

    /// Stores a request's answer in its route's cache when the answer may be stored.
    mutating func remember(route r: Int, _ route: CompiledRoute, _ request: RequestState, status: Int16, outcome: Outcome, now: Int64) {
        guard caching[r], outcome == .ok, ResponseCache.isCacheable(status: Int(status)) else { return }
        caches[r]!.store(key: route.cacheKey(template: request.template, parameter: request.parameter), status: Int(status), now: now)
    }

    /// Whether a retry to `cluster` may start: the cluster's pool counts retries against
    /// `maxRetries` (a route's budget, checked before the pick, replaces that threshold).
    mutating func startRetry(route r: Int, cluster c: Int) -> Bool {
        if pools[c] != nil, budgetless(r), !pools[c]!.tryStartRetry() { return false }
        activeRetries[r] += 1
        return true
    }

    mutating func retryFinished(route r: Int, cluster c: Int) {
        activeRetries[r] -= 1
        if pools[c] != nil, budgetless(r) { pools[c]!.retryFinished() }
    }

    /// Routes with a budget: their retries are counted by the budget, not the pool's `maxRetries`.
    private let budgeted: [Bool]
    private func budgetless(_ r: Int) -> Bool { !budgeted[r] }

    @inline(__always)
    mutating func admitToPool(cluster c: Int) -> ConnectionPool.Verdict {
        pools[c] == nil ? .proceed : pools[c]!.admit()
    }

    mutating func pend(_ attempt: PendingAttempt, cluster c: Int) { pending[c].append(attempt) }
}

/// An attempt waiting in its cluster's pool for a connection, with the admission its breaker gave.
struct PendingAttempt {
    var request: Int32
    var requestID: Int64
    var position: Int32
    var ticket: UInt64
    var kind: AttemptKind
}
