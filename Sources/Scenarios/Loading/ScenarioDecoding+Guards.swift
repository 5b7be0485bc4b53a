/// The guards a route or a cluster may declare: retry conditions, back-off and budget, hedging,
/// the response cache, the rate limit and the connection pool. Each object form has a bare form
/// for its one required value (`hedge: "30ms"`, `cache: "10s"`, `rateLimit: 100`, `budget: 0.2`).
extension ScenarioDecoding {
    static let retryKeys = ["attempts", "on", "sameCluster", "backoff", "budget"]

    /// `{ attempts, on, sameCluster, backoff, budget }`, all optional: no retries, `["5xx"]`, a fresh
    /// cluster, no back-off and no budget by default.
    func retryPolicy(_ node: JSON5Node, _ path: String) -> RetryPolicySpec? {
        guard let object = reader.object(node, path, known: Self.retryKeys) else { return nil }
        let sameCluster = object["sameCluster"].map { reader.bool($0, object.path("sameCluster")) } ?? false
        let attempts = object["attempts"].map { reader.integer($0, object.path("attempts"), ScenarioLimits.retries) } ?? 0
        let on = object["on"].map { retryOn($0, object.path("on")) } ?? RetryOn([.fiveXX])
        let backoff: BackoffSpec?? = object["backoff"].map { self.backoff($0, object.path("backoff")) }
        let budget: RetryBudgetSpec?? = object["budget"].map { self.budget($0, object.path("budget")) }
        guard let attempts, let on, let sameCluster else { return nil }
        if case .some(.none) = backoff { return nil }
        if case .some(.none) = budget { return nil }
        return RetryPolicySpec(attempts: attempts, on: on, sameCluster: sameCluster, backoff: backoff ?? nil, budget: budget ?? nil)
    }

    /// `on: ["5xx", "reset", 409, "unavailable"]`: Envoy's names and gRPC names, or statuses.
    func retryOn(_ node: JSON5Node, _ path: String) -> RetryOn? {
        guard let elements = reader.array(node, path) else { return nil }
        var on = RetryOn()
        var valid = true
        for (i, element) in elements.enumerated() {
            let itemPath = "\(path)[\(i)]"
            if case .number = element.value {
                guard let status = reader.integer(element, itemPath, ScenarioLimits.status) else { valid = false; continue }
                if !on.insert(status: status) {
                    reader.report(element.location, itemPath, "expected at most \(RetryOn.maximumStatuses) listed statuses")
                    valid = false
                }
            } else if let name = reader.choice(element, itemPath, RetryOnName.self) {
                on.insert(name)
            } else {
                valid = false
            }
        }
        return valid ? on : nil
    }

    /// `{ base, max }` (both optional: 25ms and 10 × base), or a bare duration for `base`.
    func backoff(_ node: JSON5Node, _ path: String) -> BackoffSpec? {
        if case .string = node.value {
            return reader.duration(node, path, allowZero: false).map { BackoffSpec(base: $0) }
        }
        guard let object = reader.object(node, path, known: ["base", "max"]) else { return nil }
        let base = object["base"].map { reader.duration($0, object.path("base"), allowZero: false) } ?? BackoffSpec.defaultBase
        let max: TimeSpan?? = object["max"].map { reader.duration($0, object.path("max"), allowZero: false) }
        guard let base else { return nil }
        if case .some(.none) = max { return nil }
        return BackoffSpec(base: base, max: max ?? nil)
    }

    /// `{ percent, minConcurrency }` (20 and 3 by default), or a bare fraction: `0.2` is 20%.
    func budget(_ node: JSON5Node, _ path: String) -> RetryBudgetSpec? {
        if case .number = node.value {
            return reader.number(node, path, ScenarioLimits.budgetFraction).map { RetryBudgetSpec(percent: $0 * 100) }
        }
        guard let object = reader.object(node, path, known: ["percent", "minConcurrency"]) else { return nil }
        let percent = object["percent"].map { reader.number($0, object.path("percent"), ScenarioLimits.budgetPercent) }
            ?? RetryBudgetSpec.defaultPercent
        let minimum = object["minConcurrency"].map { reader.integer($0, object.path("minConcurrency"), ScenarioLimits.minRetryConcurrency) }
            ?? RetryBudgetSpec.defaultMinConcurrency
        guard let percent, let minimum else { return nil }
        return RetryBudgetSpec(percent: percent, minConcurrency: minimum)
    }

