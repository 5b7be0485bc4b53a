/// Checks of a route's retry guards, hedge, cache and rate limit, and of a cluster's pool: the
/// numbers in range, and the combinations that could not work (a hedge with nothing to wait for,
/// a back-off cap below its base, more retries than clusters when each needs a fresh one).
extension ScenarioChecks {
    mutating func checkGuards(_ route: RouteSpec, _ path: String) {
        let retry = route.retry
        let count = route.clusters.count
        if !retry.sameCluster && retry.attempts > 0 && count > 0 && retry.attempts >= count {
            report("\(path).retries.attempts",
                   "each retry goes to a cluster not yet tried, so at most \(count - 1) retries fit \(count) cluster(s); found \(retry.attempts) (or set sameCluster: true)")
        }
        if retry.attempts > 0 && retry.on.isEmpty {
            report("\(path).retries.on", "expected at least one condition to retry on, found none: the \(retry.attempts) retries could never be sent")
        }
        if let backoff = retry.backoff {
            check(backoff.base, allowZero: false, "\(path).retries.backoff.base")
            check(backoff.max, allowZero: false, "\(path).retries.backoff.max")
            if backoff.max < backoff.base {
                report("\(path).retries.backoff.max", "expected at least the base (\(backoff.base)), found \(backoff.max)")
            }
        }
        if let budget = retry.budget {
            check(budget.percent, ScenarioLimits.budgetPercent, "\(path).retries.budget.percent")
            check(budget.minConcurrency, ScenarioLimits.minRetryConcurrency, "\(path).retries.budget.minConcurrency")
        }
        if let hedge = route.hedge {
            check(hedge.max, ScenarioLimits.hedgeMax, "\(path).hedge.max")
            if let delay = hedge.delay {
                check(delay, allowZero: false, "\(path).hedge.delay")
            } else if route.perTryTimeout == nil {
                report("\(path).hedge", "a hedge without a delay goes out at the per-try timeout, but the route has no perTryTimeout; give one or a delay")
            }
        }
        if let cache = route.cache {
            check(cache.ttl, allowZero: false, "\(path).cache.ttl")
            check(cache.capacity, ScenarioLimits.cacheCapacity, "\(path).cache.capacity")
        }
        if let limit = route.rateLimit {
            check(limit.rate, ScenarioLimits.rateLimitRate, "\(path).rateLimit.rate")
            check(limit.burst, ScenarioLimits.rateLimitBurst, "\(path).rateLimit.burst")
        }
    }

    mutating func checkPool(_ pool: PoolSpec, _ path: String) {
        check(pool.maxConnections, ScenarioLimits.poolConnections, "\(path).pool.maxConnections")
        check(pool.maxPendingRequests, ScenarioLimits.poolPending, "\(path).pool.maxPendingRequests")
        check(pool.maxRequests, ScenarioLimits.poolConnections, "\(path).pool.maxRequests")
        check(pool.maxRetries, ScenarioLimits.poolRetries, "\(path).pool.maxRetries")
    }
}