    /// `{ delay, max }` (max 1 by default; no delay: at the per-try timeout), or a bare delay.
    func hedge(_ node: JSON5Node, _ path: String) -> HedgeSpec? {
        if case .string = node.value {
            return reader.duration(node, path, allowZero: false).map { HedgeSpec(delay: $0) }
        }
        guard let object = reader.object(node, path, known: ["delay", "max"]) else { return nil }
        let delay: TimeSpan?? = object["delay"].map { reader.duration($0, object.path("delay"), allowZero: false) }
        let max = object["max"].map { reader.integer($0, object.path("max"), ScenarioLimits.hedgeMax) } ?? HedgeSpec.defaultMax
        guard let max else { return nil }
        if case .some(.none) = delay { return nil }
        return HedgeSpec(delay: delay ?? nil, max: max)
    }

    /// `{ ttl, key, capacity }` (`key`: `"path"` or `{ header: NAME }`), or a bare `ttl`.
    func cache(_ node: JSON5Node, _ path: String) -> CacheSpec? {
        if case .string = node.value {
            return reader.duration(node, path, allowZero: false).map { CacheSpec(ttl: $0) }
        }
        guard let object = reader.object(node, path, known: ["ttl", "key", "capacity"]) else { return nil }
        let ttl = object.required("ttl", reader, expected: "a duration like \"30s\"").flatMap { reader.duration($0, object.path("ttl"), allowZero: false) }
        let capacity = object["capacity"].map { reader.integer($0, object.path("capacity"), ScenarioLimits.cacheCapacity) } ?? CacheSpec.defaultCapacity
        var key: CacheKey? = .path
        if let keyNode = object["key"] {
            key = cacheKey(keyNode, object.path("key"))
        }
        guard let ttl, let capacity, let key else { return nil }
        return CacheSpec(ttl: ttl, key: key, capacity: capacity)
    }

    private func cacheKey(_ node: JSON5Node, _ path: String) -> CacheKey? {
        if case .string(let text) = node.value {
            if text == "path" { return .path }
            reader.report(node.location, path, "expected \"path\" or { header: \"NAME\" }, found \"\(text)\"")
            return nil
        }
        guard let object = reader.object(node, path, known: ["header"]),
              let header = object.required("header", reader, expected: "a header name").flatMap({ reader.string($0, object.path("header")) })
        else { return nil }
        return .header(header.lowercased())
    }

    /// `{ rate, burst }` (burst: one second's worth by default), or a bare rate.
    func rateLimit(_ node: JSON5Node, _ path: String) -> RateLimitSpec? {
        if case .number = node.value {
            return reader.number(node, path, ScenarioLimits.rateLimitRate).map { RateLimitSpec(rate: $0) }
        }
        guard let object = reader.object(node, path, known: ["rate", "burst"]) else { return nil }
        let rate = object.required("rate", reader, expected: "tokens per second").flatMap { reader.number($0, object.path("rate"), ScenarioLimits.rateLimitRate) }
        let burst: Int?? = object["burst"].map { reader.integer($0, object.path("burst"), ScenarioLimits.rateLimitBurst) }
        guard let rate else { return nil }
        if case .some(.none) = burst { return nil }
        return RateLimitSpec(rate: rate, burst: burst ?? nil)
    }

    /// A cluster's `pool: { maxConnections, maxPendingRequests, maxRequests, maxRetries }`, Envoy's
    /// defaults (1024, 1024, 1024, 3) for each key left out.
    func pool(_ node: JSON5Node, _ path: String) -> PoolSpec? {
        guard let object = reader.object(node, path, known: ["maxConnections", "maxPendingRequests", "maxRequests", "maxRetries"]) else { return nil }
        let connections = object["maxConnections"].map { reader.integer($0, object.path("maxConnections"), ScenarioLimits.poolConnections) }
            ?? PoolSpec.defaultMaxConnections
        let pending = object["maxPendingRequests"].map { reader.integer($0, object.path("maxPendingRequests"), ScenarioLimits.poolPending) }
            ?? PoolSpec.defaultMaxPendingRequests
        let requests = object["maxRequests"].map { reader.integer($0, object.path("maxRequests"), ScenarioLimits.poolConnections) }
            ?? PoolSpec.defaultMaxRequests
        let retries = object["maxRetries"].map { reader.integer($0, object.path("maxRetries"), ScenarioLimits.poolRetries) }
            ?? PoolSpec.defaultMaxRetries
        guard let connections, let pending, let requests, let retries else { return nil }
        return PoolSpec(maxConnections: connections, maxPendingRequests: pending, maxRequests: requests, maxRetries: retries)
    }
}
